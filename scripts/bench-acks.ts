// Slack-facing acks under load: bullpen (ROLE=web and ROLE=worker, two processes, against the Slack
// simulator and the embedded Salesforce emulator with the demo org) next to a bare Bolt app with
// the same receiver that only acks, on the same machine. An open-loop generator (a process of its
// own, bench-acks-loader.ts) sends signed /leads, /followup, `/contest list` and App Home Refresh
// clicks round-robin at 50, 100 and 200 req/s; each request's ack latency is its HTTP response
// time, a request unanswered after Slack's 3 s counts as unacked. Each rate's requests go to the
// two targets in alternating blocks (bench-acks-measure.ts), so a busy moment of the shared machine
// falls on both. Then each tops up to 10,000 requests and the web process's RSS is read. Both
// targets are first warmed up identically and unmeasured: the same 1,000 requests at 100 req/s (so
// the JIT has compiled the request path before the first measured rate); they count towards the
// 10,000. bullpen runs twice, its worker first as shipped (ROLE=worker lowers its CPU priority,
// WORKER_NICE=10) and then at the web process's priority (WORKER_NICE=0), each beside a bare Bolt
// app of its own, and with how long its slash commands' answers took to arrive on their
// response_url.
import { fileURLToPath } from 'node:url';
import { Agent } from 'undici';
import { createRedis, deleteKeysWithPrefix, keyspace } from '../src/platform/redis.ts';
import { freePort } from '../test/helpers/process.ts';
import { slashCommandBody } from '../test/helpers/slack-signing.ts';
import { rssMb, startChild, startLoadGenerator, stopChild, type Child } from './bench-acks-processes.ts';
import { REPS, SECRET, sendOne } from './bench-acks-load.ts';
import {
  measurePair,
  ROUNDS,
  sinkStats,
  WARM_UP,
  type Target,
  type TargetResult,
} from './bench-acks-measure.ts';

const BIN = fileURLToPath(new URL('../bin/bullpen.mjs', import.meta.url));
const script = (name: string): string => fileURLToPath(new URL(name, import.meta.url));
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const BOT_TOKEN = 'xoxb-bench-acks';
/** BENCH_ACKS_RATES (comma-separated) replaces the recorded 50, 100, 200 req/s for a profiling run. */
const RATES = (process.env.BENCH_ACKS_RATES ?? '50,100,200').split(',').map(Number);
/** BENCH_ACKS_SECONDS shortens each rate for a profiling run; the recorded bench uses 20 s. */
const SECONDS_PER_RATE = Number(process.env.BENCH_ACKS_SECONDS ?? 20);
/**
 * bullpen runs once per priority of its worker (BENCH_ACKS_WORKER_PRIORITY, comma-separated, default
 * "default,equal"): `default` is as shipped (ROLE=worker lowers itself to WORKER_NICE=10), `equal`
 * runs it at the web process's priority (WORKER_NICE=0), `idle` under Linux SCHED_IDLE
 * (`chrt --idle 0`, WORKER_NICE=0): it gets only CPU time no other process wants.
 */
type WorkerPriority = 'default' | 'equal' | 'idle';
const WORKER_PRIORITIES = (process.env.BENCH_ACKS_WORKER_PRIORITY ?? 'default,equal')
  .split(',')
  .map((mode): WorkerPriority => (mode === 'idle' || mode === 'equal' ? mode : 'default'));
/**
 * bullpen's web process runs with the NODE_OPTIONS the README recommends for ROLE=web: V8's young
 * generation capped at 8 MB semi-spaces. Without it V8 grows the young generation under this load
 * and RSS follows, though the live heap stays about 50 MB. BENCH_ACKS_WEB_NODE_OPTIONS replaces it
 * (empty: V8's defaults; add --cpu-prof to profile the web process).
 */
const WEB_NODE_OPTIONS = process.env.BENCH_ACKS_WEB_NODE_OPTIONS ?? '--max-semi-space-size=8';
/** BENCH_ACKS_WORKER_NODE_OPTIONS: the worker's NODE_OPTIONS (none by default; --cpu-prof to profile it). */
const WORKER_NODE_OPTIONS = process.env.BENCH_ACKS_WORKER_NODE_OPTIONS ?? '';

