import { describe, expect, it } from 'vitest';
import {
  buildLeadsList,
  buildRepDigest,
  decodeActionValue,
  encodeActionValue,
  LIMITS,
  NUDGE_ACTIONS,
} from '../../../../src/features/nudges/slack/blocks.ts';
import { selectDigestLeads, type ClockedLead } from '../../../../src/features/nudges/domain/digest.ts';
import { classifyLead } from '../../../../src/shared/sla/lead-clock.ts';
import { followUpMetrics } from '../../../../src/shared/sla/follow-up-metrics.ts';
import { weekOverWeek } from '../../../../src/features/nudges/domain/trends.ts';
import {
  buildDisqualifyModal,
  buildRateQualityModal,
  readDisqualifySubmission,
  readRateQualitySubmission,
} from '../../../../src/features/nudges/slack/modals.ts';
import {
  buildFollowUpReport,
  buildWeeklyMarketingDigest,
} from '../../../../src/features/nudges/slack/report-blocks.ts';
import {
  buildManagerEscalation,
  buildRepLeadsModal,
} from '../../../../src/features/nudges/slack/escalation-blocks.ts';
import { defaultSlaPolicy, slaPolicySchema } from '../../../../src/shared/sla/sla-policy.ts';
import { mrkdwnEscape, truncate } from '../../../../src/platform/slack/text.ts';
import { at, leadId, makeLead, makeUser, sfDateTime, userId } from '../fixtures.ts';

const policy = defaultSlaPolicy();
const instanceUrl = 'https://acme.my.salesforce.com';
const now = at('2026-11-27T16:00:00Z');
const EVIL = '<script>alert(1)</script> & <@U123> <!channel>';

function manyLeads(count: number): ClockedLead[] {
  return Array.from({ length: count }, (_, i) => {
    const lead = makeLead({
      Id: leadId(i + 1),
      Name: `${EVIL} ${'very long name '.repeat(i % 3 === 0 ? 40 : 1)}${i}`,
      Company: i % 2 === 0 ? `${EVIL} Corp` : null,
      OwnerId: userId((i % 7) + 1),
      LeadSource: ['Web', 'Webinar', 'Trade Show', null][i % 4] ?? null,
      CreatedDate: sfDateTime(new Date(Date.UTC(2026, 10, 2 + (i % 20), 14)).toISOString()),
    });
    return {
      lead,
      clock: classifyLead({ lead, touches: [] }, { ownerTimeZone: 'America/New_York', policy, now }),
    };
  });
}

/** Every text Slack would render, with the limit that applies to it. */
function checkLimits(blocks: readonly unknown[], maxBlocks: number = LIMITS.blocksPerMessage): void {
  expect(blocks.length).toBeLessThanOrEqual(maxBlocks);
  const json = JSON.stringify(blocks);
  expect(json).not.toContain('<script>');
  expect(json).not.toContain('<!channel>');
  for (const block of blocks as Array<Record<string, unknown>>) {
    const text = (block['text'] as { text?: string } | undefined)?.text ?? '';
    expect(text.length).toBeLessThanOrEqual(
      block['type'] === 'header' ? LIMITS.headerText : LIMITS.sectionText,
    );
    for (const field of (block['fields'] as Array<{ text: string }> | undefined) ?? []) {
      expect(field.text.length).toBeLessThanOrEqual(2000);
    }
    const elements = (block['elements'] as Array<Record<string, unknown>> | undefined) ?? [];
    expect(elements.length).toBeLessThanOrEqual(block['type'] === 'context' ? 10 : 25);
    for (const element of elements) {
      if (element['type'] === 'button') {
        expect((element['text'] as { text: string }).text.length).toBeLessThanOrEqual(LIMITS.buttonText);
        expect(String(element['value']).length).toBeLessThanOrEqual(LIMITS.buttonValue);
      }
      if (typeof element['action_id'] === 'string')
        expect(element['action_id'].length).toBeLessThanOrEqual(255);
    }
    if (typeof block['block_id'] === 'string') expect(block['block_id'].length).toBeLessThanOrEqual(255);
  }
  const blockIds = (blocks as Array<{ block_id?: string }>).map((b) => b.block_id).filter(Boolean);
  expect(new Set(blockIds).size).toBe(blockIds.length);
}

describe('text helpers', () => {
  it('escapes the three mrkdwn control characters', () => {
    expect(mrkdwnEscape('<script>&')).toBe('&lt;script&gt;&amp;');
    expect(mrkdwnEscape('a &amp; b')).toBe('a &amp;amp; b');
  });

  it('truncates by code points with an ellipsis', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('😀😀😀', 2)).toBe('😀…');
    expect(truncate('abc', 3)).toBe('abc');
  });
});

