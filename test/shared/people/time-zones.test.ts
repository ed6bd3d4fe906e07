import { WebClient } from '@slack/web-api';
import { afterEach, describe, expect, it } from 'vitest';
import { demoPeople, roundTheClockSla } from '@bullpen/demo-company';
import { startSlackSimulator, type SlackSimulator } from '@bullpen/slack-simulator';
import { createLogger } from '../../../src/platform/http/logger.ts';
import { keyspace } from '../../../src/platform/redis.ts';
import type { SfUser } from '../../../src/platform/salesforce/records.ts';
import { timeZoneOf, timeZonesOf } from '../../../src/shared/people/time-zones.ts';
import { slaPolicySchema } from '../../../src/shared/sla/sla-policy.ts';
import { countRoundTrips } from '../../helpers/round-trips.ts';
import { useRedis } from '../../helpers/redis.ts';

/*
 * A scan window reads every rep's time zone: what they set in Slack (cached from users.list), else
 * their Salesforce user's. Read for many people at once, the answers must be timeZoneOf's one by
 * one, and once cached they cost one round trip, not one per person.
 */

const sfUser = (n: number, timeZone: string): SfUser => ({
  Id: `005${String(n).padStart(12, '0')}AAA`,
  Name: `User ${n}`,
  Email: null,
  IsActive: true,
  ManagerId: null,
  TimeZoneSidKey: timeZone,
  SystemModstamp: '2026-11-01T00:00:00.000Z',
});

describe("people's time zones read at once", () => {
  const fixture = useRedis();
  let simulator: SlackSimulator | undefined;
  afterEach(async () => {
    await simulator?.close();
    simulator = undefined;
  });

  it("are each person's time zone, and cost one round trip once cached", async () => {
    simulator = await startSlackSimulator({ signingSecret: 's', botToken: 'xoxb-tz' });
    const slack = new WebClient('xoxb-tz', {
      slackApiUrl: `${simulator.url}/api/`,
      retryConfig: { retries: 0 },
    });
    const depsAt = (prefix: string) => ({
      redis: fixture.redis,
      keys: keyspace(prefix),
      slack,
      logger: createLogger({ level: 'silent' }),
      config: { policy: { sla: slaPolicySchema.parse(roundTheClockSla) } },
    });
    const inSlack = demoPeople.slice(0, 4).map((person, i) => ({
      slackUserId: person.slackId,
      salesforceUser: sfUser(i, 'Asia/Kolkata'),
    }));
    const people = [
      ...inSlack,
      { slackUserId: null, salesforceUser: sfUser(10, 'Europe/Berlin') },
      { slackUserId: 'U0NOTINSLACK', salesforceUser: sfUser(11, 'Asia/Tokyo') },
      { slackUserId: 'U0NOTZONE', salesforceUser: sfUser(12, 'Australia/Sydney') },
      { slackUserId: null, salesforceUser: null },
    ];
    // Both key spaces start alike: one person's setting was cached as unusable (no zone in Slack).
    const batched = depsAt(`${fixture.prefix}-batched`);
    const single = depsAt(`${fixture.prefix}-single`);
    for (const deps of [batched, single]) await fixture.redis.set(deps.keys('slack', 'tz', 'U0NOTZONE'), '-');

    const expected: string[] = [];
    for (const person of people) expected.push(await timeZoneOf(single, person));
    expect(await timeZonesOf(batched, people)).toEqual(expected);
    // Not vacuous: Slack's zones, the Salesforce users' and the policy's fallback all appear.
    expect(new Set(expected).size).toBeGreaterThan(3);
    expect(expected[0]).toBe(demoPeople[0]?.timeZone);
    expect(expected.slice(4, 7)).toEqual(['Europe/Berlin', 'Asia/Tokyo', 'Australia/Sydney']);

    const trips = countRoundTrips(fixture.redis);
    const cached = people.filter((p) => p.slackUserId !== 'U0NOTINSLACK');
    const again = await timeZonesOf(batched, cached);
    expect(again).toEqual(expected.filter((_, i) => people[i]?.slackUserId !== 'U0NOTINSLACK'));
    expect(trips.count).toBe(1);
  });

  it("looks up people missing after the day's users.list in one cache read and one write each", async () => {
    simulator = await startSlackSimulator({ signingSecret: 's', botToken: 'xoxb-tz' });
    const slack = new WebClient('xoxb-tz', {
      slackApiUrl: `${simulator.url}/api/`,
      retryConfig: { retries: 0 },
    });
    const keys = keyspace(fixture.prefix);
    const deps = {
      redis: fixture.redis,
      keys,
      slack,
      logger: createLogger({ level: 'silent' }),
      config: { policy: { sla: slaPolicySchema.parse(roundTheClockSla) } },
    };
    // users.list already ran today (its claim is held), yet three people are not cached: joined since.
    await fixture.redis.set(keys('slack', 'tz-refresh'), '1');
    const joined = demoPeople.slice(0, 3);
    const trips = countRoundTrips(fixture.redis);
    const zones = await timeZonesOf(
      deps,
      joined.map((person, i) => ({ slackUserId: person.slackId, salesforceUser: sfUser(i, 'Asia/Kolkata') })),
    );
    expect(zones).toEqual(joined.map((person) => person.timeZone));
    expect(simulator.callsTo('users.info')).toHaveLength(3);
    // The cache, the (held) claim, the cache again for the three, and each one's cached zone.
    expect(trips.count).toBe(3 + 3);
  });
});
