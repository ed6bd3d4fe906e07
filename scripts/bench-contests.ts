// Contest scoring under load: 50 concurrent contests, 500 participants, 200,000 logged activities
// scored through the same path as the 'domain-event' jobs, with `/leaderboard` reads running
// alongside. Reports time and Redis commands per activity (INFO commandstats, so run it on an
// otherwise idle Redis) and leaderboard latency. Called by `npm run bench`; about a minute here.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { loadConfig } from '../src/config.ts';
import { createContestEngine } from '../src/features/contests/index.ts';
import { contestSchema, type Contest } from '../src/features/contests/domain/model.ts';
import { createLogger } from '../src/platform/http/logger.ts';
import type { DomainEvent } from '../src/shared/sync/domain-events.ts';
import type { Lead, SfUser, Task } from '../src/platform/salesforce/records.ts';
import { leaderboardReply } from '../src/features/contests/app/leaderboard.ts';
import { createRedis, deleteKeysWithPrefix } from '../src/platform/redis.ts';
import { buildParts } from '../src/main.ts';

const CONTESTS = 50;
const PARTICIPANTS = 500;
const ACTIVITIES = Number(process.env.BENCH_CONTEST_ACTIVITIES ?? 200_000);
const LEADS = 20_000;
const CONCURRENCY = 32;
const SOURCES = ['Web', 'Webinar', 'Trade Show'];

const sfId = (prefix: string, n: number) => `${prefix}${String(n).padStart(12, '0')}AAA`;
const slackId = (n: number) => `UBENCH${String(n).padStart(5, '0')}`;
const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '+0000');

