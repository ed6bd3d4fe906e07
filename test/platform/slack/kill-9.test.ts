import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.ts';
import { createContestEngine } from '../../../src/features/contests/index.ts';
import { END_NOW_JOB, contestsQueue } from '../../../src/features/contests/queue.ts';
import { finalState } from '../../../src/features/contests/app/finalise.ts';
import { contestSchema } from '../../../src/features/contests/domain/model.ts';
import { SCAN_JOB } from '../../../src/features/nudges/queue.ts';
import { createLogger } from '../../../src/platform/http/logger.ts';
import { runSync } from '../../../src/shared/sync/sync-jobs.ts';
import { buildParts, type AppParts as Services } from '../../../src/main.ts';
import { startSlackSimulator, type SlackSimulator } from '@bullpen/slack-simulator';
import { POLICY_YAML, REP1, REP2 } from '../../features/nudges/local-setup.ts';
import { freePort, runCli, waitFor, type RunningCli } from '../../helpers/process.ts';
import { TEST_REDIS_URL, useRedis } from '../../helpers/redis.ts';
import { startSalesforce } from '../../../src/local-mode.ts';

/**
 * `kill -9` of a real worker process while Slack has stored a post but its answer has not reached
 * bullpen; a second worker process must finish the work without posting anything twice, and soon
 * enough: the waits below (waitFor's 60 s bound) are shorter than a 120 s job lock would allow.
 */

const BOT_TOKEN = 'xoxb-kill9-test-token';
const SIGNING_SECRET = 'kill9-signing-secret';
const SALES = 'C0DEMOSALES';
/** Long enough that the first worker is still waiting for the answer when it is killed. */
const HELD_ANSWER_MS = 120_000;

