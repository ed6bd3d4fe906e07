// `npm run bench`: measures what users pay for in time, memory and API calls, and writes the
// results to bench/results.json and bench/RESULTS.md (quoted in the README). Compare ratios within
// one run; absolute numbers depend on the machine.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { benchContests } from './bench-contests.ts';
import { benchNudgeScan } from './bench-nudges.ts';
import { benchSync, type SyncBenchResult } from './bench-sync.ts';

const only = process.argv.slice(2);
const wants = (name: string): boolean => only.length === 0 || only.includes(name);
const results: Record<string, unknown> = {
  machine: `${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, Node ${process.versions.node}`,
  at: new Date().toISOString(),
};
const sections: string[] = [];

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
  results['sync'] = runs;
  sections.push(
    [
      '## Salesforce sync (first run, emulator in a separate process)',
      '',
      '| leads | tasks | mode | rows stored | seconds | records/s | API calls | floor | peak RSS MB | RSS growth MB | peak heap MB | Redis MB |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
      ...runs.map(
        (r) =>
          `| ${r.leads} | ${r.tasks} | ${r.mode} | ${r.rows} | ${r.seconds} | ${r.recordsPerSecond} | ${r.apiCalls} | ${r.apiCallsFloor} | ${r.peakRssMb} | ${r.rssGrowthMb} | ${r.peakHeapMb} | ${r.redisMemoryMb} |`,
      ),
    ].join('\n'),
  );
}

const table = (values: Record<string, number | string>): string =>
  ['| measure | value |', '| --- | --- |', ...Object.entries(values).map(([k, v]) => `| ${k} | ${v} |`)].join(
    '\n',
  );

if (wants('nudges')) {
  process.stderr.write('nudges: scan of 100,000 leads owned by 1,000 reps...\n');
  const nudges = await benchNudgeScan();
  results['nudges'] = nudges;
  sections.push(['## Stale-lead scan and digest delivery', '', table(nudges)].join('\n'));
}

if (wants('contests')) {
  process.stderr.write('contests: 50 contests, 500 participants, 200,000 activities...\n');
  const contests = await benchContests();
  results['contests'] = contests;
  sections.push(['## Contest scoring and /leaderboard under load', '', table(contests)].join('\n'));
}

mkdirSync(new URL('../bench/', import.meta.url), { recursive: true });
writeFileSync(new URL('../bench/results.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
const markdown = [
  `# Benchmark results`,
  '',
  `Machine: ${String(results['machine'])}; run at ${String(results['at'])}.`,
  '',
  ...sections,
  '',
].join('\n');
writeFileSync(new URL('../bench/RESULTS.md', import.meta.url), markdown);
process.stdout.write(markdown);
