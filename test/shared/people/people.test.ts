import { WebClient } from '@slack/web-api';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/platform/http/logger.ts';
import { PeopleDirectory } from '../../../src/shared/people/people.ts';
import { startSlackSimulator, type SlackSimulator } from '@bullpen/slack-simulator';
import { keyspace } from '../../../src/platform/redis.ts';
import { SyncedRecordStore } from '../../../src/shared/sync/synced-records.ts';
import { useRedis } from '../../helpers/redis.ts';

const logger = createLogger({ level: 'silent' });
const user = (n: number, name: string, email: string | null) => ({
  Id: `005${String(n).padStart(12, '0')}AAA`,
  Name: name,
  Email: email,
  IsActive: true,
  ManagerId: null,
  TimeZoneSidKey: 'America/New_York',
  SystemModstamp: '2026-11-01T00:00:00.000Z',
});

describe('PeopleDirectory', () => {
  const fixture = useRedis();
  let simulator: SlackSimulator | undefined;
  afterEach(async () => {
    await simulator?.close();
    simulator = undefined;
  });

  it('matches by email, honours overrides, lists the unmatched and caches lookups', async () => {
    simulator = await startSlackSimulator({ signingSecret: 's', botToken: 'xoxb-people' });
    const keys = keyspace(fixture.prefix);
    const store = new SyncedRecordStore(fixture.redis, keys);
    await store.applyPage('User', [
      user(5, 'Sam Carter', 'Sam.Carter@bullpen.example'),
      user(50, 'Nobody Known', 'ghost@elsewhere.example'),
      user(51, 'No Email', null),
      user(52, 'Jo Different', 'jo@personal.example'),
      user(53, 'Integration User', 'integration@elsewhere.example'),
    ]);
    // Owners need a Slack match; a user who owns nothing (an integration user) is not reported.
    for (const owner of [50, 51]) {
      await fixture.redis.sadd(
        keys('sf', 'Lead', 'byOwner', user(owner, '', null).Id),
        `00Q00000000000${owner}AAA`,
      );
    }
    const people = new PeopleDirectory({
      client: new WebClient('xoxb-people', { slackApiUrl: `${simulator.url}/api/` }),
      redis: fixture.redis,
      keys,
      store,
      overrides: { 'JO@personal.example': 'U0DEMOREP02' },
      logger,
    });
    const result = await people.matchAll();
    expect(await people.slackIdFor(user(5, '', null).Id)).toBe('U0DEMOREP01');
    expect(await people.salesforceIdFor('U0DEMOREP01')).toBe(user(5, '', null).Id);
    expect(await people.slackIdFor(user(52, '', null).Id)).toBe('U0DEMOREP02');
    // The bulk read (the SLA scan's, one HMGET for every owner) answers the same, in order.
    const owners = [5, 50, 52].map((n) => user(n, '', null).Id);
    expect(await people.slackIdsFor(owners)).toEqual(['U0DEMOREP01', null, 'U0DEMOREP02']);
    expect(await people.slackIdsFor([])).toEqual([]);
    expect(result.unmatched.map((u) => [u.name, u.reason]).sort()).toEqual([
      ['No Email', 'no-email'],
      ['Nobody Known', 'not-in-slack'],
    ]);
    expect(result.lookups).toBe(3);
    const again = await people.matchAll();
    expect(again.lookups).toBe(0);
    expect(simulator.callsTo('users.lookupByEmail')).toHaveLength(3);
  });
});
