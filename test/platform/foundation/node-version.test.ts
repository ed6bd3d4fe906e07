import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { nodeVersionProblem } from '../../../bin/check-node.mjs';

const TOO_OLD =
  'bullpen needs Node.js 22.12 or newer (24 LTS recommended); this is Node 20.20.2. ' +
  'Install Node 24 (see .nvmrc) and run again.';

describe('the Node version check', () => {
  it('names the Node it needs in one line for an older Node, and passes 22.12 and newer', () => {
    expect(nodeVersionProblem('20.20.2')).toBe(TOO_OLD);
    expect(nodeVersionProblem('22.11.0')).toMatch(/this is Node 22\.11\.0\./);
    expect(nodeVersionProblem('22.12.0')).toBeUndefined();
    expect(nodeVersionProblem('24.21.0')).toBeUndefined();
    expect(nodeVersionProblem('25.0.0')).toBeUndefined();
  });

  it('runs before vitest in `npm test`, and is the check `bullpen` itself runs', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts['test']).toMatch(/^node bin\/check-node\.mjs && vitest run$/);
    const bin = readFileSync(new URL('../../../bin/bullpen.mjs', import.meta.url), 'utf8');
    expect(bin).toContain("from './check-node.mjs'");
    expect(bin).not.toMatch(/needs Node\.js/); // the message is written once, in check-node.mjs
  });

  it('exits 0 silently on this (recent) Node when run directly', () => {
    const run = spawnSync(
      process.execPath,
      [fileURLToPath(new URL('../../../bin/check-node.mjs', import.meta.url))],
      { encoding: 'utf8' },
    );
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
  });
});
