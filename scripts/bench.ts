// `npm run bench [sync|nudges|sla-index|business-clock|contests|emulator-dataset|startup|home-render|cdc|snoozes|acks ...]`: measures what users pay for in time, memory and API
// calls, and writes bench/results.json and bench/RESULTS.md (quoted in the README). Running only some
// benchmarks keeps the others' last results. Compare ratios within one run; absolute numbers depend
// on the machine.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { benchBusinessClock } from './bench-business-clock.ts';
import { benchAcks } from './bench-acks.ts';
import { benchCdc } from './bench-cdc.ts';
import { benchContests } from './bench-contests.ts';
import { benchEmulatorDataset } from './bench-dataset.ts';
import { benchHomeRender } from './bench-home.ts';
import { benchNudgeScan } from './bench-nudges.ts';
import { benchSnoozes } from './bench-snoozes.ts';
import { benchSlaIndex } from './bench-sla-index.ts';
import { benchStartup } from './bench-startup.ts';
import { benchSync, type SyncBenchResult } from './bench-sync.ts';

const RESULTS = new URL('../bench/results.json', import.meta.url);
const BENCHMARKS = [
  'sync',
  'nudges',
  'sla-index',
  'business-clock',
  'contests',
  'emulator-dataset',
  'startup',
  'home-render',
  'cdc',
  'snoozes',
  'acks',
];
const only = process.argv.slice(2);
const unknown = only.filter((name) => !BENCHMARKS.includes(name));
if (unknown.length > 0) {
  process.stderr.write(`unknown benchmark ${unknown.join(', ')}; choose from ${BENCHMARKS.join(', ')}\n`);
  process.exit(2);
}
const wants = (name: string): boolean => only.length === 0 || only.includes(name);

type Results = {
  sync?: SyncBenchResult[];
  nudges?: Record<string, number | string>;
  slaIndex?: Record<string, number>[];
  businessClock?: Record<string, number>;
  contests?: Record<string, number | string>;
  emulatorDataset?: Record<string, number | string>;
  startup?: Record<string, number | string>;
  homeRender?: Record<string, number | string>;
  cdc?: Record<string, number | string>;
  snoozes?: Record<string, number | string>;
  acks?: Record<string, number | string>;
  /** The machine of the latest run; `machines` says which machine ran each benchmark. */
  machine?: string;
  machines?: Record<string, string>;
  runs?: Record<string, string>;
};
const results: Results = existsSync(RESULTS) ? (JSON.parse(readFileSync(RESULTS, 'utf8')) as Results) : {};
const machine = `${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, Node ${process.versions.node}`;
// Results kept from earlier runs were measured on the machine recorded then, not this one.
results.machines ??= Object.fromEntries(
  Object.keys(results.runs ?? {}).map((n) => [n, results.machine ?? '?']),
);
results.machine = machine;
results.runs ??= {};
const stamp = new Date().toISOString();

if (wants('sync')) {
  const runs: SyncBenchResult[] = [];
  for (const [leads, mode] of [
    [25_000, 'rest'],
    [100_000, 'rest'],
    [100_000, 'bulk'],
  ] as const) {
    process.stderr.write(`sync: ${leads} leads, ${leads * 3} tasks, ${mode}...\n`);
    runs.push(await benchSync(leads, 3, mode));
  }
  results.sync = runs;
  results.runs['sync'] = stamp;
  results.machines['sync'] = machine;
}
if (wants('nudges')) {
  process.stderr.write('nudges: scan of 100,000 leads owned by 1,000 reps...\n');
  results.nudges = await benchNudgeScan();
  results.runs['nudges'] = stamp;
  results.machines['nudges'] = machine;
}
if (wants('sla-index')) {
  results.slaIndex = await benchSlaIndex();
  results.runs['sla-index'] = stamp;
  results.machines['sla-index'] = machine;
}
if (wants('business-clock')) {
  process.stderr.write('business-clock: one lead on its clock, O(1) timeline vs the step-by-step clock...\n');
  results.businessClock = benchBusinessClock();
  results.runs['business-clock'] = stamp;
  results.machines['business-clock'] = machine;
}
if (wants('contests')) {
  process.stderr.write('contests: 50 contests, 500 participants, 200,000 activities...\n');
  results.contests = await benchContests();
  results.runs['contests'] = stamp;
  results.machines['contests'] = machine;
}
if (wants('emulator-dataset')) {
  process.stderr.write('emulator-dataset: 100,000 leads, 300,000 tasks, 1,000 reps, 3 builds...\n');
  results.emulatorDataset = benchEmulatorDataset();
  results.runs['emulator-dataset'] = stamp;
  results.machines['emulator-dataset'] = machine;
}
if (wants('startup')) {
  process.stderr.write('startup: `bullpen start` in local mode to /healthz and /readyz, 5 starts...\n');
  results.startup = await benchStartup();
  results.runs['startup'] = stamp;
  results.machines['startup'] = machine;
}
if (wants('home-render')) {
  process.stderr.write(
    'home-render: a rep with 500 extra overdue leads and 2,000 shout-outs, 20 renders...\n',
  );
  results.homeRender = await benchHomeRender();
  results.runs['home-render'] = stamp;
  results.machines['home-render'] = machine;
}
if (wants('cdc')) {
  process.stderr.write('cdc: write to Slack alert through the change stream and through polling...\n');
  results.cdc = await benchCdc();
  results.runs['cdc'] = stamp;
  results.machines['cdc'] = machine;
}

