import { demoPolicy } from '@bullpen/demo-company';
import { describe, expect, it } from 'vitest';
import { checkCriteria, criteriaSummary } from '../../../src/features/relay/domain/criteria.ts';
import { leadIdIn } from '../../../src/features/relay/domain/lead-ref.ts';
import { proposedAe } from '../../../src/features/relay/domain/routing.ts';
import { relayPolicySchema } from '../../../src/features/relay/policy.ts';
import { policySchema } from '../../../src/policy.ts';

const AE1 = '005000000000001AAA';
const AE2 = '005000000000002AAA';

describe('relay domain', () => {
  const policy = relayPolicySchema.parse({});

  it('has defaults that work with the stock statuses plus Handed Off and Nurture', () => {
    expect(policy.statuses).toEqual({
      handedOff: 'Handed Off',
      accepted: 'Open - Not Contacted',
      nurture: 'Nurture',
    });
    expect(policy.criteria.map((c) => [c.key, c.required])).toEqual([
      ['need', true],
      ['timing', true],
      ['budget', true],
      ['authority', false],
    ]);
    expect(policySchema.parse({}).relay.acceptSlaBusinessDays).toBe(1);
    expect(() => relayPolicySchema.parse({ nurtureOwner: 'marketing' })).toThrow(/queue Id/);
  });

  it('finds a lead in a Lightning or Classic URL or a bare Id, and nothing else', () => {
    expect(leadIdIn('see <https://acme.my.salesforce.com/lightning/r/Lead/00Q5g00000AbCdEFGH/view>')).toBe(
      '00Q5g00000AbCdEFGH',
    );
    expect(leadIdIn('https://acme.my.salesforce.com/00Q5g00000AbCdE')).toBe('00Q5g00000AbCdE');
    expect(leadIdIn('account 0015g00000AbCdE')).toBeNull();
    expect(leadIdIn('x00Q5g00000AbCdEFGHIJ')).toBeNull();
  });

  it('refuses a missing required criterion and a choice the policy does not list (server-side)', () => {
    const answers = new Map([
      ['need', { choice: 'Clear need', note: '' }],
      ['timing', { choice: 'Someday', note: '' }],
    ]);
    const check = checkCriteria(policy.criteria, answers);
    expect(check).toEqual({
      ok: false,
      errors: {
        relay_choice_timing: '"Someday" is no longer a Timing choice; pick one from the list.',
        relay_choice_budget: 'Budget is required to hand this lead off.',
      },
    });
    const complete = checkCriteria(
      policy.criteria,
      new Map([
        ['need', { choice: 'Clear need', note: ' ops team ' }],
        ['timing', { choice: 'This quarter', note: '' }],
        ['budget', { choice: 'Budget likely', note: '' }],
      ]),
    );
    expect(complete.ok && criteriaSummary(complete.answers)).toBe(
      'Need: Clear need — ops team\nTiming: This quarter\nBudget: Budget likely\nAuthority: not asked',
    );
  });

  it('routes to a named AE, in turns within a team, or by a Lead field', () => {
    const lead = { LeadSource: 'Partner' };
    expect(proposedAe({ routing: { kind: 'named', ae: AE2 }, aes: [] }, lead, 0)).toBe(AE2);
    const team = { routing: { kind: 'roundRobin' as const }, aes: [AE1, AE2] };
    expect([0, 1, 2].map((turn) => proposedAe(team, lead, turn))).toEqual([AE1, AE2, AE1]);
    const byField = { kind: 'field' as const, field: 'LeadSource', map: { Partner: AE2 }, fallback: AE1 };
    expect(proposedAe({ routing: byField, aes: [] }, lead, 0)).toBe(AE2);
    expect(proposedAe({ routing: byField, aes: [] }, { LeadSource: 'Web' }, 0)).toBe(AE1);
    expect(proposedAe({ routing: { kind: 'roundRobin' }, aes: [] }, lead, 0)).toBeNull();
  });

  it('gives the demo company an SDR team that hands off to its two AEs and returns to marketing', () => {
    const { relay } = policySchema.parse(demoPolicy);
    expect(relay.qualifiers.people).toEqual(['U0DEMOREP02', 'U0DEMOREP04', 'U0DEMOREP05']);
    expect(relay.aes).toEqual(['005000000000005AAA', '005000000000007AAA']);
    expect(relay.nurtureOwner).toBe('005000000000010AAA');
  });
});
