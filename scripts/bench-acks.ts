// Slack-facing acks under load: bullpen (ROLE=web and ROLE=worker, two processes, against the Slack
// simulator and the embedded Salesforce emulator with the demo org) next to a bare Bolt app with the
// same receiver that only acks, on the same machine. An open-loop generator sends signed /leads,
// /followup, `/contest list` and App Home Refresh clicks round-robin at 50, 100 and 200 req/s; each
// request's ack latency is its HTTP response time, a request unanswered after Slack's 3 s counts as
// unacked. Then it tops up to 10,000 requests and reads the web process's RSS.
// Both targets are first warmed up identically and unmeasured: the same 1,000 requests at 100 req/s
// (so the JIT has compiled the request path before the first measured rate); they count towards the
// 10,000 requests after which RSS is read.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Agent, request } from 'undici';
import { HOME_REFRESH_ACTION } from '../src/features/home/app/render.ts';
import { createRedis, deleteKeysWithPrefix } from '../src/platform/redis.ts';
import { freePort } from '../test/helpers/process.ts';
import { slackSignatureHeaders, slashCommandBody } from '../test/helpers/slack-signing.ts';

const BIN = fileURLToPath(new URL('../bin/bullpen.mjs', import.meta.url));
const script = (name: string): string => fileURLToPath(new URL(name, import.meta.url));
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const SECRET = 'bench-acks-signing-secret';
const BOT_TOKEN = 'xoxb-bench-acks';
const RATES = [50, 100, 200] as const;
/** BENCH_ACKS_SECONDS shortens each rate for a profiling run; the recorded bench uses 20 s. */
const SECONDS_PER_RATE = Number(process.env.BENCH_ACKS_SECONDS ?? 20);
const TOTAL_REQUESTS = 10_000;
const TOP_UP_RATE = 150;
const WARM_UP = { rate: 100, requests: 1_000 };
const ACK_DEADLINE_MS = 3_000;
/**
 * BENCH_ACKS_WORKER_NICE=10 runs bullpen's worker at a lower CPU priority than its web process, as
 * one would co-locate them on one small machine; by default both run at the same priority.
 */
const WORKER_NICE = Number(process.env.BENCH_ACKS_WORKER_NICE ?? 0);
/** Between rates the worker may still be answering; a rate starts when the answers stop coming. */
const SETTLE_GIVE_UP_MS = 90_000;
const REPS = ['U0DEMOREP01', 'U0DEMOREP02', 'U0DEMOREP03', 'U0DEMOREP04', 'U0DEMOREP05'];
const MANAGER = 'U0DEMOMGR01';
const KINDS = ['leads', 'followup', 'contest-list', 'home-refresh'] as const;
type Kind = (typeof KINDS)[number];

interface Child {
  process: ChildProcess;
  firstLine: Promise<string>;
  exited: Promise<void>;
  stderrTail: () => string;
}

