import { describe, expect, it } from 'vitest';
import { elapsedText, type Arrival } from '../../../src/features/lead-queues/domain/arrival.ts';
import {
  checkClaim,
  writeFailedText,
  type ClaimFacts,
} from '../../../src/features/lead-queues/domain/claim.ts';
import type { Lead } from '../../../src/platform/salesforce/records.ts';
import { policySchema } from '../../../src/policy.ts';

describe('lead queues: pure parts', () => {
  it('says how long a lead waited to the precision a reader cares about', () => {
    expect(elapsedText(192_000)).toBe('3m 12s');
    expect(elapsedText(45_900)).toBe('45s');
    expect(elapsedText(-5)).toBe('0s');
    expect(elapsedText((2 * 3600 + 5 * 60 + 30) * 1000)).toBe('2h 5m');
    expect(elapsedText((27 * 3600 + 59 * 60) * 1000)).toBe('1d 3h');
  });

  it('fills in the claim SLA and refuses a queues policy it cannot follow, naming each problem', () => {
    const parsed = policySchema.parse({ queues: [{ queue: 'Inbound_Web', channel: '#inbound-web' }] });
    expect(parsed.queues).toEqual([{ queue: 'Inbound_Web', channel: '#inbound-web', claimSlaMinutes: 15 }]);
    expect(policySchema.parse({}).queues).toEqual([]);

    const result = policySchema.safeParse({
      queues: [
        { queue: 'Inbound_Web', channel: 'inbound web', manager: 'Priya' },
        { queue: 'inbound_web', channel: 'C012INBND1', claimSlaMinutes: 0 },
        { queue: ' ', channel: 'C012INBND1', claimsla: 5 },
      ],
    });
    expect(result.success).toBe(false);
    const problems = (result.error?.issues ?? []).map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^queues\.0\.channel: expected a Slack channel ID/),
        expect.stringMatching(/^queues\.0\.manager: expected an email, a Slack user ID/),
        expect.stringMatching(/^queues\.1\.claimSlaMinutes: /),
        expect.stringMatching(/^queues\.2\.queue: name the queue/),
        expect.stringMatching(/^queues\.2: .*claimsla/),
      ]),
    );
  });

  it('decides a click from what bullpen knows, refusals first, each saying why', () => {
    const arrival: Arrival = {
      id: 'a1',
      leadId: '00Q000000000001AAA',
      queueId: '00G000000000001EAA',
      queueName: 'Inbound Web',
      channel: 'C0DEMOINBND',
      claimSlaMinutes: 15,
      manager: null,
      arrivedAt: '2026-11-30T12:00:00.000Z',
      lead: { name: 'Quinn Doe', company: null, source: 'Web', createdAt: '2026-11-30T12:00:00.000Z' },
    };
    const lead = {
      Id: arrival.leadId,
      OwnerId: '00G000000000001',
      IsConverted: false,
      IsDeleted: false,
    } as Lead;
    const base: ClaimFacts = {
      arrival,
      lead,
      existing: null,
      salesforceUserId: '005000000000005AAA',
      isMember: true,
    };
    expect(checkClaim(base)).toEqual({ ok: true, salesforceUserId: '005000000000005AAA' });
    const reasonOf = (facts: Partial<ClaimFacts>) => {
      const check = checkClaim({ ...base, ...facts });
      return check.ok ? null : check.reason;
    };
    const done = { token: 't', slackUserId: 'U0DEMOREP02', state: 'done' as const, at: arrival.arrivedAt };
    expect(reasonOf({ existing: done })).toBe('This lead is already claimed by <@U0DEMOREP02>.');
    expect(reasonOf({ salesforceUserId: null })).toMatch(
      /cannot match your Slack account to a Salesforce user/,
    );
    expect(reasonOf({ isMember: false })).toBe(
      'Only members of the Inbound Web queue in Salesforce can claim its leads.',
    );
    expect(reasonOf({ lead: null })).toMatch(/no longer in Salesforce/);
    expect(reasonOf({ lead: { ...lead, OwnerId: '005000000000007AAA' } })).toMatch(
      /no longer in the Inbound Web queue/,
    );
    expect(
      writeFailedText({ errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message: 'Phone <required>' }),
    ).toBe(
      'Salesforce did not make you the owner (FIELD_CUSTOM_VALIDATION_EXCEPTION: Phone &lt;required&gt;). The lead is still unclaimed: try again, or claim it in Salesforce.',
    );
  });
});
