import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// The import rules of the house (README, "Development") are checked by dependency-cruiser with
// .dependency-cruiser.cjs. Here they run on the real tree, and on a small tree that breaks each
// rule on purpose, so a rule that stopped matching would be noticed.

const REPO = fileURLToPath(new URL('../../..', import.meta.url));
const DEPCRUISE = join(REPO, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruiser.mjs');
const CONFIG = join(REPO, '.dependency-cruiser.cjs');

function cruise(cwd: string, ...paths: string[]): { code: number | null; output: string } {
  const run = spawnSync(process.execPath, [DEPCRUISE, '--config', CONFIG, '--output-type', 'err', ...paths], {
    cwd,
    encoding: 'utf8',
  });
  return { code: run.status, output: `${run.stdout}${run.stderr}` };
}

/** One import per rule, each one the rule exists to refuse. */
const VIOLATIONS: Record<string, string> = {
  'src/platform/jobs/runner.ts':
    "import { x } from '../../features/nudges/app/scan.ts';\nexport const y = x;",
  'src/shared/sla/clock.ts': "import { x } from '../../features/nudges/app/scan.ts';\nexport const y = x;",
  'src/features/nudges/app/scan.ts':
    "import { z } from '../../contests/domain/score.ts';\nexport const x = z;",
  'src/features/contests/domain/score.ts':
    "import { Redis } from 'ioredis';\nimport { q } from '../slack/board.ts';\nexport const z = [Redis, q];",
  'src/features/contests/slack/board.ts': "import { m } from '../../../main.ts';\nexport const q = m;",
  'src/main.ts': "import { e } from '../packages/salesforce-emulator/src/index.ts';\nexport const m = e;",
  'src/local-mode.ts':
    "import { e } from '../packages/salesforce-emulator/src/index.ts';\nexport const l = e;",
  'src/shared/sla/cycle-a.ts': "import { b } from './cycle-b.ts';\nexport const a = () => b;",
  'src/shared/sla/cycle-b.ts': "import { a } from './cycle-a.ts';\nexport const b = () => a;",
  'packages/salesforce-emulator/src/index.ts':
    "import { l } from '../../../src/local-mode.ts';\nexport const e = l;",
};

describe('the import rules of the house', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'bullpen-house-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('hold for src/ and packages/', () => {
    const result = cruise(REPO, 'src', 'packages');
    expect(result.output).not.toMatch(/error /);
    expect(result.code).toBe(0);
  });

  it('refuse a tree that breaks each of them (a deliberate violation fails the check)', () => {
    for (const [path, text] of Object.entries(VIOLATIONS)) {
      mkdirSync(dirname(join(scratch, path)), { recursive: true });
      writeFileSync(join(scratch, path), `${text}\n`);
    }
    writeFileSync(join(scratch, 'tsconfig.json'), JSON.stringify({ compilerOptions: { allowJs: true } }));
    mkdirSync(join(scratch, 'node_modules', 'ioredis'), { recursive: true });
    writeFileSync(join(scratch, 'node_modules', 'ioredis', 'index.js'), 'export const Redis = 1;\n');
    writeFileSync(
      join(scratch, 'node_modules', 'ioredis', 'package.json'),
      '{"name":"ioredis","main":"index.js"}',
    );
    const result = cruise(scratch, 'src', 'packages');
    const output = result.output;
    expect(result.code).not.toBe(0);
    for (const rule of [
      'platform-imports-nothing-above-it: src/platform/jobs/runner.ts → src/features/nudges/app/scan.ts',
      'shared-imports-only-platform: src/shared/sla/clock.ts → src/features/nudges/app/scan.ts',
      'features-never-import-each-other: src/features/nudges/app/scan.ts → src/features/contests/domain/score.ts',
      'domain-is-pure: src/features/contests/domain/score.ts → node_modules/ioredis/index.js',
      'domain-is-pure: src/features/contests/domain/score.ts → src/features/contests/slack/board.ts',
      'features-are-composed-only-by-main: src/features/contests/slack/board.ts → src/main.ts',
      'dev-packages-only-through-local-mode: src/main.ts → packages/salesforce-emulator/src/index.ts',
      'local-mode-loads-dev-packages-dynamically: src/local-mode.ts → packages/salesforce-emulator/src/index.ts',
      'dev-packages-do-not-import-the-app: packages/salesforce-emulator/src/index.ts → src/local-mode.ts',
      'no-circular-imports: src/shared/sla/cycle-',
    ]) {
      expect(output).toContain(rule);
    }
  });
});