async function until200(url: string, what: string, child: Child): Promise<void> {
  const started = Date.now();
  for (;;) {
    try {
      if ((await fetch(url)).status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() - started > 180_000) throw new Error(`${what} never answered 200: ${child.stderrTail()}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Sync has matched the demo reps when a /leads is answered with their leads, not "couldn't match". */
async function untilPeopleMatched(target: { url: string; sinkUrl: string }, web: Child): Promise<void> {
  const started = Date.now();
  for (let i = 0; ; i += 1) {
    const body = new URLSearchParams(
      slashCommandBody({ command: '/leads', text: '', user_id: REPS[0] ?? '' }),
    );
    body.set('response_url', `${target.sinkUrl}/r/probe/${i}`);
    await sendOne(new Agent(), target.url, { body: body.toString(), kind: 'leads', index: -1 });
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const text = (await sinkStats(target.sinkUrl)).lastText['probe'];
    if (text !== undefined && !text.includes("couldn't match")) return;
    if (Date.now() - started > 180_000)
      throw new Error(`sync never matched the demo reps: ${web.stderrTail()}`);
  }
}

/**
 * The worker builds the SLA index once after its first sync (a one-time cost of an install, logged
 * as "SLA index rebuilt"); `/leads` and Home read it from then on. Measuring starts once it is built.
 */
async function untilSlaIndexBuilt(prefix: string, worker: Child): Promise<void> {
  const redis = createRedis(REDIS_URL, 'commands');
  const meta = keyspace(prefix)('nudges', 'sla', 'meta');
  try {
    const started = Date.now();
    while ((await redis.hget(meta, 'ready')) === null) {
      if (Date.now() - started > 180_000)
        throw new Error(`the SLA index was never built: ${worker.stderrTail()}`);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  } finally {
    await redis.quit();
  }
}

async function startBullpenPair(
  simulatorUrl: string,
  prefix: string,
  priority: WorkerPriority,
): Promise<{ web: Child; worker: Child; url: string }> {
  const common = {
    REDIS_URL,
    REDIS_PREFIX: prefix,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: `${simulatorUrl}/api/`,
    BULLPEN_LOCAL_SALESFORCE: '1',
    LOG_LEVEL: 'error',
  };
  const webPort = await freePort();
  const workerPort = await freePort();
  const worker = startChild(
    [BIN, 'start'],
    {
      ...common,
      ROLE: 'worker',
      PORT: String(workerPort),
      SF_EMULATOR_PORT: String(await freePort()),
      ...(WORKER_NODE_OPTIONS ? { NODE_OPTIONS: WORKER_NODE_OPTIONS } : {}),
      ...(priority === 'default' ? {} : { WORKER_NICE: '0' }),
    },
    priority === 'idle' ? 'idle' : 'normal',
  );
  const web = startChild([BIN, 'start'], {
    ...common,
    ROLE: 'web',
    PORT: String(webPort),
    ...(WEB_NODE_OPTIONS ? { NODE_OPTIONS: WEB_NODE_OPTIONS } : {}),
  });
  const url = `http://127.0.0.1:${webPort}`;
  await until200(`${url}/readyz`, 'the web process', web);
  await until200(`http://127.0.0.1:${workerPort}/readyz`, 'the worker process', worker);
  return { web, worker, url };
}

const ratio = (a: number, b: number): number => (b > 0 ? Math.round((a / b) * 10) / 10 : 0);

/** One bullpen run (how its worker was scheduled) and the bare Bolt run interleaved with it. */
interface BullpenRun {
  priority: WorkerPriority;
  result: TargetResult;
  bare: TargetResult;
}

const label = (priority: WorkerPriority): string =>
  ({
    default: 'bullpen',
    equal: 'bullpen (worker at equal priority)',
    idle: 'bullpen (worker SCHED_IDLE)',
  })[priority];

function flattenRun({ priority, result, bare }: BullpenRun, out: Record<string, number | string>): void {
  const who = label(priority);
  for (const [i, theirs] of bare.rates.entries()) {
    const mine = result.rates[i];
    if (!mine) continue;
    const at = `${theirs.rate} req/s (${theirs.requests} requests each)`;
    out[`${at}: ${who} p50 / p99 ms`] = `${mine.p50} / ${mine.p99}`;
    out[`${at}: bare Bolt interleaved with ${who} p50 / p99 ms`] = `${theirs.p50} / ${theirs.p99}`;
    out[`${at}: ${who} p99 ratio to bare`] = ratio(mine.p99, theirs.p99);
    out[`${at}: ${who} unacked (3 s) / bare`] = `${mine.unacked} / ${theirs.unacked}`;
    out[`${at}: ${who} slowest kind p99 ms`] = mine.slowestKindP99;
    out[`${at}: ${who} acking process CPU ms per request / bare`] =
      `${mine.webCpuMsPerRequest} / ${theirs.webCpuMsPerRequest}`;
    if (mine.answers) {
      out[`${at}: ${who} commands' answers on response_url p50 / p99 ms (unanswered)`] =
        `${mine.answers.p50} / ${mine.answers.p99} (${mine.answers.unanswered})`;
    }
  }
  out[`${who} web-process RSS MB after 10,000 requests / bare`] =
    `${result.rssMbAfter10k} / ${bare.rssMbAfter10k}`;
  out[`${who} answers through response_url (of the 7,500 commands)`] = result.answeredViaResponseUrl;
}

function flatten(runs: BullpenRun[]): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  for (const run of runs) flattenRun(run, out);
  out['bullpen web process NODE_OPTIONS (bare Bolt: none)'] = WEB_NODE_OPTIONS || 'none';
  out['warm-up before measuring, both targets (not counted)'] =
    `${WARM_UP.requests} requests at ${WARM_UP.rate} req/s`;
  out['each rate: blocks per target, alternating bare Bolt and bullpen'] = ROUNDS;
  return out;
}

async function startBare(
  slackPid: number | undefined,
  sinkUrl: string,
): Promise<{ child: Child; target: Target }> {
  const child = startChild([
    '--import',
    'tsx',
    script('./bench-acks-bare.ts'),
    JSON.stringify({ signingSecret: SECRET }),
  ]);
  const at = JSON.parse(await child.firstLine) as { url: string; pid: number };
  return { child, target: { url: at.url, sinkUrl, pid: at.pid, slackPid } };
}

/** bullpen's web and worker from start to stop, interleaved with a bare Bolt app of its own. */
async function benchBullpen(
  slack: { simulatorUrl: string; sinkUrl: string; slackPid: number | undefined },
  prefix: string,
  priority: WorkerPriority,
): Promise<BullpenRun> {
  process.stderr.write(`acks: starting ${label(priority)} (web + worker), waiting for its first sync...\n`);
  const pair = await startBullpenPair(slack.simulatorUrl, prefix, priority);
  let bare: Child | undefined;
  try {
    const bullpen: Target = {
      url: pair.url,
      sinkUrl: slack.sinkUrl,
      pid: pair.web.process.pid,
      workerPid: pair.worker.process.pid,
      slackPid: slack.slackPid,
    };
    await untilPeopleMatched(bullpen, pair.web);
    await untilSlaIndexBuilt(prefix, pair.worker);
    const started = await startBare(slack.slackPid, slack.sinkUrl);
    bare = started.child;
    const load = await startLoadGenerator();
    const measured = await measurePair(
      RATES,
      SECONDS_PER_RATE,
      { bare: started.target, bullpen },
      rssMb,
      load,
    ).finally(() => load.stop());
    process.stderr.write(
      `  web RSS ${measured.bullpen.rssMbAfter10k} MB (bare ${measured.bare.rssMbAfter10k}), ${measured.bullpen.answeredViaResponseUrl} answers\n`,
    );
    return { priority, result: measured.bullpen, bare: measured.bare };
  } finally {
    if (bare) await stopChild(bare, 'stdin');
    await stopChild(pair.web, 'SIGTERM');
    await stopChild(pair.worker, 'SIGTERM');
  }
}

export async function benchAcks(): Promise<Record<string, number | string>> {
  const slack = startChild([
    '--import',
    'tsx',
    script('./bench-acks-slack.ts'),
    JSON.stringify({ signingSecret: SECRET, botToken: BOT_TOKEN }),
  ]);
  const urls = {
    ...(JSON.parse(await slack.firstLine) as { simulatorUrl: string; sinkUrl: string }),
    slackPid: slack.process.pid,
  };
  const prefixes: string[] = [];
  try {
    const runs: BullpenRun[] = [];
    for (const priority of WORKER_PRIORITIES) {
      const prefix = `bench-acks-${process.pid}-${priority}`;
      prefixes.push(prefix);
      runs.push(await benchBullpen(urls, prefix, priority));
    }
    return flatten(runs);
  } finally {
    await stopChild(slack, 'stdin');
    const redis = createRedis(REDIS_URL, 'commands');
    for (const prefix of prefixes) await deleteKeysWithPrefix(redis, prefix);
    await redis.quit();
  }
}
