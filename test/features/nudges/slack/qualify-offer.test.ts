import { describe, expect, it } from 'vitest';
import { buildLeadsList, leadActions } from '../../../../src/features/nudges/slack/blocks.ts';
import { QUALIFY_LEAD_ACTION, relayRowOffers } from '../../../../src/shared/relay/actions.ts';
import { classifyLead } from '../../../../src/shared/sla/lead-clock.ts';
import { defaultSlaPolicy } from '../../../../src/shared/sla/sla-policy.ts';
import { at, leadId, makeLead, sfDateTime } from '../fixtures.ts';

/*
 * Lead rows offer the relay's Qualify only when the relay runs (its policy section is present) and
 * the lead is raw (an untouched SLA status, not converted): a worked lead is past qualifying from a
 * nudge, and without the relay there is nothing to open.
 */

const policy = defaultSlaPolicy();
const instanceUrl = 'https://acme.my.salesforce.com';
const raw = makeLead({
  Id: leadId(1),
  Status: 'Open - Not Contacted',
  CreatedDate: sfDateTime('2026-11-23T14:00:00Z'),
});
const worked = makeLead({
  Id: leadId(2),
  Status: 'Working - Contacted',
  CreatedDate: sfDateTime('2026-11-23T14:00:00Z'),
});
const on = relayRowOffers({ relay: {} });
const off = relayRowOffers({});

const actionIds = (block: { elements: { action_id?: string }[] }) => block.elements.map((e) => e.action_id);

describe('Qualify on lead rows', () => {
  it('is offered on a raw lead when the relay runs, and carries the lead Id', () => {
    const row = leadActions(raw, 'digest-1', instanceUrl, policy, on);
    expect(actionIds(row)).toContain(QUALIFY_LEAD_ACTION);
    expect(row.elements.find((e) => e.action_id === QUALIFY_LEAD_ACTION)).toMatchObject({
      type: 'button',
      text: { text: 'Qualify' },
      value: raw.Id,
    });
  });

  it('is not offered on a worked or converted lead, nor without the relay', () => {
    expect(actionIds(leadActions(worked, null, instanceUrl, policy, on))).not.toContain(QUALIFY_LEAD_ACTION);
    const converted = { ...raw, IsConverted: true };
    expect(actionIds(leadActions(converted, null, instanceUrl, policy, on))).not.toContain(
      QUALIFY_LEAD_ACTION,
    );
    expect(actionIds(leadActions(raw, null, instanceUrl, policy, off))).not.toContain(QUALIFY_LEAD_ACTION);
    expect(actionIds(leadActions(raw, null, instanceUrl, policy))).not.toContain(QUALIFY_LEAD_ACTION);
  });

  it('reaches the /leads and Home list rows', () => {
    const now = at('2026-11-25T00:00:00Z');
    const items = [raw, worked].map((lead) => ({
      lead,
      clock: classifyLead({ lead, touches: [] }, { ownerTimeZone: 'UTC', policy, now }),
    }));
    const blocks = JSON.stringify(buildLeadsList(items, instanceUrl, policy, { offers: on }).blocks);
    expect(blocks.match(new RegExp(QUALIFY_LEAD_ACTION.replace('.', '\\.'), 'g'))).toHaveLength(1);
  });
});
