import { describe, expect, it } from 'vitest';
import { eligibleMembers, type MemberFacts } from '../../../src/features/lead-queues/domain/routing.ts';
import { routingSchema } from '../../../src/features/lead-queues/policy.ts';
import { RoutingStore } from '../../../src/features/lead-queues/routing-store.ts';
import { keyspace } from '../../../src/platform/redis.ts';
import type { SfUser } from '../../../src/platform/salesforce/records.ts';
import { businessCalendarSchema } from '../../../src/shared/sla/sla-policy.ts';
import { policySchema } from '../../../src/policy.ts';
import { useRedis } from '../../helpers/redis.ts';

const user = (n: number, overrides: Partial<SfUser> = {}): SfUser => ({
  Id: `005000000000${String(n).padStart(3, '0')}AAA`,
  Name: `Rep ${n}`,
  Email: `rep${n}@example.com`,
  IsActive: true,
  ManagerId: null,
  TimeZoneSidKey: null,
  SystemModstamp: '2026-11-30T00:00:00.000Z',
  ...overrides,
});

const member = (
  n: number,
  facts: Partial<MemberFacts> = {},
  userOverrides: Partial<SfUser> = {},
): MemberFacts => {
  const sf = user(n, userOverrides);
  return { userId: sf.Id, user: sf, slackId: `U0REP${n}`, timeZone: 'UTC', statusEmoji: null, ...facts };
};

/** 09:00–17:00 Monday to Friday; Monday 30 November 2026, 15:00 UTC. */
const calendar = businessCalendarSchema.parse({});
const mondayAfternoonUtc = new Date('2026-11-30T15:00:00Z');

describe('lead queues routing: who is eligible', () => {
  it('skips a rep who is deactivated, away by policy or Slack status, or outside their own working hours', () => {
    const policy = routingSchema.parse({
      mode: 'round-robin',
      away: ['rep2@example.com'],
      weights: { 'rep6@example.com': 0 },
    });
    const result = eligibleMembers(
      [
        member(1),
        member(2),
        member(3, { statusEmoji: ':palm_tree:' }),
        member(4, { timeZone: 'Asia/Tokyo' }), // 00:00 Tuesday in Tokyo
        member(5, {}, { IsActive: false }),
        member(6),
        member(7, { timeZone: 'America/New_York' }), // 10:00 in New York
      ],
      { policy, calendar, now: mondayAfternoonUtc, previous: [user(7).Id] },
    );
    expect(result.candidates).toEqual([{ userId: user(1).Id, weight: 1 }]);
    expect(result.skipped).toEqual([
      { userId: user(2).Id, reason: 'away' },
      { userId: user(3).Id, reason: 'away-status' },
      { userId: user(4).Id, reason: 'outside-hours' },
      { userId: user(5).Id, reason: 'inactive' },
      { userId: user(6).Id, reason: 'zero-weight' },
      { userId: user(7).Id, reason: 'had-it' },
    ]);
  });

  it('refuses a routing policy it cannot follow, naming each problem', () => {
    const result = policySchema.safeParse({
      queues: [
        {
          queue: 'Inbound_Web',
          channel: 'C012INBND1',
          routing: {
            mode: 'roundrobin',
            weights: { sam: 2 },
            awayStatusEmoji: ['palm_tree'],
            maxReroutes: -1,
          },
        },
      ],
    });
    expect(result.success).toBe(false);
    const messages = result.error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) ?? [];
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringContaining("queues.0.routing.mode: expected mode 'claim' or 'round-robin'"),
        expect.stringContaining('queues.0.routing.weights.sam: expected a queue member by email'),
        expect.stringContaining('queues.0.routing.awayStatusEmoji.0: expected an emoji like :palm_tree:'),
        expect.stringContaining('queues.0.routing.maxReroutes'),
      ]),
    );
  });
});

describe('lead queues routing: the rotation in Redis', () => {
  const fixture = useRedis();

  it('spreads leads by weight (smooth: the heavy rep is not given a run of leads)', async () => {
    const store = new RoutingStore(fixture.redis, keyspace(fixture.prefix));
    const [a, b, c] = [user(1).Id, user(2).Id, user(3).Id];
    const candidates = [
      { userId: a, weight: 2 },
      { userId: b, weight: 1 },
      { userId: c, weight: 1 },
    ];
    const picks: (string | null)[] = [];
    for (let i = 0; i < 8; i += 1) picks.push(await store.pick('00G000000000001', `lead-${i}`, candidates));
    expect(picks.filter((p) => p === a)).toHaveLength(4);
    expect(picks.filter((p) => p === b)).toHaveLength(2);
    expect(picks.filter((p) => p === c)).toHaveLength(2);
    expect(picks.slice(0, 4)).toEqual([a, b, c, a]);
    expect(await store.pick('00G000000000001', 'lead-8', [])).toBeNull();
    // A turn picks once: asked again (a retry), it answers the same member and the rotation stays put.
    expect(await store.pick('00G000000000001', 'lead-0', candidates)).toBe(a);
    expect(await store.pick('00G000000000001', 'lead-9', candidates)).toBe(a);
  });

  it('gives concurrent leads each its own turn: thirty at once split ten, ten, ten', async () => {
    const stores = [0, 1, 2].map(() => new RoutingStore(fixture.connect(), keyspace(fixture.prefix)));
    const candidates = [1, 2, 3].map((n) => ({ userId: user(n).Id, weight: 1 }));
    const picks = await Promise.all(
      Array.from({ length: 30 }, (_, i) => stores[i % 3]?.pick('00G000000000001', `lead-${i}`, candidates)),
    );
    for (const candidate of candidates) {
      expect(picks.filter((p) => p === candidate.userId)).toHaveLength(10);
    }
  });
});
