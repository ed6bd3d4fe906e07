// `npm run bench [sync|nudges|contests ...]`: measures what users pay for in time, memory and API
// calls, and writes bench/results.json and bench/RESULTS.md (quoted in the README). Running only some
// benchmarks keeps the others' last results. Compare ratios within one run; absolute numbers depend
// on the machine.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { benchContests } from './bench-contests.ts';
import { benchNudgeScan } from './bench-nudges.ts';
import { benchSync, type SyncBenchResult } from './bench-sync.ts';

const RESULTS = new URL('../bench/results.json', import.meta.url);
const only = process.argv.slice(2);
const wants = (name: string): boolean => only.length === 0 || only.includes(name);

type Results = {
  sync?: SyncBenchResult[];
  nudges?: Record<string, number | string>;
  contests?: Record<string, number | string>;
  machine?: string;
  runs?: Record<string, string>;
};
const results: Results = existsSync(RESULTS) ? (JSON.parse(readFileSync(RESULTS, 'utf8')) as Results) : {};
results.machine = `${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, Node ${process.versions.node}`;
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
}
if (wants('nudges')) {
  process.stderr.write('nudges: scan of 100,000 leads owned by 1,000 reps...\n');
  results.nudges = await benchNudgeScan();
  results.runs['nudges'] = stamp;
}
if (wants('contests')) {
  process.stderr.write('contests: 50 contests, 500 participants, 200,000 activities...\n');
  results.contests = await benchContests();
  results.runs['contests'] = stamp;
}

const table = (values: Record<string, number | string>): string =>
  ['| measure | value |', '| --- | --- |', ...Object.entries(values).map(([k, v]) => `| ${k} | ${v} |`)].join(
    '\n',
  );

const sections: string[] = [`# Benchmark results`, `Machine: ${results.machine}.`];
if (results.sync) {
  sections.push(
    `## Salesforce sync (first run, emulator in a separate process; run ${results.runs['sync'] ?? '?'})`,
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
  sections.push(
    `## Stale-lead scan and digest delivery (run ${results.runs['nudges'] ?? '?'})`,
    table(results.nudges),
  );
}
if (results.contests) {
  sections.push(
    `## Contest scoring and /leaderboard under load (run ${results.runs['contests'] ?? '?'})`,
    table(results.contests),
  );
}
mkdirSync(new URL('../bench/', import.meta.url), { recursive: true });
writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
const markdown = `${sections.join('\n\n')}\n`;
writeFileSync(new URL('../bench/RESULTS.md', import.meta.url), markdown);
process.stdout.write(markdown);
