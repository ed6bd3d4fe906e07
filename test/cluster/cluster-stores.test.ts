import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cluster } from 'ioredis';
import { ContestStore } from '../../src/features/contests/store/contest-store.ts';
import { ContestLedger } from '../../src/features/contests/store/ledger-store.ts';
import { LeadQueueStore } from '../../src/features/lead-queues/store.ts';
import { RoutingStore } from '../../src/features/lead-queues/routing-store.ts';
import { AlertState } from '../../src/features/nudges/alert-store.ts';
import { NudgeState } from '../../src/features/nudges/store.ts';
import { SlaIndexStore } from '../../src/features/nudges/sla-index-store.ts';
import { RecognitionStore } from '../../src/features/recognition/store.ts';
import { TvLinkStore } from '../../src/features/tv/store.ts';
import { closeRedis, createRedis, keyspace, type Keyspace } from '../../src/platform/redis.ts';
import { PrecomputedHomeValue } from '../../src/shared/home/precomputed.ts';
import { HandoffRecords } from '../../src/shared/relay/handoff-records.ts';
import { backfillParentRecords } from '../../src/shared/sync/parent-records-backfill.ts';
import { SyncedRecordStore } from '../../src/shared/sync/synced-records.ts';
import nock from 'nock';
import { z } from 'zod';
import { WebClient } from '@slack/web-api';
import { createLogger } from '../../src/platform/http/logger.ts';
import { JobRuntime } from '../../src/platform/jobs/runtime.ts';
import { SlackDelivery } from '../../src/platform/slack/delivery.ts';
import { PeopleDirectory } from '../../src/shared/people/people.ts';
import { makeUser } from '../features/nudges/fixtures.ts';
import { hasRedisServer, warnIfNoRedisServer } from '../helpers/redis-server.ts';
import { redisCli, startRedisCluster, type OwnRedisCluster } from '../helpers/redis-cluster.ts';
import {
  ANA,
  BEN,
  makeCampaignMember,
  makeContest,
  makeEvent,
  makeLead,
  makeOpportunity,
  makeTask,
  sfId,
  SF_BEN,
} from '../features/contests/fixtures.ts';
import { scoreActivities } from '../../src/features/contests/domain/scoring.ts';

/**
 * Every store's multi-key operations (MULTI, Lua scripts, pipelines, multi-key commands) through a
 * Cluster client on a 3-master cluster this file starts: a key of another slot in a MULTI or script
 * fails with CROSSSLOT, and a pipeline over several masters is refused by ioredis, so each of these
 * operations succeeding and reading back what it wrote is the check.
 */

warnIfNoRedisServer('the Redis Cluster store test');

const PREFIX = 'bpstores';

