import { WebClient } from '@slack/web-api';
import { afterEach, describe, expect, it } from 'vitest';
import { roundTheClockSla } from '@bullpen/demo-company';
import { startSlackSimulator, type SlackSimulator } from '@bullpen/slack-simulator';
import { createLogger } from '../../../src/platform/http/logger.ts';
import { keyspace } from '../../../src/platform/redis.ts';
import type { SfUser } from '../../../src/platform/salesforce/records.ts';
import { PeopleDirectory } from '../../../src/shared/people/people.ts';
import { PeopleZonesMemo } from '../../../src/shared/people/people-zones.ts';
import { slaPolicySchema } from '../../../src/shared/sla/sla-policy.ts';
import { SyncedRecordStore } from '../../../src/shared/sync/synced-records.ts';
import { countRoundTrips } from '../../helpers/round-trips.ts';
import { useRedis } from '../../helpers/redis.ts';

/*
 * A scan window reads every rep's Slack id and time zone; a worker keeps them between windows under
 * the tokens of what they come from (people-zones.ts). After each kind of change the kept answer
 * must be a fresh read's; with nothing changed a window reads only the tokens.
 */

const logger = createLogger({ level: 'silent' });
const MINUTE = 60_000;
const user = (
  n: number,
  email: string | null,
  timeZone: string,
  modstamp = '2026-11-01T00:00:00.000Z',
): SfUser => ({
  Id: `005${String(n).padStart(12, '0')}AAA`,
  Name: `User ${n}`,
  Email: email,
  IsActive: true,
  ManagerId: null,
  TimeZoneSidKey: timeZone,
  SystemModstamp: modstamp,
});

describe("every rep's Slack id and zone, kept between scan windows", () => {
  const fixture = useRedis();
  let simulator: SlackSimulator | undefined;
  afterEach(async () => {
    await simulator?.close();
    simulator = undefined;
  });

  it('are what a fresh read gives after every kind of change, and cost one round trip otherwise', async () => {
    simulator = await startSlackSimulator({ signingSecret: 's', botToken: 'xoxb-zones' });
    const client = new WebClient('xoxb-zones', {
      slackApiUrl: `${simulator.url}/api/`,
      retryConfig: { retries: 0 },
    });
    const keys = keyspace(fixture.prefix);
    const store = new SyncedRecordStore(fixture.redis, keys);
    const people = new PeopleDirectory({ client, redis: fixture.redis, keys, store, overrides: {}, logger });
    const users = [
      user(1, 'sam.carter@bullpen.example', 'Asia/Kolkata'),
      user(2, 'jordan.lee@bullpen.example', 'Asia/Kolkata'),
      user(3, null, 'Europe/Berlin'),
    ];
    await store.applyPage('User', users);
    for (const u of users) await fixture.redis.sadd(keys('sf', 'Lead', 'byOwner', u.Id), `00Q-${u.Id}`);
    const sla = slaPolicySchema.parse(roundTheClockSla);
    const deps = {
      redis: fixture.redis,
      keys,
      slack: client,
      logger,
      store,
      people,
      config: { policy: { sla } },
    };
    const memo = new PeopleZonesMemo();
    let now = Date.parse('2026-12-01T09:00:00Z');
    const fresh = () => new PeopleZonesMemo().read(deps, users, now);
    const zones = async (read: ReturnType<PeopleZonesMemo['read']>) =>
      [...(await read).people.values()].map((p) => `${p.slackUserId ?? '-'}@${p.timeZone}`);

    const unmatched = await zones(memo.read(deps, users, now));
    expect(unmatched).toEqual(await zones(fresh()));
    // Kept from here on (the first read created the tokens it found missing).
    expect(await zones(memo.read(deps, users, now))).toEqual(unmatched);
    expect(unmatched).toEqual(['-@Asia/Kolkata', '-@Asia/Kolkata', '-@Europe/Berlin']);

    // Matched in Slack: the reps' Slack zones replace their Salesforce users'.
    await people.matchAll();
    const matched = await zones(memo.read(deps, users, now));
    expect(matched).toEqual(await zones(fresh()));
    expect(matched).not.toEqual(unmatched);

    // Nothing changed: the tokens only (once the read that cached Slack's zones, and so moved their
    // token after reading it, has been read again).
    expect(await zones(memo.read(deps, users, now))).toEqual(matched);
    const trips = countRoundTrips(fixture.redis);
    expect(await zones(memo.read(deps, users, now))).toEqual(matched);
    expect(trips.count).toBe(1);

    // A Salesforce user's zone changes (sync stores the user again).
    users[2] = user(3, null, 'Asia/Tokyo', '2026-11-30T00:00:00.000Z');
    await store.applyPage('User', [users[2]]);
    const moved = await zones(memo.read(deps, users, now));
    expect(moved).toEqual(await zones(fresh()));
    expect(moved[2]).toBe('-@Asia/Tokyo');

    // A rep changes zone in Slack; bullpen's cached copy expires a day later and another reader
    // (a digest, a contest clock) reads it again from Slack first.
    const expire = () => fixture.redis.del(keys('slack', 'tz', 'U0DEMOREP01'), keys('slack', 'tz-refresh'));
    const sam = simulator.workspace.users.get('U0DEMOREP01');
    if (!sam) throw new Error('no U0DEMOREP01 in the simulator');
    sam.tz = 'Pacific/Auckland';
    await expire();
    const refreshed = await zones(fresh());
    expect(refreshed[0]).toBe('U0DEMOREP01@Pacific/Auckland');
    expect(await zones(memo.read(deps, users, now))).toEqual(refreshed);

    // Again, with no other reader: the kept answer is read again once older than ten minutes.
    sam.tz = 'America/Chicago';
    await expire();
    now += 11 * MINUTE;
    const relocated = await zones(memo.read(deps, users, now));
    expect(relocated[0]).toBe('U0DEMOREP01@America/Chicago');
    expect(relocated).toEqual(await zones(fresh()));

    // Another policy (its fallback zone is part of the answer): read again under it.
    expect(await zones(memo.read(deps, users, now))).toEqual(relocated);
    const other = { ...deps, config: { policy: { sla: { ...sla } } } };
    const before = trips.count;
    expect(await zones(memo.read(other, users, now))).toEqual(relocated);
    expect(trips.count - before).toBeGreaterThan(1);
  });
});
