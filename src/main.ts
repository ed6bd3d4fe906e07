import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { AppConfig } from './config/load.ts';
import { registerHeartbeat } from './jobs/heartbeat.ts';
import { JobRuntime } from './jobs/runtime.ts';
import { createOpsServer, type ReadinessCheck } from './ops/http-server.ts';
import type { Logger } from './ops/logger.ts';
import { createMetrics } from './ops/metrics.ts';
import type { Services } from './services.ts';
import { createSlackRuntime, type SlackRuntime } from './slack/app.ts';
import { slackFeatures } from './slack/features.ts';
import { createRedis, keyspace } from './store/redis.ts';

export interface RunningBullpen {
  /** The address the HTTP server listens on (health, readiness, metrics, Slack). */
  url: string;
  services: Services;
  slack?: SlackRuntime;
  /** Stops taking work, lets jobs finish until the deadline, closes connections. */
  close(): Promise<{ forced: boolean }>;
}

function describeModes(config: AppConfig): string[] {
  const lines: string[] = [`role: ${config.env.ROLE}`];
  const slack = config.slack;
  if (slack.mode === 'local') {
    lines.push('Slack: local mode (no SLACK_BOT_TOKEN) — the local Slack simulator is not configured yet');
  } else {
    lines.push(`Slack: ${slack.mode === 'socket' ? 'Socket Mode' : 'HTTP receiver'} against ${slack.apiUrl}`);
  }
  const sf = config.salesforce;
  if (sf.mode === 'emulator') {
    lines.push('Salesforce: local mode (no credentials) — the Salesforce emulator is not configured yet');
  } else {
    lines.push(`Salesforce: ${sf.auth.kind} login at ${sf.loginUrl} (API v${sf.apiVersion})`);
  }
  return lines;
}

export async function startBullpen(config: AppConfig, logger: Logger): Promise<RunningBullpen> {
  for (const line of describeModes(config)) logger.info(line);
  const { env } = config;
  const runsWeb = env.ROLE !== 'worker';
  const runsWorkers = env.ROLE !== 'web';

  const redis = createRedis(env.REDIS_URL, 'commands');
  let lastRedisError = '';
  redis.on('error', (error: NodeJS.ErrnoException) => {
    const code = error.code ?? error.message;
    // ioredis reports every reconnect attempt; one line per distinct failure is enough.
    if (code !== lastRedisError) logger.warn({ code }, `Redis unavailable at ${env.REDIS_URL}; retrying`);
    lastRedisError = code;
  });
  redis.on('ready', () => {
    if (lastRedisError) logger.info('Redis connection restored');
    lastRedisError = '';
  });

  const jobs = new JobRuntime({ redisUrl: env.REDIS_URL, prefix: env.REDIS_PREFIX, logger });
  const services: Services = { config, logger, redis, jobs, keys: keyspace(env.REDIS_PREFIX) };
  const metrics = createMetrics();

  let slack: SlackRuntime | undefined;
  let slackAuth: ReadinessCheck | undefined;
  if (runsWeb && config.slack.mode !== 'local') {
    slack = createSlackRuntime(config.slack, slackFeatures, services);
  }

  const readiness = async (): Promise<ReadinessCheck[]> => {
    const checks: ReadinessCheck[] = [];
    try {
      await redis.ping();
      checks.push({ name: 'redis', ok: true, detail: 'ping ok' });
    } catch (error) {
      checks.push({ name: 'redis', ok: false, detail: (error as Error).message });
    }
    if (runsWorkers) {
      checks.push({
        name: 'workers',
        ok: jobs.workersRunning,
        detail: jobs.workersRunning ? 'running' : 'not running',
      });
    }
    if (slackAuth) checks.push(slackAuth);
    return checks;
  };

  if (runsWorkers) {
    await registerHeartbeat(jobs, redis, env.REDIS_PREFIX);
    jobs.startWorkers();
  }

  const server: Server = createOpsServer({
    logger,
    metrics,
    readiness,
    ...(slack?.requestListener ? { fallback: slack.requestListener } : {}),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(env.PORT, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${address.port}`;
  logger.info({ port: address.port }, `HTTP server listening on ${url} (/healthz, /readyz, /metrics)`);

  if (slack) {
    await slack.start();
    try {
      const auth = await slack.app.client.auth.test();
      slackAuth = {
        name: 'slack',
        ok: true,
        detail: `authenticated as ${auth.user ?? 'bot'} in ${auth.team ?? 'team'}`,
      };
    } catch (error) {
      slackAuth = { name: 'slack', ok: false, detail: `auth.test failed: ${(error as Error).message}` };
      logger.error({ err: error }, 'Slack auth.test failed; check SLACK_BOT_TOKEN and SLACK_API_URL');
    }
  }

  let closing: Promise<{ forced: boolean }> | undefined;
  const close = (): Promise<{ forced: boolean }> => {
    closing ??= (async () => {
      logger.info('shutting down: no new requests or jobs');
      const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const result = await jobs.close(env.SHUTDOWN_TIMEOUT_MS);
      await slack?.stop().catch((error: unknown) => logger.warn({ err: error }, 'Slack stop failed'));
      server.closeAllConnections();
      await serverClosed;
      await redis.quit().catch(() => redis.disconnect());
      logger.info({ forced: result.forced }, 'shutdown complete');
      return result;
    })();
    return closing;
  };

  return { url, services, ...(slack ? { slack } : {}), close };
}