describe.runIf(hasRedisServer)("bullpen's stores on a 3-master Redis Cluster", () => {
  let cluster: OwnRedisCluster | undefined;
  let redis: Cluster;
  let keys: Keyspace;

  beforeAll(async () => {
    cluster = await startRedisCluster(3);
    redis = createRedis({ url: cluster.seedUrl, cluster: true }, 'commands') as Cluster;
    keys = keyspace(PREFIX, { cluster: true });
  });

  afterAll(async () => {
    if (redis) await closeRedis(redis);
    await cluster?.stop();
  });

  it('writes and reads synced records, their copies by lead, indexes and lists', async () => {
    const store = new SyncedRecordStore(redis, keys);
    expect(await backfillParentRecords(redis, keys)).toBe(false);
    const leads = Array.from({ length: 20 }, (_, i) =>
      makeLead(i + 1, { OwnerId: i % 2 ? SF_BEN : sfId('005', 1) }),
    );
    await store.applyPage('Lead', leads);
    const tasks = leads.map((lead, i) => makeTask(i + 1, { WhoId: lead.Id }));
    await store.applyPage('Task', tasks);
    await store.applyPage('Event', [makeEvent(1, { WhoId: leads[3]?.Id ?? '' })]);
    await store.applyPage('CampaignMember', [makeCampaignMember(1, 2, sfId('701', 1))]);
    await store.applyPage('Opportunity', [makeOpportunity(1), makeOpportunity(2, { IsWon: false })]);
    // A task moved to another lead leaves the first lead's copies (two slots, one change).
    await store.applyPage('Task', [
      makeTask(1, { WhoId: leads[5]?.Id ?? '', SystemModstamp: '2026-03-03T15:00:00.000+0000' }),
    ]);

    expect(await store.leadSources()).toEqual(['Webinar']);
    expect(await store.recentWonOpportunityIds(5)).toEqual([sfId('006', 1)]);
    expect((await store.leadIdsOwnedBy(SF_BEN)).length).toBe(10);
    const many = await store.activitiesOnMany(leads.map((lead) => lead.Id));
    expect(many.get(leads[0]?.Id ?? '')?.tasks).toEqual([]);
    expect(
      many
        .get(leads[5]?.Id ?? '')
        ?.tasks.map((t) => t.Id)
        .sort(),
    ).toEqual([sfId('00T', 1), sfId('00T', 6)]);
    expect(many.get(leads[3]?.Id ?? '')?.events).toHaveLength(1);
    const contests = new ContestStore(redis, keys);
    const ledger = new ContestLedger(redis, keys);
    const read = await store.leadWithActivities(leads[1]?.Id ?? '', {
      campaignMembers: true,
      assignment: true,
      alongside: (reads) => {
        reads.get(contests.versionKey).smembers(ledger.contestsWithEntriesKey(leads[1]?.Id ?? ''));
        store.queueGet(reads, 'Opportunity', sfId('006', 1));
      },
    });
    expect(read.lead?.Id).toBe(leads[1]?.Id);
    expect(read.tasks).toHaveLength(1);
    expect(read.campaignMembers).toHaveLength(1);
    expect(read.alongside).toEqual([null, [], expect.stringContaining(sfId('006', 1))]);
  });

  it('links people both ways and lists the unmatched', async () => {
    const store = new SyncedRecordStore(redis, keys);
    await store.applyPage('User', [
      makeUser({ Id: sfId('005', 1), Email: 'ana@example.com' }),
      makeUser({ Id: sfId('005', 9), Email: null }),
    ]);
    const people = new PeopleDirectory({
      // Never called: both people are settled without a Slack lookup (an override, no email).
      client: new WebClient('xoxb-unused', { slackApiUrl: 'http://127.0.0.1:9/api/' }),
      redis,
      keys,
      store,
      overrides: { 'ana@example.com': ANA },
      logger: createLogger({ level: 'silent' }),
    });
    await people.matchAll();
    expect(await people.slackIdFor(sfId('005', 1))).toBe(ANA);
    expect(await people.salesforceIdFor(ANA)).toBe(sfId('005', 1));
    expect((await people.unmatched()).map((u) => u.salesforceId)).toEqual([sfId('005', 9)]);
  });

  it('keeps contests and scores ledgers across contests in one pipeline', async () => {
    const contests = new ContestStore(redis, keys);
    const ledger = new ContestLedger(redis, keys);
    const first = makeContest({ id: 'cl01' });
    const second = makeContest({ id: 'cl02' });
    expect(await contests.create(first)).toBe(true);
    expect(await contests.create(second)).toBe(true);
    expect((await contests.list()).map((c) => c.id).sort()).toEqual(['cl01', 'cl02']);
    const updated = await contests.update('cl01', (c) => ({ ok: true, contest: { ...c, name: 'Renamed' } }));
    expect(updated.ok).toBe(true);

    const context = {
      now: new Date('2026-03-06T00:00:00Z'),
      slackUserFor: () => ANA,
      firstTouchDueAt: () => null,
    };
    const records = {
      leads: [makeLead(1)],
      tasks: [makeTask(1), makeTask(3, { CreatedDate: '2026-03-03T15:00:00.000+0000' })],
    };
    const subject = sfId('00Q', 1);
    const applied = await ledger.applySubjects(
      [first, second].map((contest) => ({
        contest,
        subject,
        entries: scoreActivities(contest, records, context),
      })),
    );
    expect(applied.map((a) => a.changed)).toEqual([2, 2]);
    expect([...(await ledger.contestsWithEntries(subject))].sort()).toEqual(['cl01', 'cl02']);
    await ledger.replaceAll(first, []);
    expect([...(await ledger.contestsWithEntries(subject))]).toEqual(['cl02']);
    expect((await ledger.standings(second))[0]).toMatchObject({ repId: ANA, points: 2 });
  });

  it('stores nudge digests, counts, touches, snoozes and alerts', async () => {
    const state = new NudgeState({ redis, keys });
    const alerts = new AlertState({ redis, keys });
    const record = {
      id: 'dg1',
      kind: 'rep' as const,
      recipientSlackId: ANA,
      recipientSalesforceId: sfId('005', 1),
      leadIds: ['00QA', '00QB', '00QC'],
      moreCount: 0,
      sentAt: '2026-03-02T14:00:00.000Z',
    };
    expect(await state.saveDigest(record)).toEqual(record);
    expect(await state.saveDigest({ ...record, leadIds: [] })).toEqual(record);
    expect(await state.digestsListing('00QB')).toEqual(['dg1']);
    await state.countSent('rep', ANA, '2026-03-02', { id: 'dg1', at: new Date('2026-03-02T14:00:00Z') });
    expect(await state.sentOn('rep', ANA, '2026-03-02')).toEqual(['dg1']);
    expect(await state.lastSentAt('rep', ANA)).toEqual(new Date('2026-03-02T14:00:00Z'));
    await state.markPendingTouch('00QA', 'w1', new Date(1_000));
    await state.markPendingTouch('00QC', 'w2', new Date(2_000));
    expect(await state.pendingTouches(['00QA', '00QB', '00QC'])).toEqual(
      new Map([
        ['00QA', new Date(1_000)],
        ['00QC', new Date(2_000)],
      ]),
    );
    await state.snooze('00QA', new Date(5_000));
    expect(await state.snoozesOf(['00QA', '00QB'], new Date(4_000))).toEqual(
      new Map([['00QA', new Date(5_000)]]),
    );
    await alerts.addLeads('dg1', ['00QD', '00QE']);
    expect((await state.digest('dg1'))?.leadIds).toEqual(['00QA', '00QB', '00QC', '00QD', '00QE']);
    expect(await state.digestsListing('00QE')).toEqual(['dg1']);
  });

  it('keeps shout-outs, TV links, routing turns, claims, hand-offs and Home values', async () => {
    const recognition = new RecognitionStore(redis, keys);
    const shoutout = {
      id: 'so1',
      authorId: ANA,
      recipients: [BEN, 'U0CARL003'],
      text: 'thanks',
      plain: 'thanks',
      style: 'peer' as const,
      opportunityId: null,
      channel: 'C0SALES01',
      deliveryKey: 'so1',
      source: 'command' as const,
      createdAt: '2026-03-02T14:00:00.000Z',
    };
    expect(await recognition.create(shoutout)).toBe(true);
    expect(await recognition.kudosOf(BEN)).toBe(1);
    expect(await recognition.markDeleted(shoutout, ANA, new Date('2026-03-02T15:00:00Z'))).toBe(true);
    expect(await recognition.kudosOf(BEN)).toBe(0);

    const tv = new TvLinkStore(redis, keys);
    const hash = 'a'.repeat(64);
    await tv.save({
      id: 'tv1',
      hash,
      managerSlackId: ANA,
      showLeadNames: false,
      createdAt: '2026-03-02T14:00:00Z',
    });
    expect(await tv.countOf(ANA)).toBe(1);
    expect(await tv.revoke(ANA, 'tv1')).toBe(true);
    expect(await tv.byHash(hash)).toBeNull();

    const routing = new RoutingStore(redis, keys);
    const candidates = [
      { userId: 'A', weight: 1 },
      { userId: 'B', weight: 1 },
    ];
    const first = await routing.pick('00GQ1', 't1', candidates);
    expect([first, await routing.pick('00GQ1', 't2', candidates)].sort()).toEqual(['A', 'B']);
    // A retried turn gets the member it got, not the next one.
    expect(await routing.pick('00GQ1', 't1', candidates)).toBe(first);

    const queues = new LeadQueueStore(redis, keys);
    const claim = { token: 'tk', state: 'writing' as const, slackUserId: ANA, at: '2026-03-02T14:00:00Z' };
    expect(await queues.tryClaim('arr1', claim)).toEqual({ won: true });
    expect(await queues.completeClaim('arr1', claim)).toBe(true);

    const handoffs = new HandoffRecords(redis, keys);
    await handoffs.recordReturn({
      leadId: '00QA',
      reason: 'bad fit',
      note: '',
      aeSalesforceId: SF_BEN,
      sdrSalesforceId: sfId('005', 1),
      at: '2026-03-02T14:00:00.000Z',
    });
    expect(await handoffs.returns()).toHaveLength(1);
    // The record and its AE's index entry sit in different slots: saved apart, read back by AE.
    await handoffs.save({
      leadId: '00QB',
      leadName: 'B',
      company: null,
      sdrSlackId: ANA,
      sdrSalesforceId: sfId('005', 1),
      aeSalesforceId: SF_BEN,
      summary: 'need, timing, budget',
      taskId: '00TB',
      handedOffAt: '2026-03-02T14:00:00.000Z',
      dueAt: '2026-03-02T18:00:00.000Z',
      state: 'pending',
    });
    expect((await handoffs.toAe(SF_BEN)).map((h) => h.leadId)).toEqual(['00QB']);

    const computed: Date[] = [];
    const home = new PrecomputedHomeValue(
      { redis, keys },
      {
        key: ['stores', 'rollup'],
        freshMs: 60_000,
        schema: z.number(),
        requestComputation: async (now) => void computed.push(now),
      },
    );
    expect(await home.forViewer(ANA, new Date(1_000))).toBeNull();
    expect(await home.store(42, new Date(2_000))).toBe(1);
    expect((await home.read())?.value).toBe(42);
    expect(computed).toHaveLength(1);
  });

  it("the SLA index writes, moves and reads many owners' entries (each owner its own slot)", async () => {
    const index = new SlaIndexStore({ redis, keys });
    const owners = ['005A', '005B', '005C', '005D', '005E'].map((o) => `${o}00000000000`);
    const [first = '', second = ''] = owners;
    await index.write(
      owners.map((ownerId, n) => ({ leadId: `00Q${n}`, ownerId, nextAt: 1_000 + n, state: 'overdue' })),
    );
    // A lead reassigned from the first owner to the second, and one gone.
    await index.write([
      { leadId: '00Q0', ownerId: second, nextAt: 500, state: 'due-soon' },
      { leadId: '00Q4', ownerId: null, nextAt: null, state: '' },
    ]);
    const due = await index.dueLeadIds(owners, new Date(10_000));
    expect(due.get(first)).toBeUndefined();
    expect(due.get(second)?.sort()).toEqual(['00Q0', '00Q1']);
    expect(due.has(owners[4] ?? '')).toBe(false);
    // Bounds are only lowered by writers; the scan raises them for owners it read.
    expect((await index.dueOwners(new Date(10_000))).sort()).toEqual([...owners].sort());
    await index.raiseOwnersNext(owners);
    expect((await index.dueOwners(new Date(10_000))).sort()).toEqual(owners.slice(1, 4).sort());
    expect(await index.states(second, ['00Q0'])).toEqual(new Map([['00Q0', 'due-soon']]));
    expect((await index.facts(due)).size).toBe(0); // entries written without facts
  });

  it('SlackDelivery claims, posts once and saves its record (one MULTI with the attempt it drops)', async () => {
    const logger = createLogger({ level: 'silent' });
    // deliver() never enqueues: the runtime is only there for enqueue and retract.
    const runtime = new JobRuntime({
      redisUrl: cluster?.seedUrl ?? '',
      prefix: PREFIX,
      cluster: true,
      logger,
    });
    const client = new WebClient('xoxb-cluster-stores', { retryConfig: { retries: 0 } });
    const delivery = new SlackDelivery({ runtime, client, redis, keys, logger });
    const slack = nock('https://slack.com')
      .post('/api/chat.postMessage')
      .reply(200, { ok: true, channel: 'D0STORES', ts: '1700000000.000100' });
    const request = { key: 'stores-dm-1', method: 'dm', args: { user: 'U0STORES', text: 'hi' } } as const;
    const posted = await delivery.deliver(request);
    expect(posted).toMatchObject({ channel: 'D0STORES', ts: '1700000000.000100' });
    expect(slack.isDone()).toBe(true);
    // Delivered again (a retried job): the saved record answers, Slack is not called.
    expect(await delivery.deliver(request)).toMatchObject({ ts: '1700000000.000100' });
    expect(await delivery.record('stores-dm-1')).toMatchObject({ channel: 'D0STORES' });
    await runtime.close(5_000);
  });

  it('spreads the keys it wrote over every master', () => {
    const counts = (cluster?.ports ?? []).map((port) =>
      Number(redisCli(port, ['eval', `return #redis.call('keys', ARGV[1])`, '0', `${PREFIX}*`]).trim()),
    );
    expect(
      counts.every((count) => count > 0),
      `keys per master: ${counts.join(', ')}`,
    ).toBe(true);
  });

  // Last: it stops a master. A command for a key that master served fails (a rejection the caller
  // can answer) instead of waiting for it to come back: the test fails by timing out otherwise.
  it('fails a command for a stopped master instead of waiting for it', async () => {
    const key = keys('stopped', 'probe');
    await redis.set(key, '1');
    const port = cluster?.ports.find((p) => redisCli(p, ['exists', key]).trim() === '1');
    expect(port).toBeDefined();
    redisCli(port ?? 0, ['shutdown', 'nosave']);
    await expect(redis.get(key)).rejects.toThrow();
  }, 60_000);
});