describe('a worker killed with SIGKILL while a post is in flight', () => {
  const fixture = useRedis();
  let simulator: SlackSimulator;
  let services: Services;
  let env: Record<string, string>;
  const children: RunningCli[] = [];

  beforeEach(async () => {
    simulator = await startSlackSimulator({ signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN });
    const dir = mkdtempSync(join(tmpdir(), 'bullpen-kill9-'));
    const policyPath = join(dir, 'policy.yml');
    writeFileSync(policyPath, POLICY_YAML);
    env = {
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: fixture.prefix,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      BULLPEN_LOCAL_SALESFORCE: '1',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: `${simulator.url}/api/`,
      BULLPEN_CONFIG: policyPath,
      SF_SYNC_INTERVAL_SECONDS: '3600',
      SHUTDOWN_TIMEOUT_MS: '1000',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    };
    // This process only sets the scene and watches the queues: it runs no workers.
    const config = loadConfig({ ...env, ROLE: 'web', PORT: '0', LOG_LEVEL: 'silent' });
    services = buildParts({
      config,
      logger: createLogger({ level: 'silent' }),
      redis: fixture.connect(),
      slack: { botToken: BOT_TOKEN, apiUrl: `${simulator.url}/api/` },
    });
    await startSalesforce(services.salesforce, { port: 0, apiVersion: config.salesforce.apiVersion });
    await runSync(services, { force: true });
  });

  afterEach(async () => {
    for (const child of children.splice(0)) {
      child.child.kill('SIGKILL');
      await child.exited;
    }
    await services.jobs.close(1_000);
    await services.salesforce.close();
    await simulator.close();
  });

  async function startWorker(): Promise<RunningCli> {
    const cli = runCli(['start'], { ...env, ROLE: 'worker', PORT: String(await freePort()) });
    children.push(cli);
    return cli;
  }

  async function killNow(cli: RunningCli): Promise<void> {
    expect(cli.child.pid).toBeDefined();
    process.kill(cli.child.pid ?? 0, 'SIGKILL');
    expect((await cli.exited).signal).toBe('SIGKILL');
    children.splice(children.indexOf(cli), 1);
  }

  async function jobCompleted(queue: 'contests' | 'nudges', jobId: string): Promise<void> {
    await waitFor(
      async () =>
        (await services.jobs.queueNamed(queue).getJobState(jobId)) === 'completed' ? true : undefined,
      `${queue} job ${jobId} to complete on the second worker`,
    );
  }

  async function deliveriesDrained(): Promise<void> {
    await waitFor(async () => {
      const counts = await services.jobs
        .queueNamed('slack-delivery')
        .getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      return Object.values(counts).every((n) => n === 0) ? true : undefined;
    }, 'the slack-delivery queue to drain');
  }

  const dmMessages = () =>
    [...simulator.workspace.conversations.values()]
      .filter((c) => c.kind === 'im')
      .map((c) => ({ user: c.imUser, messages: simulator.workspace.messagesIn(c.id) }));

  it('posts the final contest results once, and the second worker finishes the contest', async () => {
    const now = Date.now();
    const contest = contestSchema.parse({
      id: 'kill-nine-blitz',
      name: 'Kill nine blitz',
      metric: 'followups',
      window: { start: new Date(now - 2 * 3_600_000), end: new Date(now + 3_600_000) },
      timeZone: 'America/New_York',
      channelId: SALES,
      participants: { kind: 'users', userIds: [REP1.slackId, REP2.slackId] },
      scope: { kind: 'all' },
      cadence: { liveUpdates: false, dailyStandingsAt: null },
      createdBy: 'U0DEMOMGR01',
      createdAt: new Date(now - 3 * 3_600_000),
      status: 'running',
      startedAt: new Date(now - 2 * 3_600_000),
    });
    expect(await createContestEngine(services).contests.create(contest)).toBe(true);
    simulator.setResponseDelay('chat.postMessage', HELD_ANSWER_MS);

    const first = await startWorker();
    await services.jobs.add(
      contestsQueue,
      END_NOW_JOB,
      { contestId: contest.id },
      { jobId: 'kill-nine-end' },
    );
    await waitFor(
      async () => (simulator.workspace.messagesIn(SALES).length > 0 ? true : undefined),
      `the final results post to reach Slack (worker output: ${first.output()})`,
    );
    await killNow(first);
    simulator.setResponseDelay('chat.postMessage', undefined);

    const second = await startWorker();
    await jobCompleted('contests', 'kill-nine-end').catch((error: unknown) => {
      throw new Error(`${String(error)}\nsecond worker output:\n${second.output()}`);
    });
    await deliveriesDrained();

    // The second worker looked for the interrupted post rather than trusting its own records.
    expect(simulator.callsTo('conversations.history').length).toBeGreaterThan(0);
    const posted = simulator.workspace.messagesIn(SALES);
    expect(posted.map((m) => m.text)).toHaveLength(1);
    expect(posted[0]?.text).toMatch(/Kill nine blitz/);
    expect((await finalState(createContestEngine(services), contest.id))['done']).toBeDefined();
    // Each participant's final-rank DM, once.
    const dms = dmMessages();
    expect(dms.map((dm) => dm.user).sort()).toEqual([REP1.slackId, REP2.slackId].sort());
    for (const dm of dms) expect(dm.messages, `DMs to ${dm.user}`).toHaveLength(1);
  }, 180_000);

  it('sends each rep one digest for the window though the sending worker died mid-post', async () => {
    simulator.setResponseDelay('chat.postMessage', HELD_ANSWER_MS);
    const first = await startWorker();
    await services.jobs.queueNamed('nudges').add(SCAN_JOB, {}, { jobId: 'kill-nine-scan' });
    await waitFor(
      async () => (dmMessages().some((dm) => dm.messages.length > 0) ? true : undefined),
      `a digest DM to reach Slack (worker output: ${first.output()})`,
    );
    const inFlight = dmMessages().filter((dm) => dm.messages.length > 0).length;
    await killNow(first);
    simulator.setResponseDelay('chat.postMessage', undefined);

    const second = await startWorker();
    await jobCompleted('nudges', 'kill-nine-scan').catch((error: unknown) => {
      throw new Error(`${String(error)}\nsecond worker output:\n${second.output()}`);
    });
    await waitFor(async () => {
      const counts = await services.jobs
        .queueNamed('nudges')
        .getJobCounts('waiting', 'active', 'prioritized');
      return Object.values(counts).every((n) => n === 0) ? true : undefined;
    }, 'the nudges queue to drain');
    await deliveriesDrained();

    const dms = dmMessages().filter((dm) => dm.messages.length > 0);
    expect(dms.length).toBeGreaterThanOrEqual(inFlight);
    expect(simulator.callsTo('conversations.history').length).toBeGreaterThanOrEqual(inFlight);
    // One digest per person per window (the policy allows one a day): no DM holds two.
    for (const dm of dms)
      expect(
        dm.messages.map((m) => m.text),
        `digests to ${dm.user}`,
      ).toHaveLength(1);
  }, 180_000);
});