function startChild(args: string[], env: Record<string, string> = {}, niceness = 0): Child {
  // `nice` execs node in the same process, so the pid (CPU, RSS) is node's.
  const [command, argv] =
    niceness > 0 ? ['nice', ['-n', String(niceness), process.execPath, ...args]] : [process.execPath, args];
  const child = spawn(command, argv, {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let tail = '';
  child.stderr?.on('data', (chunk: Buffer) => (tail = (tail + chunk.toString()).slice(-4_000)));
  const lines = createInterface({ input: child.stdout! });
  const firstLine = new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited (${code}): ${tail}`)));
  });
  // Only the helpers print a first line; bullpen's processes never do, and exit without one.
  firstLine.catch(() => undefined);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { process: child, firstLine, exited, stderrTail: () => tail };
}

async function stopChild(child: Child, signal: 'stdin' | 'SIGTERM'): Promise<void> {
  if (child.process.exitCode !== null) return;
  if (signal === 'stdin') child.process.stdin?.end();
  else child.process.kill('SIGTERM');
  await child.exited;
}

/** CPU time (user + system) a process has used so far, in ms; -1 when it cannot be read. */
function cpuMs(pid: number | undefined): number {
  try {
    // Fields 14 and 15 of /proc/<pid>/stat, after the parenthesised command name, in clock ticks (100 Hz).
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return -1;
  }
}

function rssMb(pid: number | undefined): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return Math.round(kb / 1024);
  } catch {
    return -1;
  }
}

/** The signed body of the i-th request: the kinds in turn, their people in turn. */
function requestBody(kind: Kind, i: number, sinkUrl: string): string {
  const responseUrl = `${sinkUrl}/r/${kind}/${i}`;
  const command = (name: string, text: string, userId: string): string => {
    const params = new URLSearchParams(slashCommandBody({ command: name, text, user_id: userId }));
    params.set('response_url', responseUrl);
    return params.toString();
  };
  const rep = REPS[i % REPS.length] ?? 'U0DEMOREP01';
  if (kind === 'leads') return command('/leads', '', rep);
  if (kind === 'followup') return command('/followup', '', MANAGER);
  if (kind === 'contest-list') return command('/contest', 'list', MANAGER);
  const payload = {
    type: 'block_actions',
    team: { id: 'T0DEMO', domain: 'demo' },
    user: { id: rep, username: 'someone', team_id: 'T0DEMO' },
    api_app_id: 'A0BULLPEN',
    token: 'legacy-verification-token',
    trigger_id: `1.2.${i}`,
    container: { type: 'view', view_id: 'V0HOME' },
    view: { id: 'V0HOME', type: 'home' },
    actions: [
      { action_id: HOME_REFRESH_ACTION, block_id: 'home', type: 'button', action_ts: `${Date.now() / 1000}` },
    ],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

interface Sample {
  kind: Kind;
  ms: number;
  acked: boolean;
}

async function sendOne(agent: Agent, url: string, body: string, kind: Kind): Promise<Sample> {
  const started = performance.now();
  try {
    const res = await request(`${url}/slack/events`, {
      method: 'POST',
      dispatcher: agent,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...slackSignatureHeaders(SECRET, body),
      },
      body,
      signal: AbortSignal.timeout(ACK_DEADLINE_MS),
    });
    await res.body.dump();
    return { kind, ms: performance.now() - started, acked: res.statusCode === 200 };
  } catch {
    return { kind, ms: performance.now() - started, acked: false };
  }
}

/** Open loop: request i goes out at start + i/rate whatever the earlier ones are doing. */
async function openLoop(
  target: { url: string; sinkUrl: string },
  rate: number,
  count: number,
  offset: number,
): Promise<Sample[]> {
  const agent = new Agent({ connections: 1_024, pipelining: 0 });
  const pending: Promise<Sample>[] = [];
  const started = performance.now();
  for (let i = 0; i < count; i += 1) {
    const due = started + (i * 1_000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const kind = KINDS[(offset + i) % KINDS.length] ?? 'leads';
    pending.push(sendOne(agent, target.url, requestBody(kind, offset + i, target.sinkUrl), kind));
  }
  const samples = await Promise.all(pending);
  await agent.close();
  return samples;
}

const percentile = (sorted: number[], p: number): number =>
  sorted.length === 0
    ? 0
    : (sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0);
const round1 = (n: number): number => Math.round(n * 10) / 10;

interface RateResult {
  rate: number;
  /** The acking process's CPU per request: what the web tier costs, however loaded the machine is. */
  webCpuMsPerRequest: number;
  requests: number;
  p50: number;
  p99: number;
  unacked: number;
  slowestKindP99: string;
}

function summarise(rate: number, samples: Sample[], webCpu: number): RateResult {
  const acked = samples
    .filter((s) => s.acked)
    .map((s) => s.ms)
    .sort((a, b) => a - b);
  // An unacked request counts at the deadline, so p99 cannot look better by dropping requests.
  const all = samples.map((s) => (s.acked ? s.ms : ACK_DEADLINE_MS)).sort((a, b) => a - b);
  const byKind = KINDS.map((kind) => {
    const ms = samples.filter((s) => s.kind === kind).map((s) => (s.acked ? s.ms : ACK_DEADLINE_MS));
    return {
      kind,
      p99: percentile(
        ms.sort((a, b) => a - b),
        99,
      ),
    };
  }).sort((a, b) => b.p99 - a.p99)[0];
  return {
    rate,
    webCpuMsPerRequest: Math.round((webCpu / samples.length) * 100) / 100,
    requests: samples.length,
    p50: round1(percentile(all, 50)),
    p99: round1(percentile(all, 99)),
    unacked: samples.length - acked.length,
    slowestKindP99: `${byKind?.kind ?? '?'} ${round1(byKind?.p99 ?? 0)}`,
  };
}

async function sinkStats(
  sinkUrl: string,
): Promise<{ answers: Record<string, number>; lastText: Record<string, string> }> {
  return (await (await fetch(`${sinkUrl}/stats`)).json()) as {
    answers: Record<string, number>;
    lastText: Record<string, string>;
  };
}

const answered = async (sinkUrl: string): Promise<number> =>
  Object.values((await sinkStats(sinkUrl)).answers).reduce((a, b) => a + b, 0);

/** Waits until no new response_url answers arrived for two seconds (the worker caught up). */
async function settle(sinkUrl: string): Promise<void> {
  const started = Date.now();
  let last = -1;
  for (;;) {
    const now = await answered(sinkUrl);
    if (now === last || Date.now() - started > SETTLE_GIVE_UP_MS) return;
    last = now;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
}

interface TargetResult {
  rates: RateResult[];
  rssMbAfter10k: number;
  answeredViaResponseUrl: number;
}

async function loadTarget(target: {
  url: string;
  sinkUrl: string;
  pid: number | undefined;
  /** bullpen's worker, whose CPU is reported beside the web process's. */
  workerPid?: number | undefined;
}): Promise<TargetResult> {
  const rates: RateResult[] = [];
  const before = await answered(target.sinkUrl);
  process.stderr.write(`  warm-up (not measured): ${WARM_UP.requests} at ${WARM_UP.rate} req/s...\n`);
  await openLoop(target, WARM_UP.rate, WARM_UP.requests, 0);
  await settle(target.sinkUrl);
  let sent = WARM_UP.requests;
  for (const rate of RATES) {
    process.stderr.write(`  ${rate} req/s for ${SECONDS_PER_RATE} s...\n`);
    const cpuBefore = cpuMs(target.pid);
    const workerBefore = cpuMs(target.workerPid);
    const samples = await openLoop(target, rate, rate * SECONDS_PER_RATE, sent);
    sent += samples.length;
    rates.push(summarise(rate, samples, cpuMs(target.pid) - cpuBefore));
    const workerCpu = target.workerPid ? cpuMs(target.workerPid) - workerBefore : 0;
    process.stderr.write(`  worker CPU during the rate: ${workerCpu} ms of ${SECONDS_PER_RATE * 1_000} ms\n`);
    process.stderr.write(`  ${JSON.stringify(rates.at(-1))}\n`);
    await settle(target.sinkUrl);
  }
  if (sent < TOTAL_REQUESTS) {
    process.stderr.write(`  ${TOTAL_REQUESTS - sent} more at ${TOP_UP_RATE} req/s for the RSS reading...\n`);
    await openLoop(target, TOP_UP_RATE, TOTAL_REQUESTS - sent, sent);
    await settle(target.sinkUrl);
  }
  return {
    rates,
    rssMbAfter10k: rssMb(target.pid),
    answeredViaResponseUrl: (await answered(target.sinkUrl)) - before,
  };
}

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
    await sendOne(new Agent(), target.url, body.toString(), 'leads');
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const text = (await sinkStats(target.sinkUrl)).lastText['probe'];
    if (text !== undefined && !text.includes("couldn't match")) return;
    if (Date.now() - started > 180_000)
      throw new Error(`sync never matched the demo reps: ${web.stderrTail()}`);
  }
}

async function startBullpenPair(
  simulatorUrl: string,
  prefix: string,
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
    },
    WORKER_NICE,
  );
  // BENCH_ACKS_WEB_NODE_OPTIONS (e.g. --cpu-prof) reaches the web process only, for profiling it.
  const profiling = process.env.BENCH_ACKS_WEB_NODE_OPTIONS;
  const web = startChild([BIN, 'start'], {
    ...common,
    ROLE: 'web',
    PORT: String(webPort),
    ...(profiling ? { NODE_OPTIONS: profiling } : {}),
  });
  const url = `http://127.0.0.1:${webPort}`;
  await until200(`${url}/readyz`, 'the web process', web);
  await until200(`http://127.0.0.1:${workerPort}/readyz`, 'the worker process', worker);
  return { web, worker, url };
}

const ratio = (a: number, b: number): number => (b > 0 ? Math.round((a / b) * 10) / 10 : 0);

function flatten(bullpen: TargetResult, bare: TargetResult): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  for (const [i, mine] of bullpen.rates.entries()) {
    const theirs = bare.rates[i];
    if (!theirs) continue;
    const at = `${mine.rate} req/s (${mine.requests} requests)`;
    out[`${at}: bullpen p50 / p99 ms`] = `${mine.p50} / ${mine.p99}`;
    out[`${at}: bare Bolt p50 / p99 ms`] = `${theirs.p50} / ${theirs.p99}`;
    out[`${at}: p99 ratio bullpen/bare`] = ratio(mine.p99, theirs.p99);
    out[`${at}: unacked (3 s) bullpen / bare`] = `${mine.unacked} / ${theirs.unacked}`;
    out[`${at}: bullpen slowest kind p99 ms`] = mine.slowestKindP99;
    out[`${at}: acking process CPU ms per request bullpen / bare`] =
      `${mine.webCpuMsPerRequest} / ${theirs.webCpuMsPerRequest}`;
  }
  out['bullpen worker niceness (BENCH_ACKS_WORKER_NICE)'] = WORKER_NICE;
  out['web-process RSS MB after 10,000 requests: bullpen / bare'] =
    `${bullpen.rssMbAfter10k} / ${bare.rssMbAfter10k}`;
  out['bullpen answers through response_url (of the 7,500 commands)'] = bullpen.answeredViaResponseUrl;
  out['warm-up before measuring, both targets (not counted)'] =
    `${WARM_UP.requests} requests at ${WARM_UP.rate} req/s`;
  return out;
}

export async function benchAcks(): Promise<Record<string, number | string>> {
  const slack = startChild([
    '--import',
    'tsx',
    script('./bench-acks-slack.ts'),
    JSON.stringify({ signingSecret: SECRET, botToken: BOT_TOKEN }),
  ]);
  const { simulatorUrl, sinkUrl } = JSON.parse(await slack.firstLine) as {
    simulatorUrl: string;
    sinkUrl: string;
  };
  const prefix = `bench-acks-${process.pid}`;
  let pair: Awaited<ReturnType<typeof startBullpenPair>> | undefined;
  let bare: Child | undefined;
  try {
    process.stderr.write('acks: starting bullpen (web + worker) and waiting for its first sync...\n');
    pair = await startBullpenPair(simulatorUrl, prefix);
    const bullpenTarget = {
      url: pair.url,
      sinkUrl,
      pid: pair.web.process.pid,
      workerPid: pair.worker.process.pid,
    };
    await untilPeopleMatched(bullpenTarget, pair.web);
    process.stderr.write('acks: bullpen\n');
    const bullpen = await loadTarget(bullpenTarget);
    process.stderr.write(
      `  web RSS ${bullpen.rssMbAfter10k} MB, ${bullpen.answeredViaResponseUrl} answers\n`,
    );
    await stopChild(pair.web, 'SIGTERM');
    await stopChild(pair.worker, 'SIGTERM');
    process.stderr.write('acks: bare Bolt\n');
    bare = startChild([
      '--import',
      'tsx',
      script('./bench-acks-bare.ts'),
      JSON.stringify({ signingSecret: SECRET }),
    ]);
    const bareAt = JSON.parse(await bare.firstLine) as { url: string; pid: number };
    const bareResult = await loadTarget({ url: bareAt.url, sinkUrl, pid: bareAt.pid });
    return flatten(bullpen, bareResult);
  } finally {
    if (pair) {
      await stopChild(pair.web, 'SIGTERM');
      await stopChild(pair.worker, 'SIGTERM');
    }
    if (bare) await stopChild(bare, 'stdin');
    await stopChild(slack, 'stdin');
    const redis = createRedis(REDIS_URL, 'commands');
    await deleteKeysWithPrefix(redis, prefix);
    await redis.quit();
  }
}
