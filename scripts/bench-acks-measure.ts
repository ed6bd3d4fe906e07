// The ack benchmark's measurement (scripts/bench-acks.ts): bare Bolt and bullpen take the same load in
// alternating blocks, so both meet the same moments of a shared machine. Measured one after the
// other, bare Bolt's own p99 at 200 req/s (the same acks, whatever the requests' kind) ranged from
// 5.6 to 21.3 ms between runs of the same day, and single 200 req/s runs of the same bullpen code
// gave 1.1x to 2.8x; interleaved, a stall of the machine lands in both targets' blocks alike.
import { createRedis } from '../src/platform/redis.ts';
import { cpuMs, type LoadGenerator } from './bench-acks-processes.ts';
import { answerLatency, summarise, type RateResult, type Sample } from './bench-acks-load.ts';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/**
 * BENCH_ACKS_ROUNDS: how many blocks each target's share of a rate is cut into (default 10: 2 s
 * blocks at 20 s per rate). The slow acks of a run come in bursts (a stall of the machine delays
 * every request in flight, in both targets alike), so the shorter the blocks, the more evenly
 * the stalls fall on the two.
 */
export const ROUNDS = Math.max(1, Number(process.env.BENCH_ACKS_ROUNDS ?? 10));
const TOTAL_REQUESTS = 10_000;
const TOP_UP_RATE = 150;
export const WARM_UP = { rate: 100, requests: 1_000 };
/** Between blocks the worker may still be answering; a block starts when the answers stop coming. */
const SETTLE_GIVE_UP_MS = 90_000;

export interface Target {
  url: string;
  sinkUrl: string;
  pid: number | undefined;
  /** bullpen's worker, whose CPU is reported beside the web process's (bare Bolt has none). */
  workerPid?: number | undefined;
  /** The Slack simulator and response_url sink (Slack's side, on the same cores here). */
  slackPid: number | undefined;
}

/** A rate's acks, and (bullpen only) its slash commands' answers. */
export type MeasuredRate = RateResult & { answers?: Awaited<ReturnType<typeof answerLatency>> };

export interface TargetResult {
  rates: MeasuredRate[];
  rssMbAfter10k: number;
  answeredViaResponseUrl: number;
}

/** Redis's own CPU time so far (INFO cpu, user + system), in ms. */
async function redisCpuMs(): Promise<number> {
  const redis = createRedis(REDIS_URL, 'commands');
  try {
    const info = await redis.info('cpu');
    const seconds = (name: string): number => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? 0);
    return Math.round((seconds('used_cpu_user') + seconds('used_cpu_sys')) * 1_000);
  } finally {
    await redis.quit();
  }
}

export async function sinkStats(
  sinkUrl: string,
): Promise<{ answers: Record<string, number>; lastText: Record<string, string> }> {
  return (await (await fetch(`${sinkUrl}/stats`)).json()) as {
    answers: Record<string, number>;
    lastText: Record<string, string>;
  };
}

const answered = async (sinkUrl: string): Promise<number> =>
  Object.values((await sinkStats(sinkUrl)).answers).reduce((a, b) => a + b, 0);