/** Deterministic pseudo-random numbers, so runs are comparable. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    // mulberry32
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

async function commandCount(redis: Redis): Promise<number> {
  const stats = await redis.info('commandstats');
  let total = 0;
  for (const match of stats.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) {
    if (match[1] !== 'info') total += Number(match[2]);
  }
  return total;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;

export async function benchContests(): Promise<Record<string, number | string>> {
  const prefix = `bench-contests-${process.pid}-${Date.now()}`;
  const dir = mkdtempSync(join(tmpdir(), 'bench-contests-'));
  const overrides = Array.from(
    { length: PARTICIPANTS },
    (_, i) => `    rep${i}@bench.example: ${slackId(i)}`,
  );
  writeFileSync(join(dir, 'policy.yml'), ['people:', '  slackOverrides:', ...overrides].join('\n'));
  const config = loadConfig({
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_PREFIX: prefix,
    BULLPEN_CONFIG: join(dir, 'policy.yml'),
    LOG_LEVEL: 'warn',
  });
  const redis = createRedis(config.env.REDIS_URL, 'commands');
  const stats = new Redis(config.env.REDIS_URL);
  const services = buildParts({
    config,
    logger: createLogger({ level: 'warn' }),
    redis,
    slack: { botToken: 'xoxb-bench', apiUrl: 'http://127.0.0.1:9/api/' },
  });
  // `/leaderboard` reads get their own connection so the scorer's round trips can be counted alone.
  const readerRedis = createRedis(config.env.REDIS_URL, 'commands');
  const readerServices = buildParts({
    config,
    logger: createLogger({ level: 'warn' }),
    redis: readerRedis,
    slack: { botToken: 'xoxb-bench', apiUrl: 'http://127.0.0.1:9/api/' },
  });
  // A command sent alone is one round trip; a pipeline's commands (one shared write stream) are one.
  let roundTrips = 0;
  const pipelines = new WeakSet<object>();
  const send = redis.sendCommand.bind(redis);
  redis.sendCommand = (...args: Parameters<typeof send>) => {
    const stream = args[1] as { isPipeline?: boolean } | undefined;
    if (!stream?.isPipeline || !pipelines.has(stream)) roundTrips += 1;
    if (stream?.isPipeline) pipelines.add(stream);
    return send(...args);
  };
  const engine = createContestEngine(services);
  const rand = random(42);
  const now = Date.now();
  try {
    // Synced Salesforce data: 500 reps matched to Slack, 20,000 leads.
    const users: SfUser[] = Array.from({ length: PARTICIPANTS }, (_, i) => ({
      Id: sfId('005', i + 1),
      Name: `Rep ${i}`,
      Email: `rep${i}@bench.example`,
      IsActive: true,
      ManagerId: null,
      TimeZoneSidKey: 'America/New_York',
      SystemModstamp: iso(now - 86_400_000),
    }));
    await services.store.applyPage('User', users);
    await services.people.matchAll();
    const leads: Lead[] = Array.from({ length: LEADS }, (_, i) => ({
      Id: sfId('00Q', i + 1),
      Name: `Lead ${i}`,
      Company: 'Bench Co',
      Email: null,
      Status: 'Open - Not Contacted',
      OwnerId: sfId('005', (i % PARTICIPANTS) + 1),
      LeadSource: SOURCES[i % SOURCES.length] ?? 'Web',
      Rating: null,
      CreatedDate: iso(now - 2 * 86_400_000),
      LastActivityDate: null,
      IsConverted: false,
      ConvertedDate: null,
      ConvertedOpportunityId: null,
      IsDeleted: false,
      SystemModstamp: iso(now - 2 * 86_400_000),
    }));
    for (let i = 0; i < leads.length; i += 2000)
      await services.store.applyPage('Lead', leads.slice(i, i + 2000));

    // 50 running contests of 10 reps each, started an hour ago.
    const contests: Contest[] = [];
    for (let c = 0; c < CONTESTS; c++) {
      const perContest = PARTICIPANTS / CONTESTS;
      const contest = contestSchema.parse({
        id: `cbench${String(c).padStart(3, '0')}`,
        name: `Bench contest ${c}`,
        metric: c % 5 === 0 ? 'calls' : 'followups',
        window: { start: new Date(now - 3_600_000), end: new Date(now + 2 * 86_400_000) },
        timeZone: 'America/New_York',
        channelId: 'CBENCH0001',
        participants: {
          kind: 'users',
          userIds: Array.from({ length: perContest }, (_, i) => slackId(c * perContest + i)),
        },
        scope: c % 2 === 0 ? { kind: 'all' } : { kind: 'sources', sources: ['Webinar', 'Web'] },
        createdBy: 'UBENCHBOSS',
        createdAt: new Date(now - 3_600_000),
        status: 'running',
        startedAt: new Date(now - 3_600_000),
      });
      await engine.contests.create(contest);
      await engine.ledger.seedBoard(contest);
      contests.push(contest);
    }

    // 200,000 activities, stored as sync would store them (not timed), then scored (timed).
    const events: DomainEvent[] = [];
    for (let i = 0; i < ACTIVITIES; i += 2000) {
      const page: Task[] = [];
      for (let j = i; j < Math.min(ACTIVITIES, i + 2000); j++) {
        const lead = leads[Math.floor(rand() * LEADS)] ?? leads[0];
        if (!lead) continue;
        const createdAt = iso(now - 3_500_000 + Math.floor(rand() * 3_000_000));
        page.push({
          Id: sfId('00T', j + 1),
          WhoId: lead.Id,
          WhatId: null,
          OwnerId: lead.OwnerId,
          Subject: 'Call',
          TaskSubtype: rand() < 0.6 ? 'Call' : 'Email',
          Type: null,
          Status: 'Completed',
          ActivityDate: null,
          CreatedDate: createdAt,
          IsDeleted: false,
          SystemModstamp: createdAt,
        });
        events.push({
          type: 'activity.logged',
          activityType: 'Task',
          activityId: sfId('00T', j + 1),
          leadId: lead.Id,
          ownerId: lead.OwnerId,
          at: createdAt,
        });
      }
      await services.store.applyPage('Task', page);
    }

    let next = 0;
    let scoring = true;
    const leaderboardMs: number[] = [];
    const reader = (async () => {
      while (scoring) {
        const contest = contests[Math.floor(rand() * contests.length)] ?? contests[0];
        if (!contest) break;
        const viewer =
          contest.participants.userIds[Math.floor(rand() * contest.participants.userIds.length)] ?? '';
        const started = performance.now();
        await leaderboardReply(createContestEngine(readerServices), contest, viewer);
        leaderboardMs.push(performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    const commandsBefore = await commandCount(stats);
    const roundTripsBefore = roundTrips;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < events.length) {
          const event = events[next++];
          if (event) await engine.scoreDomainEvent(event);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    scoring = false;
    await reader;
    const scorerRoundTrips = roundTrips - roundTripsBefore;
    const commands = (await commandCount(stats)) - commandsBefore;

    const sorted = [...leaderboardMs].sort((a, b) => a - b);
    const totals = await Promise.all(
      contests.map(async (contest) =>
        (await engine.standings(contest)).reduce((sum, row) => sum + row.points, 0),
      ),
    );
    return {
      contests: CONTESTS,
      participants: PARTICIPANTS,
      activities: ACTIVITIES,
      concurrency: CONCURRENCY,
      scoringSeconds: Number(seconds.toFixed(1)),
      activitiesPerSecond: Math.round(ACTIVITIES / seconds),
      msPerActivity: Number(((seconds * 1000) / ACTIVITIES).toFixed(3)),
      // Round trips the scorer waited for (a pipeline is one), versus all commands Redis ran,
      // including those inside the Lua scripts and the concurrent leaderboard reads (INFO commandstats).
      redisRoundTripsPerActivity: Number((scorerRoundTrips / ACTIVITIES).toFixed(2)),
      // The whole count, so start-up (loading the running contests once) shows past the rounding.
      redisRoundTrips: scorerRoundTrips,
      redisCommandsExecutedPerActivity: Number((commands / ACTIVITIES).toFixed(1)),
      pointsScored: totals.reduce((a, b) => a + b, 0),
      leaderboardReads: leaderboardMs.length,
      leaderboardMedianMs: Number(percentile(sorted, 0.5).toFixed(2)),
      leaderboardP95Ms: Number(percentile(sorted, 0.95).toFixed(2)),
    };
  } finally {
    await services.jobs.close(500);
    await readerServices.jobs.close(500);
    readerRedis.disconnect();
    await deleteKeysWithPrefix(stats, `${prefix}:`);
    stats.disconnect();
    redis.disconnect();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await benchContests();
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