describe('action values', () => {
  it('round-trips compactly and rejects tampered values', () => {
    const value = encodeActionValue({
      leadId: leadId(1),
      digestId: 'digest-U1-2026-11-24T14-15',
      snoozeDays: 3,
    });
    expect(value).toBe(`${leadId(1)}|digest-U1-2026-11-24T14-15|3`);
    expect(decodeActionValue(value)).toEqual({
      leadId: leadId(1),
      digestId: 'digest-U1-2026-11-24T14-15',
      snoozeDays: 3,
    });
    expect(encodeActionValue({ leadId: leadId(1) })).toBe(leadId(1));
    expect(decodeActionValue(leadId(1))).toEqual({ leadId: leadId(1), digestId: null, snoozeDays: null });
    expect(decodeActionValue("00Q' OR Id!=''")).toBeNull();
    expect(decodeActionValue(`${leadId(1)}|x|y|z`)).toBeNull();
    expect(() => encodeActionValue({ leadId: 'nope' })).toThrow(RangeError);
  });
});

describe('rep digest', () => {
  it('stays within Block Kit limits for 500 leads and escapes names', () => {
    const selection = selectDigestLeads(manyLeads(500), slaPolicySchema.parse({ nudges: { topLeads: 20 } }));
    const message = buildRepDigest({
      selection,
      digestId: 'digest-U1-2026-11-27T16-00',
      instanceUrl,
      policy,
    });
    checkLimits(message.blocks);
    const json = JSON.stringify(message.blocks);
    expect(json).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;@U123&gt;');
    expect(json).toContain('…and 480 more leads — see App Home');
    expect(json).toContain(`${instanceUrl}/lightning/r/Lead/${leadId(1)}/view`);
  });

  it('gives each lead the six actions with stable ids and the lead id in the value', () => {
    const selection = selectDigestLeads(manyLeads(3), policy);
    const message = buildRepDigest({ selection, digestId: 'd-1', instanceUrl, policy });
    const actions = message.blocks.filter((b) => b.type === 'actions');
    expect(actions).toHaveLength(3);
    const elements = (actions[0] as unknown as { elements: Array<Record<string, unknown>> }).elements;
    expect(elements.map((e) => e['action_id'])).toEqual([
      NUDGE_ACTIONS.logCall,
      NUDGE_ACTIONS.logEmail,
      NUDGE_ACTIONS.snooze,
      NUDGE_ACTIONS.disqualify,
      NUDGE_ACTIONS.rateQuality,
      NUDGE_ACTIONS.openInSalesforce,
    ]);
    const first = selection.leads[0]?.lead.Id ?? '';
    expect(decodeActionValue(String(elements[0]?.['value']))).toMatchObject({
      leadId: first,
      digestId: 'd-1',
    });
    const snooze = elements[2] as { options: Array<{ text: { text: string }; value: string }> };
    expect(snooze.options.map((o) => [o.text.text, decodeActionValue(o.value)?.snoozeDays])).toEqual([
      ['1 day', 1],
      ['3 days', 3],
      ['1 week', 7],
    ]);
    expect(elements[5]?.['url']).toBe(`${instanceUrl}/lightning/r/Lead/${first}/view`);
  });

  it('builds the /leads list within limits', () => {
    const list = buildLeadsList(manyLeads(500), instanceUrl, policy);
    expect(list.response_type).toBe('ephemeral');
    checkLimits(list.blocks);
  });

  it('says nothing is due, not that the rep has no open leads, when none is urgent', () => {
    const text = JSON.stringify(buildLeadsList([], instanceUrl, policy).blocks);
    expect(text).toContain('Nothing is overdue or due soon.');
    expect(text).not.toContain('no open leads');
  });

  it("keeps /leads' overflow pointing at App Home unless told where", () => {
    expect(JSON.stringify(buildLeadsList(manyLeads(30), instanceUrl, policy).blocks)).toContain(
      '…and 7 more leads — see App Home',
    );
    const elsewhere = buildLeadsList(manyLeads(30), instanceUrl, policy, { moreWhere: 'look elsewhere' });
    expect(JSON.stringify(elsewhere.blocks)).toContain('…and 7 more leads — look elsewhere');
  });
});

