import { describe, expect, it } from 'vitest';
import { elapsedText } from '../../../src/features/lead-queues/domain/arrival.ts';
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
});
