import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.ts';
import { createContestEngine } from '../../../src/features/contests/index.ts';
import { createLogger } from '../../../src/platform/http/logger.ts';
import { createRedis } from '../../../src/platform/redis.ts';
import type { Lead, SfUser, Task } from '../../../src/platform/salesforce/records.ts';
import type { DomainEvent } from '../../../src/shared/sync/domain-events.ts';
import { buildParts, type AppParts } from '../../../src/main.ts';
import { TEST_REDIS_URL, useRedis } from '../../helpers/redis.ts';
import { countRoundTrips } from '../../helpers/round-trips.ts';
import { makeContest, makeLead, makeTask, sfId } from './fixtures.ts';

const REPS = 4;
const slackId = (n: number) => `U0TRIP${String(n).padStart(4, '0')}`;
const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '+0000');

describe('contest scoring round trips', () => {
  const fixture = useRedis();
  let services: AppParts | undefined;
  afterEach(async () => {
    await services?.jobs.close(500);
    services?.redis.disconnect();
    services = undefined;
  });

  function start() {
    const dir = mkdtempSync(join(tmpdir(), 'scoring-trips-'));
    const overrides = Array.from({ length: REPS }, (_, i) => `    rep${i}@trips.example: ${slackId(i)}`);
    writeFileSync(join(dir, 'policy.yml'), ['people:', '  slackOverrides:', ...overrides].join('\n'));
    const config = loadConfig({
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: fixture.prefix,
      BULLPEN_CONFIG: join(dir, 'policy.yml'),
      LOG_LEVEL: 'warn',
    });
    const redis = createRedis(TEST_REDIS_URL, 'commands');
    services = buildParts({
      config,
      logger: createLogger({ level: 'warn' }),
      redis,
      slack: { botToken: 'xoxb-trips', apiUrl: 'http://127.0.0.1:9/api/' },
    });
    return { services, redis };
  }

  it('costs at most two round trips per scored activity (three before, eight before that, with two contests) and scores right', async () => {
    const { services: parts, redis } = start();
    const now = Date.now();
    const users: SfUser[] = Array.from({ length: REPS }, (_, i) => ({
      Id: sfId('005', i + 1),
      Name: `Rep ${i}`,
      Email: `rep${i}@trips.example`,
      IsActive: true,
      ManagerId: null,
      TimeZoneSidKey: 'America/New_York',
      SystemModstamp: iso(now - 86_400_000),
    }));
    await parts.store.applyPage('User', users);
    await parts.people.matchAll();
    const leads: Lead[] = Array.from({ length: 8 }, (_, i) =>
      makeLead(i + 1, {
        OwnerId: sfId('005', (i % REPS) + 1),
        CreatedDate: iso(now - 7_200_000),
        SystemModstamp: iso(now - 7_200_000),
      }),
    );
    await parts.store.applyPage('Lead', leads);
    const engine = createContestEngine(parts);
    const window = { start: new Date(now - 3_600_000), end: new Date(now + 86_400_000) };
    for (const [n, metric] of [
      [1, 'followups'],
      [2, 'calls'],
    ] as const) {
      const contest = makeContest({
        id: `ctrips0${n}`,
        metric,
        window,
        participants: { kind: 'users', userIds: Array.from({ length: REPS }, (_, i) => slackId(i)) },
        scope: { kind: 'all' },
        createdAt: new Date(now - 3_600_000),
        startedAt: new Date(now - 3_600_000),
      });
      await engine.contests.create(contest);
      await engine.ledger.seedBoard(contest);
    }
    const events: DomainEvent[] = [];
    const tasks: Task[] = [];
    for (let i = 0; i < 24; i++) {
      const lead = leads[i % leads.length];
      if (!lead) continue;
      const at = iso(now - 3_000_000 + i * 60_000);
      const task = makeTask(i + 1, {
        WhoId: lead.Id,
        OwnerId: lead.OwnerId,
        TaskSubtype: i % 2 === 0 ? 'Call' : 'Email',
        CreatedDate: at,
        SystemModstamp: at,
      });
      tasks.push(task);
      events.push({
        type: 'activity.logged',
        activityType: 'Task',
        activityId: task.Id,
        leadId: lead.Id,
        ownerId: lead.OwnerId,
        at,
      });
    }
    await parts.store.applyPage('Task', tasks);
    // Warm the per-process lookups (each owner's Slack id and time zone, cached for a minute, and
    // the running contests): steady state is what is counted.
    const warm = events.slice(0, leads.length);
    const rest = events.slice(leads.length);
    for (const event of warm) await engine.scoreDomainEvent(event);
    const trips = countRoundTrips(redis);
    for (const event of rest) await engine.scoreDomainEvent(event);
    expect(trips.count / rest.length).toBeLessThanOrEqual(2);
    const followups = await engine.contests.get('ctrips01');
    const calls = await engine.contests.get('ctrips02');
    if (!followups || !calls) throw new Error('contests were stored');
    // Eight leads, each touched three times today: one follow-up point per lead; the even leads got
    // calls and the odd ones emails, so four call points.
    const total = async (id: typeof followups) =>
      (await engine.standings(id)).reduce((sum, row) => sum + row.points, 0);
    expect(await total(followups)).toBe(8);
    expect(await total(calls)).toBe(4);
    // Scoring the same events again changes nothing and still costs no more.
    const before = trips.count;
    for (const event of rest) expect(await engine.scoreDomainEvent(event)).toEqual([]);
    expect((trips.count - before) / rest.length).toBeLessThanOrEqual(2);
  });
});
