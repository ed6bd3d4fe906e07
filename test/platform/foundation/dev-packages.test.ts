import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, HANG_BOUND_MS } from '../../helpers/process.ts';
import { TEST_REDIS_URL } from '../../helpers/redis.ts';

/**
 * The emulator, the simulator and the demo company are dev packages (packages/*, devDependencies of
 * the app): a production install runs without them, and local mode without them says what to do.
 */
const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
/** What an install and `bullpen start` read: the app, its CLI, the dev packages and the manifest. */
const SHIPPED = ['package.json', 'package-lock.json', 'bin', 'src', 'packages', 'manifests'];

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], cwd: string, env: Record<string, string>): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // A start-up that should refuse but runs instead must fail the test, not hang it.
    const hung = setTimeout(() => child.kill('SIGKILL'), HANG_BOUND_MS);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(hung);
      resolve({ code, stdout, stderr });
    });
  });
}

/** This Node and its npm first on PATH, HOME for npm's cache, and nothing else of ours. */
const baseEnv = (): Record<string, string> => ({
  PATH: [dirname(process.execPath), process.env.PATH ?? ''].join(delimiter),
  HOME: process.env.HOME ?? tmpdir(),
});

// A real `npm ci --omit=dev` (from npm's cache, as CI has just installed the same lockfile), not a
// simulated one: npm links workspace packages even with --omit=dev, which only a real install shows.
describe('a production install (npm ci --omit=dev)', { timeout: 300_000 }, () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bullpen-omit-dev-'));
    for (const entry of SHIPPED) {
      cpSync(join(REPO_ROOT, entry), join(dir, entry), {
        recursive: true,
        filter: (source) => !source.split(/[\\/]/).includes('node_modules'),
      });
    }
    const install = await run(
      'npm',
      ['ci', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund'],
      dir,
      baseEnv(),
    );
    if (install.code !== 0) throw new Error(`npm ci --omit=dev failed:\n${install.stderr}`);
  }, 300_000);
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const startWithoutCredentials = async (): Promise<Finished> => {
    const port = await freePort();
    return run(process.execPath, [join(dir, 'bin', 'bullpen.mjs'), 'start'], dir, {
      ...baseEnv(),
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: `bptest-omitdev-${port}`,
      PORT: String(port),
    });
  };

  it('has no dev tools, and still links the dev packages (npm does, for workspaces)', () => {
    const installed = readdirSync(join(dir, 'node_modules'));
    expect(installed).not.toContain('vitest');
    // pubsub-proto is a runtime dependency (Salesforce's pubsub_api.proto), the other three dev ones.
    expect(readdirSync(join(dir, 'node_modules', '@bullpen')).sort()).toEqual([
      'demo-company',
      'pubsub-proto',
      'salesforce-emulator',
      'slack-simulator',
    ]);
  });

  it('stops local mode with one line saying it needs the dev packages, and no stack trace', async () => {
    const start = await startWithoutCredentials();
    expect(start.code).toBe(2);
    expect(start.stdout).toBe('');
    expect(start.stderr.trimEnd().split('\n')).toEqual([
      expect.stringMatching(
        /^bullpen cannot start: local mode needs the dev packages .*@bullpen\/slack-simulator.*, and this install has no devDependencies \(--omit=dev\): run `npm install` \(without --omit=dev\), or set the Slack and Salesforce credentials/,
      ),
    ]);
  });

  it('says the same when the dev packages are not there at all', async () => {
    for (const devPackage of ['demo-company', 'salesforce-emulator', 'slack-simulator']) {
      rmSync(join(dir, 'node_modules', '@bullpen', devPackage), { recursive: true, force: true });
    }
    const start = await startWithoutCredentials();
    expect(start.code).toBe(2);
    expect(start.stdout).toBe('');
    expect(start.stderr.trimEnd().split('\n')).toEqual([
      expect.stringMatching(
        /^bullpen cannot start: local mode needs the dev packages .*, and they are not installed: run `npm install` \(without --omit=dev\), or set the Slack and Salesforce credentials/,
      ),
    ]);
  });
});

describe('the dev packages in src/', () => {
  it('are loaded by src/local-mode.ts only (ESLint cannot see a dynamic import elsewhere)', () => {
    const sources = readdirSync(join(REPO_ROOT, 'src'), { recursive: true, encoding: 'utf8' }).filter(
      (file) => file.endsWith('.ts'),
    );
    const loaders = sources.filter((file) =>
      /import\(\s*['"](@bullpen\/|[./]*packages\/)/.test(readFileSync(join(REPO_ROOT, 'src', file), 'utf8')),
    );
    expect(loaders).toEqual(['local-mode.ts']);
  });
});
