import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { getPriority } from 'node:os';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/bullpen.mjs', import.meta.url));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface RunningCli {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Runs the real `bullpen` CLI in a child process, with a minimal environment of our choosing. */
export function runCli(args: string[], env: Record<string, string>): RunningCli {
  let out = '';
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    // 'close', not 'exit': by then every line the child wrote has been read.
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => out, exited };
}

/**
 * How long a wait may take before the test fails as hung. Waits poll for a condition and return as
 * soon as it holds, so this bound never measures speed: it is generous so that a loaded 2-core
 * machine running two copies of the suite is slow, not failing. vitest's testTimeout is larger.
 */
export const HANG_BOUND_MS = 60_000;

/** Polls `probe` until it returns a value; fails only when the test would otherwise hang. */
export async function waitFor<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + HANG_BOUND_MS;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(
    `still waiting for ${what} after ${HANG_BOUND_MS / 1000} s${lastError ? `: ${String(lastError)}` : ''}`,
  );
}

/** The nice value of each thread of a process (Linux: its threads from /proc, each asked by id). */
export function threadNiceValues(pid: number | 'self'): number[] {
  return readdirSync(`/proc/${pid}/task`).map((thread) => getPriority(Number(thread)));
}
