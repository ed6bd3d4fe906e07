import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * ROLE=worker yields the CPU to a web process on the same machine (WORKER_NICE). Linux keeps a nice
 * value per thread, so every thread of the process must be lowered, not only the one that asked.
 * Run in a child process: lowering the test runner's own priority could not be undone.
 */

const MODULE = fileURLToPath(new URL('../../../src/platform/process-priority.ts', import.meta.url));
const HELPERS = fileURLToPath(new URL('../../helpers/process.ts', import.meta.url));

function niceValuesAfter(calls: number[]): { lowered: number[]; nice: number[] } {
  const script = `
    const { lowerProcessPriority } = await import(${JSON.stringify(MODULE)});
    const { threadNiceValues } = await import(${JSON.stringify(HELPERS)});
    const lowered = ${JSON.stringify(calls)}.map((nice) => lowerProcessPriority(nice));
    console.log(JSON.stringify({ lowered, nice: threadNiceValues('self') }));`;
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  return JSON.parse(output) as { lowered: number[]; nice: number[] };
}

describe.skipIf(!existsSync('/proc/self/task'))('a worker lowering its CPU priority (Linux)', () => {
  it("lowers every thread of the process, V8's and libuv's included", () => {
    const { lowered, nice } = niceValuesAfter([10]);

    expect(nice.length).toBeGreaterThan(1);
    expect(lowered).toEqual([nice.length]);
    expect(new Set(nice)).toEqual(new Set([10]));
  });

  it('never raises a priority an operator lowered further', () => {
    const { lowered, nice } = niceValuesAfter([15, 10]);

    expect(lowered[1]).toBe(0);
    expect(new Set(nice)).toEqual(new Set([15]));
  });
});
