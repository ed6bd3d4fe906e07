import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor } from './process.ts';

export interface OwnRedisCluster {
  /** The masters' ports; any of them seeds a Cluster client. */
  ports: number[];
  /** A redis:// URL of one master, for REDIS_URL with REDIS_CLUSTER=1. */
  seedUrl: string;
  /** Each master's answer to a command run by redis-cli (e.g. CONFIG GET maxmemory-policy). */
  onEachMaster(args: string[]): string[];
  stop(): Promise<void>;
}

/** One node's answer to a command, through redis-cli. */
export const redisCli = (port: number, args: string[]): string =>
  spawnSync('redis-cli', ['-p', String(port), ...args], { encoding: 'utf8' }).stdout ?? '';
const cli = redisCli;

/**
 * A private Redis Cluster of `masters` nodes on free local ports (no replicas, no persistence),
 * ready when this resolves: every slot is served and every node says cluster_state:ok. The bus
 * port is chosen too (cluster-port), so a free port near 65535 cannot put it out of range.
 */
export async function startRedisCluster(masters = 3): Promise<OwnRedisCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'bullpen-cluster-'));
  const nodes: { port: number; server: ChildProcess }[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(
      nodes.map(async ({ server }) => {
        if (server.exitCode !== null || server.signalCode !== null) return;
        const exited = new Promise((resolve) => server.once('exit', resolve));
        server.kill('SIGTERM');
        await exited;
      }),
    );
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < masters; i += 1) {
      const [port, busPort] = [await freePort(), await freePort()];
      const server = spawn(
        'redis-server',
        [
          ...['--port', String(port), '--cluster-enabled', 'yes', '--cluster-port', String(busPort)],
          ...['--cluster-config-file', join(dir, `nodes-${port}.conf`), '--dir', dir],
          ...['--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction'],
        ],
        { stdio: 'ignore' },
      );
      nodes.push({ port, server });
    }
    const ports = nodes.map((n) => n.port);
    for (const port of ports) {
      await waitFor(
        async () => (/PONG/.test(cli(port, ['ping'])) ? true : undefined),
        `cluster node ${port}`,
      );
    }
    const created = spawnSync(
      'redis-cli',
      [
        '--cluster',
        'create',
        ...ports.map((p) => `127.0.0.1:${p}`),
        '--cluster-replicas',
        '0',
        '--cluster-yes',
      ],
      { encoding: 'utf8' },
    );
    if (created.status !== 0)
      throw new Error(`redis-cli --cluster create failed: ${created.stdout}${created.stderr}`);
    for (const port of ports) {
      await waitFor(
        async () => (/cluster_state:ok/.test(cli(port, ['cluster', 'info'])) ? true : undefined),
        `cluster_state:ok on node ${port}`,
      );
    }
    return {
      ports,
      seedUrl: `redis://127.0.0.1:${ports[0]}`,
      onEachMaster: (args) => ports.map((port) => cli(port, args)),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