if (wants('snoozes')) {
  process.stderr.write('snoozes: reading 50 leads’ snoozes among 100,000, old hash vs sorted set...\n');
  results.snoozes = await benchSnoozes();
  results.runs['snoozes'] = stamp;
  results.machines['snoozes'] = machine;
}

if (wants('acks')) {
  process.stderr.write('acks: signed commands and clicks at 50/100/200 req/s, bullpen vs bare Bolt...\n');
  results.acks = await benchAcks();
  results.runs['acks'] = stamp;
  results.machines['acks'] = machine;
}

const table = (values: Record<string, number | string>): string =>
  ['| measure | value |', '| --- | --- |', ...Object.entries(values).map(([k, v]) => `| ${k} | ${v} |`)].join(
    '\n',
  );

const runOf = (name: string): string =>
  `run ${results.runs?.[name] ?? '?'} on ${results.machines?.[name] ?? results.machine ?? '?'}`;
const sections: string[] = [`# Benchmark results`, `Latest run on ${results.machine}.`];
if (results.sync) {
  sections.push(
    `## Salesforce sync (first run, emulator in a separate process; ${runOf('sync')})`,
    [
      '| leads | tasks | mode | rows stored | seconds | records/s | API calls | floor | peak RSS MB | RSS growth MB | peak heap MB | Redis MB |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
      ...results.sync.map(
        (r) =>
          `| ${r.leads} | ${r.tasks} | ${r.mode} | ${r.rows} | ${r.seconds} | ${r.recordsPerSecond} | ${r.apiCalls} | ${r.apiCallsFloor} | ${r.peakRssMb} | ${r.rssGrowthMb} | ${r.peakHeapMb} | ${r.redisMemoryMb} |`,
      ),
    ].join('\n'),
  );
}
if (results.nudges) {
  sections.push(`## Stale-lead scan and digest delivery (${runOf('nudges')})`, table(results.nudges));
}
if (results.slaIndex && results.slaIndex.length > 0) {
  const columns = [...new Set(results.slaIndex.flatMap((r) => Object.keys(r)))];
  sections.push(
    `## SLA index: the scan's read at 25k/50k/100k stored leads, 1,000 due (${runOf('sla-index')})`,
    [
      `| ${columns.join(' | ')} |`,
      `| ${columns.map(() => '---').join(' | ')} |`,
      ...results.slaIndex.map((r) => `| ${columns.map((c) => r[c] ?? '').join(' | ')} |`),
    ].join('\n'),
  );
}
if (results.contests) {
  sections.push(
    `## Contest scoring and /leaderboard under load (${runOf('contests')})`,
    table(results.contests),
  );
}
const timed: [keyof Results & string, string, string][] = [
  ['emulatorDataset', 'emulator-dataset', 'Emulator dataset build: 100,000 leads in memory'],
  ['startup', 'startup', '`bullpen start` in local mode to /healthz and /readyz'],
  ['homeRender', 'home-render', 'App Home render for a heavy rep'],
  ['cdc', 'cdc', 'Speed to lead: a write in Salesforce to the Slack alert, change stream vs polling'],
  ['snoozes', 'snoozes', 'Snooze read at 100,000 snoozes: whole hash (old) vs the leads in hand (new)'],
  ['businessClock', 'business-clock', 'Business time per lead: O(1) timeline (new) vs step-by-step (old)'],
  [
    'acks',
    'acks',
    'Slack acks under load: bullpen (web + worker; worker as shipped at WORKER_NICE=10, then at equal priority) vs a bare Bolt app with the same receiver, in alternating blocks',
  ],
];
for (const [key, name, title] of timed) {
  const values = results[key];
  if (values && typeof values === 'object' && !Array.isArray(values)) {
    sections.push(`## ${title} (${runOf(name)})`, table(values));
  }
}
mkdirSync(new URL('../bench/', import.meta.url), { recursive: true });
writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
const markdown = `${sections.join('\n\n')}\n`;
writeFileSync(new URL('../bench/RESULTS.md', import.meta.url), markdown);
process.stdout.write(markdown);