/** Waits until no new response_url answers arrived for a second (the worker caught up). */
async function settle(sinkUrl: string): Promise<void> {
  const started = Date.now();
  let last = -1;
  let quietSince = Date.now();
  for (;;) {
    const now = await answered(sinkUrl);
    if (now !== last) [last, quietSince] = [now, Date.now()];
    if (Date.now() - quietSince >= 1_000 || Date.now() - started > SETTLE_GIVE_UP_MS) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** What one target's blocks of a rate gathered. */
interface Tally {
  samples: Sample[];
  webCpu: number;
  workerCpu: number;
  slackCpu: number;
  redisCpu: number;
}

const emptyTally = (): Tally => ({ samples: [], webCpu: 0, workerCpu: 0, slackCpu: 0, redisCpu: 0 });

/** One block: `count` requests at `rate` to one target, then (bullpen) until its answers stop. */
async function block(
  load: LoadGenerator,
  target: Target,
  rate: number,
  count: number,
  offset: number,
  tally: Tally,
) {
  const before = {
    web: cpuMs(target.pid),
    worker: cpuMs(target.workerPid),
    slack: cpuMs(target.slackPid),
    redis: await redisCpuMs(),
  };
  tally.samples.push(...(await load.send({ target, rate, count, offset })));
  tally.webCpu += cpuMs(target.pid) - before.web;
  tally.workerCpu += target.workerPid ? cpuMs(target.workerPid) - before.worker : 0;
  tally.slackCpu += cpuMs(target.slackPid) - before.slack;
  tally.redisCpu += (await redisCpuMs()) - before.redis;
  if (target.workerPid) await settle(target.sinkUrl);
}

/** BENCH_ACKS_SLOWEST=1 prints each rate's 20 slowest acks (kind@ms-into-the-rate:latency). */
function printSlowest(who: string, samples: readonly Sample[]): void {
  if (!process.env.BENCH_ACKS_SLOWEST) return;
  const t0 = Math.min(...samples.map((s) => s.sentAt));
  const slow = [...samples].sort((a, b) => b.ms - a.ms).slice(0, 20);
  process.stderr.write(
    `  ${who} slowest (t0 ${t0}): ${slow.map((x) => `${x.kind}@${x.sentAt - t0}:${x.ms.toFixed(1)}`).join(' ')}\n`,
  );
}

async function summariseRate(who: string, target: Target, rate: number, tally: Tally): Promise<MeasuredRate> {
  printSlowest(who, tally.samples);
  process.stderr.write(
    `  ${who} CPU during its blocks: web ${tally.webCpu} ms, worker ${tally.workerCpu} ms, Redis ${tally.redisCpu} ms, Slack simulator ${tally.slackCpu} ms\n`,
  );
  const acks = summarise(rate, tally.samples, tally.webCpu);
  const measured = target.workerPid
    ? { ...acks, answers: await answerLatency(target.sinkUrl, tally.samples) }
    : acks;
  process.stderr.write(`  ${who} ${JSON.stringify(measured)}\n`);
  return measured;
}

/**
 * The same requests to both targets: warm-up (unmeasured), then each rate in ROUNDS pairs of
 * blocks whose order alternates (bare first, then bullpen first), then a top-up to 10,000 requests
 * each for the RSS reading.
 */
export async function measurePair(
  rates: readonly number[],
  secondsPerRate: number,
  targets: { bare: Target; bullpen: Target },
  rssMb: (pid: number | undefined) => number,
  load: LoadGenerator,
): Promise<{ bare: TargetResult; bullpen: TargetResult }> {
  const { bare, bullpen } = targets;
  const answeredBefore = await answered(bullpen.sinkUrl);
  await fetch(`${bullpen.sinkUrl}/arrivals`, { method: 'POST' });
  process.stderr.write(`  warm-up (not measured): ${WARM_UP.requests} at ${WARM_UP.rate} req/s each...\n`);
  for (const target of [bare, bullpen])
    await block(load, target, WARM_UP.rate, WARM_UP.requests, 0, emptyTally());
  let sent = WARM_UP.requests;
  const results = { bare: [] as MeasuredRate[], bullpen: [] as MeasuredRate[] };
  for (const rate of rates) {
    const perBlock = Math.round((rate * secondsPerRate) / ROUNDS);
    process.stderr.write(`  ${rate} req/s: ${ROUNDS} blocks of ${perBlock} requests each, alternating...\n`);
    const tallies = { bare: emptyTally(), bullpen: emptyTally() };
    for (let round = 0; round < ROUNDS; round += 1) {
      const order = round % 2 === 0 ? (['bare', 'bullpen'] as const) : (['bullpen', 'bare'] as const);
      for (const who of order) await block(load, targets[who], rate, perBlock, sent, tallies[who]);
      sent += perBlock;
    }
    results.bare.push(await summariseRate('bare Bolt', bare, rate, tallies.bare));
    results.bullpen.push(await summariseRate('bullpen', bullpen, rate, tallies.bullpen));
  }
  if (sent < TOTAL_REQUESTS) {
    process.stderr.write(
      `  ${TOTAL_REQUESTS - sent} more each at ${TOP_UP_RATE} req/s for the RSS reading...\n`,
    );
    for (const target of [bare, bullpen]) {
      await block(load, target, TOP_UP_RATE, TOTAL_REQUESTS - sent, sent, emptyTally());
    }
  }
  const answeredViaResponseUrl = (await answered(bullpen.sinkUrl)) - answeredBefore;
  return {
    bare: { rates: results.bare, rssMbAfter10k: rssMb(bare.pid), answeredViaResponseUrl: 0 },
    bullpen: { rates: results.bullpen, rssMbAfter10k: rssMb(bullpen.pid), answeredViaResponseUrl },
  };
}
