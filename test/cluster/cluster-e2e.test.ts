import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { getPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoIntegrationUser } from '@bullpen/demo-company';
import { startSalesforceEmulator, type SalesforceEmulator } from '@bullpen/salesforce-emulator';
import { startSlackSimulator, type SlackSimulator } from '@bullpen/slack-simulator';
import { loadConfig } from '../../src/config.ts';
import { createContestEngine } from '../../src/features/contests/index.ts';
import { SCAN_JOB } from '../../src/features/nudges/queue.ts';
import { NUDGE_ACTIONS } from '../../src/features/nudges/slack/blocks.ts';
import { buildFeatures, buildParts, type AppParts } from '../../src/main.ts';
import { createLogger } from '../../src/platform/http/logger.ts';
import {
  closeRedis,
  connectRedis,
  createRedis,
  deleteKeysWithPrefix,
  redisTarget,
} from '../../src/platform/redis.ts';
import { SLACK_EVENTS_PATH } from '../../src/platform/slack/app.ts';
import { requestSync } from '../../src/shared/sync/sync-jobs.ts';
import { POLICY_YAML, REP1, MGR1 } from '../features/nudges/local-setup.ts';
import { freePort, runCli, threadNiceValues, waitFor, type RunningCli } from '../helpers/process.ts';
import { waitForQueuesToDrain } from '../helpers/queues.ts';
import { hasRedisServer, warnIfNoRedisServer } from '../helpers/redis-server.ts';
import { redisCli, startRedisCluster, type OwnRedisCluster } from '../helpers/redis-cluster.ts';

/**
 * bullpen scaled out on a 3-master Redis Cluster that this file starts and stops itself: two
 * ROLE=web and two ROLE=worker processes share one Slack simulator and one Salesforce emulator.
 * The test process only sets the scene (a sync, a scan job) and acts as people through Slack.
 */

const BOT_TOKEN = 'xoxb-cluster-test-token';
const SIGNING_SECRET = 'cluster-signing-secret';
const SALES = 'C0DEMOSALES';
const PREFIX = 'bpcluster';
const STARTED_AT = Date.now();

warnIfNoRedisServer('the Redis Cluster end-to-end test');