describe('modals', () => {
  const lead = makeLead({ Id: leadId(1), Name: EVIL });

  it('offers the policy reasons and reads a valid submission', () => {
    const modal = buildDisqualifyModal({ lead, digestId: 'd-1', policy });
    expect(modal.title.text.length).toBeLessThanOrEqual(LIMITS.viewTitle);
    expect(JSON.stringify(modal)).not.toContain('<script>');
    expect(JSON.stringify(modal)).toContain('Nurture later');
    expect(decodeActionValue(modal.private_metadata ?? '')).toMatchObject({ leadId: leadId(1) });
    const values = (reason: string) => ({
      disqualify_reason: { 'nudge.disqualify_reason': { selected_option: { value: reason } } },
    });
    expect(readDisqualifySubmission(values('No budget'), policy)).toEqual({
      ok: true,
      value: { reason: 'No budget', note: null },
    });
    expect(readDisqualifySubmission(values('Made up'), policy)).toMatchObject({
      ok: false,
      errors: { disqualify_reason: expect.any(String) },
    });
  });

  it('checks the quality reason belongs to the chosen rating', () => {
    const modal = buildRateQualityModal({ lead, digestId: null, policy });
    for (const text of [modal.title.text, modal.submit?.text ?? ''])
      expect(text.length).toBeLessThanOrEqual(LIMITS.viewTitle);
    const values = (rating: string, reason: string) => ({
      quality_rating: { 'nudge.quality_rating': { selected_option: { value: rating } } },
      quality_reason: { 'nudge.quality_reason': { selected_option: { value: reason } } },
    });
    expect(readRateQualitySubmission(values('bad', 'bad|No budget'), policy)).toEqual({
      ok: true,
      value: { rating: 'bad', reason: 'No budget' },
    });
    expect(readRateQualitySubmission(values('good', 'bad|No budget'), policy).ok).toBe(false);
    expect(readRateQualitySubmission(values('meh', 'good|Good fit'), policy).ok).toBe(false);
  });
});

describe('manager and marketing reports', () => {
  const leads = manyLeads(500);
  const users = Array.from({ length: 8 }, (_, i) =>
    makeUser({ Id: userId(i + 1), Name: `${EVIL} rep ${i}` }),
  );

  it('builds the escalation digest within limits', () => {
    const escalated = leads.filter((l) => l.clock.escalate);
    expect(escalated.length).toBeGreaterThan(100);
    const message = buildManagerEscalation({
      leads: escalated,
      instanceUrl,
      names: { users: Object.fromEntries(users.map((u) => [u.Id, u.Name])) },
    });
    checkLimits(message.blocks);
    expect(JSON.stringify(message.blocks)).toMatch(/…and \d+ more/);
  });

  it('keeps an escalation of many reps, and a rep list of hundreds of leads, within limits', () => {
    const escalated = leads.filter((l) => l.clock.escalate);
    // Sixty reps with a lead or more each: more rep sections than a message holds.
    const spread = escalated.map((item, i) => ({
      ...item,
      lead: { ...item.lead, OwnerId: userId(100 + (i % 60)) },
    }));
    const message = buildManagerEscalation({ leads: spread, instanceUrl });
    checkLimits(message.blocks);
    const buttons = message.blocks.filter(
      (b) =>
        b.type === 'section' &&
        b.accessory?.type === 'button' &&
        b.accessory.action_id === NUDGE_ACTIONS.openRepLeads,
    );
    expect(buttons.length).toBeGreaterThan(40);
    expect(JSON.stringify(message.blocks)).toMatch(/…and \d+ more reps/);
    const modal = buildRepLeadsModal({ repName: EVIL, leads: escalated, instanceUrl });
    checkLimits(modal.blocks, LIMITS.blocksPerView);
    expect(modal.title.text.length).toBeLessThanOrEqual(LIMITS.viewTitle);
  });

  it('builds the weekly marketing digest and /followup report with arrows', () => {
    const facts = leads.map(({ lead }) => ({ lead, touches: [] }));
    const current = followUpMetrics({ leads: facts, users, now, policy });
    const previous = followUpMetrics({ leads: facts.slice(0, 100), users, now, policy });
    const change = weekOverWeek(current, previous);
    const weekly = buildWeeklyMarketingDigest({ weekLabel: 'Nov 16 – Nov 22', report: current, change });
    checkLimits(weekly.blocks);
    expect(JSON.stringify(weekly.blocks)).toMatch(/Stale leads now\*\\n\d+ ▲ \d+ :red_circle:/);
    const followUp = buildFollowUpReport({
      title: 'Team follow-up',
      report: current,
      change,
      names: { slackIds: { [userId(1)]: 'U0DEMOREP01' } },
    });
    checkLimits(followUp.blocks);
    expect(JSON.stringify(followUp.blocks)).toContain('<@U0DEMOREP01>');
  });
});
