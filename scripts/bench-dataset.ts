// Building the emulator's 100,000-lead org (300,000 tasks, 1,000 reps) in memory: what the sync and
// nudge benchmarks, and `bullpen` in local mode at scale, wait for before anything else runs.
import { generateDataset } from '@bullpen/salesforce-emulator';

const RUNS = 3;
const NOW = Date.parse('2025-06-02T15:00:00.000Z');

const seconds = (ms: number): number => Math.round(ms / 100) / 10;

export function benchEmulatorDataset(): Record<string, number | string> {
  const timings: number[] = [];
  let rows = 0;
  for (let run = 0; run < RUNS; run += 1) {
    globalThis.gc?.();
    const started = performance.now();
    const data = generateDataset({ leads: 100_000, tasksPerLead: 3, reps: 1_000, now: NOW });
    timings.push(performance.now() - started);
    rows = Object.values(data).reduce((sum, records) => sum + records.length, 0);
  }
  timings.sort((a, b) => a - b);
  return {
    leads: 100_000,
    tasksPerLead: 3,
    reps: 1_000,
    rowsGenerated: rows,
    runs: RUNS,
    medianSeconds: seconds(timings[Math.floor(RUNS / 2)] ?? 0),
    fastestSeconds: seconds(timings[0] ?? 0),
    slowestSeconds: seconds(timings[RUNS - 1] ?? 0),
  };
}
