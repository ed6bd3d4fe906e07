// The ack benchmark's load: signed Slack requests (the kinds in turn, their people in turn) sent open
// loop at a fixed rate, and the per-rate summary of their ack latencies (scripts/bench-acks.ts).
import { Pool, request, type Dispatcher } from 'undici';
import { HOME_REFRESH_ACTION } from '../src/features/home/app/render.ts';
import { slackSignatureHeaders, slashCommandBody } from '../test/helpers/slack-signing.ts';

export const SECRET = 'bench-acks-signing-secret';
/** Slack's deadline: a request unanswered after it counts as unacked. */
export const ACK_DEADLINE_MS = 3_000;
export const REPS = ['U0DEMOREP01', 'U0DEMOREP02', 'U0DEMOREP03', 'U0DEMOREP04', 'U0DEMOREP05'];
const MANAGER = 'U0DEMOMGR01';
export const KINDS = ['leads', 'followup', 'contest-list', 'home-refresh'] as const;
export type Kind = (typeof KINDS)[number];
/** BENCH_ACKS_KINDS (comma-separated) sends only those kinds, to see one kind's cost when profiling. */
const SENT_KINDS: readonly Kind[] = process.env.BENCH_ACKS_KINDS
  ? KINDS.filter((kind) => process.env.BENCH_ACKS_KINDS?.split(',').includes(kind))
  : KINDS;

/** The signed body of the i-th request: the kinds in turn, their people in turn. */
export function requestBody(kind: Kind, i: number, sinkUrl: string): string {
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

export interface Sample {
  kind: Kind;
  ms: number;
  acked: boolean;
  /** The request's number (its response_url ends in it) and when it was sent (epoch ms). */
  index: number;
  sentAt: number;
}

export async function sendOne(
  dispatcher: Dispatcher,
  url: string,
  request_: { body: string; kind: Kind; index: number },
): Promise<Sample> {
  const { body, kind, index } = request_;
  const sentAt = Date.now();
  const started = performance.now();
  // Not AbortSignal.timeout: its timer would keep each request's objects alive for the whole 3 s,
  // and the load generator's own garbage collections (stopping every request it is timing) grew
  // with them to tens of milliseconds.
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), ACK_DEADLINE_MS);
  try {
    const res = await request(`${url}/slack/events`, {
      method: 'POST',
      dispatcher,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...slackSignatureHeaders(SECRET, body),
      },
      body,
      signal: deadline.signal,
    });
    await res.body.dump();
    return { kind, index, sentAt, ms: performance.now() - started, acked: res.statusCode === 200 };
  } catch {
    return { kind, index, sentAt, ms: performance.now() - started, acked: false };
  } finally {
    clearTimeout(timer);
  }
}

/** Open loop: request i goes out at start + i/rate whatever the earlier ones are doing. */
export async function openLoop(
  target: { url: string; sinkUrl: string },
  rate: number,
  count: number,
  offset: number,
): Promise<Sample[]> {
  // A new connection per request, as before, but from one Pool: an Agent drops its per-origin pool
  // whenever the last connection closes and builds another (with a 2,048-slot queue) for the next
  // request, which made most of the load generator's garbage.
  const pool = new Pool(target.url, { connections: 1_024, pipelining: 0 });
  const pending: Promise<Sample>[] = [];
  const started = performance.now();
  for (let i = 0; i < count; i += 1) {
    const due = started + (i * 1_000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const kind = SENT_KINDS[(offset + i) % SENT_KINDS.length] ?? 'leads';
    const index = offset + i;
    pending.push(sendOne(pool, target.url, { body: requestBody(kind, index, target.sinkUrl), kind, index }));
  }
  const samples = await Promise.all(pending);
  await pool.close();
  return samples;
}

export const percentile = (sorted: number[], p: number): number =>
  sorted.length === 0
    ? 0
    : (sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0);
export const round1 = (n: number): number => Math.round(n * 10) / 10;

export interface RateResult {
  rate: number;
  /** The acking process's CPU per request: what the web tier costs, however loaded the machine is. */
  webCpuMsPerRequest: number;
  requests: number;
  p50: number;
  p99: number;
  unacked: number;
  slowestKindP99: string;
}

export function summarise(rate: number, samples: Sample[], webCpu: number): RateResult {
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

/**
 * How long the slash commands' answers took to arrive on their response_url (sent -> first answer;
 * Home Refresh answers through views.publish and is not counted). Read after the worker caught up.
 */
export async function answerLatency(
  sinkUrl: string,
  samples: readonly Sample[],
): Promise<{ p50: number; p99: number; unanswered: number }> {
  const arrivals = (await (await fetch(`${sinkUrl}/arrivals`)).json()) as Record<string, number>;
  const commands = samples.filter((s) => s.kind !== 'home-refresh');
  const ms = commands
    .map((s) => arrivals[String(s.index)])
    .flatMap((at, i) => (at === undefined ? [] : [at - (commands[i]?.sentAt ?? at)]))
    .sort((a, b) => a - b);
  return {
    p50: round1(percentile(ms, 50)),
    p99: round1(percentile(ms, 99)),
    unanswered: commands.length - ms.length,
  };
}
