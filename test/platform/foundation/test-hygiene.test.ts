import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The suite must pass on a loaded 2-core machine with two copies running: speed is measured by
// `npm run bench`, never asserted in a test, and "nothing more happened" is checked after the job
// queues drain, not after a sleep. These checks keep it that way.

const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
/** The app's tests and each dev package's own tests. */
const TEST_ROOTS = [
  'test',
  ...readdirSync(join(REPO_ROOT, 'packages')).map((pkg) => join('packages', pkg, 'test')),
].filter((root) => existsSync(join(REPO_ROOT, root)));

function testFiles(): { path: string; lines: string[] }[] {
  return TEST_ROOTS.flatMap((root) =>
    readdirSync(join(REPO_ROOT, root), { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts') && !file.startsWith('helpers'))
      .map((file) => ({
        path: join(root, file),
        lines: readFileSync(join(REPO_ROOT, root, file), 'utf8').split('\n'),
      })),
  );
}

function offenders(matches: (lines: string[], index: number) => boolean): string[] {
  return testFiles().flatMap(({ path, lines }) =>
    lines.flatMap((line, index) => (matches(lines, index) ? [`${path}:${index + 1}: ${line.trim()}`] : [])),
  );
}

const SPEED_ASSERTION = /expect\((.*)\)\.(not\.)?toBe(Less|Greater)Than(OrEqual)?\(/;
const CLOCK_READING = /Date\.now\(\)|performance\.now\(\)|elapsed|[a-z]Ms\b|\bstarted\b|stopAt/;
const SLEEP = /await new Promise\(\(?\w*\)? => setTimeout\(\w+, [\d_]+\)\)/;

describe('test hygiene', () => {
  it('asserts no durations or time budgets', () => {
    const found = offenders((lines, index) => {
      const speed = SPEED_ASSERTION.exec(lines[index] ?? '');
      return speed !== null && CLOCK_READING.test(speed[1] ?? '');
    });
    expect(found).toEqual([]);
  });

  it('never sleeps and then asserts that nothing more happened', () => {
    const found = offenders((lines, index) => {
      if (!SLEEP.test(lines[index] ?? '')) return false;
      const next = lines.slice(index + 1).filter((line) => line.trim() !== '');
      return next.slice(0, 3).some((line) => line.includes('expect('));
    });
    expect(found).toEqual([]);
  });

  it('says why in the name of every test that can skip', () => {
    const found = offenders((lines, index) => {
      const title = /\.skipIf\([^)]*\)\(\s*'([^']*)'/.exec(lines[index] ?? '')?.[1];
      return title !== undefined && !/\(needs [^)]+\)/.test(title);
    });
    expect(found).toEqual([]);
  });
});