describe.runIf(hasRedisServer)(
  'bullpen on a 3-master Redis Cluster, two web and two worker processes',
  () => {
    let cluster: OwnRedisCluster | undefined;
    let emulator: SalesforceEmulator | undefined;
    let simulator: SlackSimulator | undefined;
    let services: AppParts | undefined;
    let policyDir = '';
    const processes: { role: string; port: number; cli: RunningCli }[] = [];
    let env: Record<string, string> = {};

    const webUrl = (index: number): string => {
      const web = processes.filter((p) => p.role === 'web')[index];
      if (!web) throw new Error(`no web process #${index}`);
      return `http://127.0.0.1:${web.port}`;
    };
    const outputs = (): string =>
      processes.map((p) => `--- ${p.role} :${p.port}\n${p.cli.output().slice(-3000)}`).join('\n');

    /**
     * SIGTERM, and SIGKILL if the process is still there after a while: a stuck shutdown must not
     * leave processes behind or hang the suite (the test that hit it has already failed or passed).
     */
    async function stopProcess(cli: RunningCli): Promise<void> {
      if (cli.child.exitCode !== null || cli.child.signalCode !== null) return;
      cli.child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const stopped = await Promise.race([
        cli.exited.then(() => true),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), 20_000))),
      ]);
      clearTimeout(timer);
      if (stopped) return;
      console.warn(`a bullpen process ignored SIGTERM for 20 s; killing it\n${cli.output().slice(-3000)}`);
      cli.child.kill('SIGKILL');
      await cli.exited;
    }

    beforeAll(async () => {
      cluster = await startRedisCluster(3);
      emulator = await startSalesforceEmulator({ seed: 'demo' });
      simulator = await startSlackSimulator({ signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN });
      policyDir = mkdtempSync(join(tmpdir(), 'bullpen-cluster-policy-'));
      const policy = YAML.parse(POLICY_YAML) as Record<string, unknown>;
      const policyPath = join(policyDir, 'policy.yml');
      writeFileSync(
        policyPath,
        YAML.stringify({ ...policy, contests: { defaultTimeZone: 'America/New_York' } }),
      );
      env = {
        REDIS_URL: cluster.seedUrl,
        REDIS_CLUSTER: '1',
        REDIS_PREFIX: PREFIX,
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: `${simulator.url}/api/`,
        SF_CLIENT_ID: demoIntegrationUser.clientId,
        SF_CLIENT_SECRET: demoIntegrationUser.clientSecret,
        SF_LOGIN_URL: emulator.url,
        SF_CDC: 'off',
        SF_SYNC_INTERVAL_SECONDS: '3600',
        BULLPEN_CONFIG: policyPath,
        SHUTDOWN_TIMEOUT_MS: '1000',
        LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
      };
      // This process runs no workers: it enqueues jobs and reads state on the Cluster.
      const config = loadConfig({ ...env, ROLE: 'web', PORT: '0', LOG_LEVEL: 'silent' });
      services = buildParts({
        config,
        logger: createLogger({ level: 'silent' }),
        redis: connectRedis(redisTarget(config.env), createLogger({ level: 'silent' })),
        slack: { botToken: BOT_TOKEN, apiUrl: `${simulator.url}/api/` },
      });
      buildFeatures(services); // declares every queue, so the drain waits below see them all

      for (const role of ['web', 'web', 'worker', 'worker']) {
        const port = await freePort();
        processes.push({ role, port, cli: runCli(['start'], { ...env, ROLE: role, PORT: String(port) }) });
      }
      for (const { port, role } of processes) {
        await waitFor(async () => {
          const response = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined);
          return response?.status === 200 ? true : undefined;
        }, `the ${role} process on :${port} to be ready\n${outputs()}`);
      }
      // A worker syncs the demo org; its events (SLA index, contests) are handled before anything is asked.
      await requestSync(services.jobs);
      await waitForQueuesToDrain(services.jobs);
    }, 240_000);

    afterAll(async () => {
      await Promise.all(processes.splice(0).map(({ cli }) => stopProcess(cli)));
      if (services) {
        await services.jobs.close(1_000);
        await services.salesforce.close();
        await closeRedis(services.redis);
      }
      await simulator?.close();
      await emulator?.close();
      await cluster?.stop();
      if (policyDir) rmSync(policyDir, { recursive: true, force: true });
    }, 120_000);

    const salesMessages = (pattern: RegExp) =>
      (simulator?.workspace.messagesIn(SALES) ?? []).filter((m) => pattern.test(m.text));

    it('runs a contest from launch to final results, with a digest click written to Salesforce between', async () => {
      const sim = simulator!;
      const parts = services!;
      const engine = createContestEngine(parts);

      // A manager launches a contest through the first web process.
      sim.setAppUrl(`${webUrl(0)}${SLACK_EVENTS_PATH}`);
      const launched = await sim.sendSlashCommand(
        MGR1.slackId,
        SALES,
        '/contest',
        `start "Cluster blitz" metric:followups for:1h with:<@${REP1.slackId}>`,
      );
      expect(launched.status).toBe(200);
      const contest = await waitFor(
        async () =>
          (await engine.contests.list()).find((c) => c.name === 'Cluster blitz' && c.status === 'running'),
        `the contest to start\n${outputs()}`,
      );
      await waitFor(
        async () => (salesMessages(/^Leaderboard for Cluster blitz/).length === 1 ? true : undefined),
        `the live board post\n${outputs()}`,
      );

      // The nudge scan runs on a worker and sends the rep a digest.
      await parts.jobs.queueNamed('nudges').add(SCAN_JOB, {}, { jobId: 'cluster-scan' });
      const dm = sim.workspace.openDm(REP1.slackId).id;
      const digest = await waitFor(async () => {
        const post = sim
          .callsTo('chat.postMessage')
          .find((c) => c.response['ok'] === true && c.response['channel'] === dm);
        const blockId = /"block_id":"(nudge\.lead\.([^"]+))"/.exec(JSON.stringify(post?.args['blocks']));
        return post && blockId?.[1] && blockId[2]
          ? { ts: String(post.response['ts']), blockId: blockId[1], leadId: blockId[2] }
          : undefined;
      }, `the digest DM\n${outputs()}`);

      // The rep clicks Log email through the second web process: a completed Task in Salesforce.
      sim.setAppUrl(`${webUrl(1)}${SLACK_EVENTS_PATH}`);
      const click = await sim.clickButton(REP1.slackId, digest.ts, NUDGE_ACTIONS.logEmail, undefined, {
        blockId: digest.blockId,
      });
      expect(click.status).toBe(200);
      const task = await waitFor(
        async () =>
          [...emulator!.store.records('Task')].find(
            (t) => t['WhoId'] === digest.leadId && Date.parse(String(t['CreatedDate'])) >= STARTED_AT - 1_000,
          ),
        `the Task written for the click\n${outputs()}`,
      );
      expect(task['Status']).toBe('Completed');

      // Sam also logs a call in Salesforce on another lead; a worker syncs both Tasks and scores
      // them live, one follow-up point per lead (the ledger's script, on Cluster).
      const other = [...emulator!.store.records('Lead')].find(
        (l) => l['OwnerId'] === REP1.salesforceId && l['Id'] !== digest.leadId && l['IsConverted'] !== true,
      );
      const call = { WhoId: other?.['Id'], OwnerId: REP1.salesforceId, Subject: 'Call', TaskSubtype: 'Call' };
      emulator!.store.insert(
        'Task',
        { ...call, Status: 'Completed' },
        { userId: REP1.salesforceId, trusted: true },
      );
      await requestSync(parts.jobs);
      await waitFor(
        async () => ((await engine.ledger.scores(contest)).some((s) => s.points === 2) ? true : undefined),
        `both follow-up points on the board\n${outputs()}`,
      );
      await waitForQueuesToDrain(parts.jobs);
      // The manager ends the contest early: a recount from Salesforce, then the final results, once.
      await sim.sendSlashCommand(MGR1.slackId, SALES, '/contest', `end ${contest.id}`);
      const final = await waitFor(
        async () => salesMessages(/^Final results for Cluster blitz/)[0],
        `the final results post\n${outputs()}`,
      );
      expect(JSON.stringify(final.blocks)).toMatch(new RegExp(`🥇 ${REP1.name} · 2 follow-ups`));
      // The live scores on Cluster equal the recount from Salesforce: nothing to correct.
      expect(JSON.stringify(final.blocks)).not.toMatch(/score\(s\) corrected/);
      await waitForQueuesToDrain(parts.jobs);
      expect(salesMessages(/^Final results for Cluster blitz/)).toHaveLength(1);
      expect((await engine.contests.get(contest.id))?.status).toBe('ended');
    }, 300_000);

    it.skipIf(process.platform !== 'linux')(
      'runs each ROLE=worker below the CPU priority of the web processes (WORKER_NICE, default 10)',
      () => {
        const niceOf = (role: string) =>
          processes
            .filter((p) => p.role === role)
            .map(({ cli }) => [...new Set(threadNiceValues(cli.child.pid ?? 0))]);
        const started = getPriority(); // what the processes were started with: this runner's own
        expect(niceOf('worker')).toEqual([[Math.max(started, 10)], [Math.max(started, 10)]]);
        expect(niceOf('web')).toEqual([[started], [started]]);
      },
    );

    it("spreads bullpen's own keys and the job queues over every master", () => {
      const c = cluster!;
      const holding = (pattern: string) =>
        c.onEachMaster(['--scan', '--pattern', pattern]).map((out) => out.split('\n').filter(Boolean).length);
      // bullpen's own keys start with the bare prefix; BullMQ's with the queue's tag `{prefix:queue}`.
      const appKeys = holding(`${PREFIX}:*`);
      const total = appKeys.reduce((sum, n) => sum + n, 0);
      console.info(`bullpen's own keys per master after the flows: ${appKeys.join(', ')} (of ${total})`);
      for (const held of appKeys)
        expect(held, `keys per master: ${appKeys.join(', ')}`).toBeGreaterThanOrEqual(total / 10);
      const queueKeys = holding(`{${PREFIX}:*}:*`);
      expect(queueKeys.filter((n) => n > 0).length).toBeGreaterThanOrEqual(2);
    });

    async function doctorReport() {
      const doctor = runCli(['doctor', '--json'], env);
      await doctor.exited;
      const report = JSON.parse(doctor.output().slice(doctor.output().indexOf('{'))) as {
        checks: { name: string; status: string; detail: string; fix?: string }[];
      };
      const check = (name: string) => report.checks.find((c) => c.name === name);
      return { redis: check('redis'), eviction: check('redis-eviction'), output: doctor.output() };
    }

    it('bullpen doctor reports the Cluster and an evicting master by its address', async () => {
      const calm = await doctorReport();
      expect(calm.redis, calm.output).toMatchObject({ status: 'pass' });
      expect(calm.redis?.detail).toMatch(
        /Redis Cluster through redis:\/\/127\.0\.0\.1:\d+: 3 masters, cluster_state:ok/,
      );
      expect(calm.eviction).toBeUndefined();

      // One evicting master is enough for BullMQ to lose jobs: doctor names it.
      const port = cluster!.ports[1] ?? 0;
      redisCli(port, ['config', 'set', 'maxmemory-policy', 'allkeys-lru']);
      try {
        const warned = await doctorReport();
        expect(warned.redis).toMatchObject({ status: 'pass' });
        expect(warned.eviction, warned.output).toMatchObject({ status: 'warn' });
        expect(warned.eviction?.detail).toMatch(
          new RegExp(`^maxmemory-policy is 127\\.0\\.0\\.1:${port} allkeys-lru;`),
        );
        expect(warned.eviction?.fix).toMatch(/on every master$/);
      } finally {
        redisCli(port, ['config', 'set', 'maxmemory-policy', 'noeviction']);
      }
    }, 120_000);

    it("deletes bullpen's keys on every master (SCAN per node)", async () => {
      const client = createRedis({ url: cluster!.seedUrl, cluster: true }, 'commands');
      client.on('error', () => {}); // a failure shows as the calls' rejections
      try {
        const deleted = await deleteKeysWithPrefix(client, `${PREFIX}:`);
        expect(deleted).toBeGreaterThan(0);
        const left = cluster!
          .onEachMaster(['--scan', '--pattern', `${PREFIX}:*`])
          .join('')
          .trim();
        expect(left).toBe('');
      } finally {
        await closeRedis(client);
      }
    }, 120_000);
  },
);
