import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppConfig, SlackSettings } from './config/load.ts';
import { redactUrl } from './config/redact.ts';
import { registerHeartbeat } from './jobs/heartbeat.ts';
import { workerFeatures } from './jobs/features.ts';
import { createOpsServer, type ReadinessCheck } from './ops/http-server.ts';
import type { Logger } from './ops/logger.ts';
import { createMetrics, registerServiceMetrics } from './ops/metrics.ts';
import type { Services } from './services.ts';
import { createSlackRuntime, SLACK_EVENTS_PATH, type SlackRuntime } from './slack/app.ts';
import { slackFeatures } from './slack/features.ts';
import { readManifest } from './slack/manifest.ts';
import { startSlackSimulator, type SlackSimulator } from './slack/simulator/index.ts';
import { createRedis } from './store/redis.ts';
import { createServices } from './wiring.ts';

export interface RunningBullpen {
  /** The address the HTTP server listens on (health, readiness, metrics, Slack). */
  url: string;
  services: Services;
  slack?: SlackRuntime;
  /** The local Slack workspace simulator, when no Slack tokens are configured. */
  simulator?: SlackSimulator;
  /** Stops taking work, lets jobs finish until the deadline, closes connections. */
  close(): Promise<{ forced: boolean }>;
}

export interface StartOptions {
  /** Tests shorten Slack client retries so a missing mock fails instead of hanging. */
  slackRetries?: number;
  /** Tests shorten the simulator's rate-limit window so a 429's Retry-After is one second. */
  simulatorRateLimitWindowMs?: number;
}

type ConnectedSlack = Exclude<SlackSettings, { mode: 'local' }>;

/** In local mode, a Slack simulator stands in for Slack, with throwaway credentials. */
async function resolveSlack(
  config: AppConfig,
  logger: Logger,
  runsWeb: boolean,
  options: StartOptions,
): Promise<{ settings: ConnectedSlack; simulator?: SlackSimulator }> {
  if (config.slack.mode !== 'local') return { settings: config.slack };
  const signingSecret = randomBytes(16).toString('hex');
  const botToken = `xoxb-local-${randomBytes(8).toString('hex')}`;
  if (!runsWeb) {
    logger.warn('local mode needs ROLE=all: the Slack simulator lives in the web process');
  }
  // The browser's command suggestions come from the manifest, so they match what bullpen handles.
  const slashCommands = readManifest().manifest.features.slash_commands.map((c) => ({
    command: c.command,
    ...(c.description ? { description: c.description } : {}),
    ...(c.usage_hint ? { usageHint: c.usage_hint } : {}),
  }));
  const simulator = await startSlackSimulator({
    port: config.env.SLACK_SIMULATOR_PORT,
    signingSecret,
    botToken,
    slashCommands,
    ...(options.simulatorRateLimitWindowMs ? { rateLimitWindowMs: options.simulatorRateLimitWindowMs } : {}),
  });
  return { settings: { mode: 'http', botToken, signingSecret, apiUrl: `${simulator.url}/api/` }, simulator };
}

function describeModes(config: AppConfig): string[] {
  const lines: string[] = [`role: ${config.env.ROLE}`];
  const slack = config.slack;
  const sf = config.salesforce;
  const localSlack =
    sf.mode === 'org'
      ? 'Slack: simulator on purpose (BULLPEN_LOCAL_SLACK=1) with a real Salesforce org: nobody in a real workspace sees bullpen'
      : 'Slack: local mode (no SLACK_BOT_TOKEN): using the local Slack workspace simulator';
  lines.push(
    slack.mode === 'local'
      ? localSlack
      : `Slack: ${slack.mode === 'socket' ? 'Socket Mode' : 'HTTP receiver'} against ${redactUrl(slack.apiUrl)}`,
  );
  const localSalesforce =
    slack.mode !== 'local'
      ? 'Salesforce: demo emulator on purpose (BULLPEN_LOCAL_SALESFORCE=1) with real Slack: demo people, demo data'
      : 'Salesforce: local mode (no credentials): using the embedded Salesforce emulator with demo data';
  lines.push(
    sf.mode === 'emulator'
      ? localSalesforce
      : `Salesforce: ${sf.auth.kind} login at ${redactUrl(sf.loginUrl)} (API v${sf.apiVersion})`,
  );
  return lines;
}

export async function startBullpen(
  config: AppConfig,
  logger: Logger,
  options: StartOptions = {},
): Promise<RunningBullpen> {
  for (const line of describeModes(config)) logger.info(line);
  const { env } = config;
  const runsWeb = env.ROLE !== 'worker';
  const runsWorkers = env.ROLE !== 'web';

  const redis = createRedis(env.REDIS_URL, 'commands');
  let lastRedisError = '';
  redis.on('error', (error: NodeJS.ErrnoException) => {
    const code = error.code ?? error.message;
    // ioredis reports every reconnect attempt; one line per distinct failure is enough.
    if (code !== lastRedisError)
      logger.warn({ code }, `Redis unavailable at ${redactUrl(env.REDIS_URL)}; retrying`);
    lastRedisError = code;
  });
  redis.on('ready', () => {
    if (lastRedisError) logger.info('Redis connection restored');
    lastRedisError = '';
  });

  const { settings: slackSettings, simulator } = await resolveSlack(config, logger, runsWeb, options);
  const services = createServices({
    config,
    logger,
    redis,
    slack: { botToken: slackSettings.botToken, apiUrl: slackSettings.apiUrl },
    ...(options.slackRetries !== undefined ? { slackRetries: options.slackRetries } : {}),
  });
  const { jobs } = services;
  const metrics = createMetrics();
  registerServiceMetrics(metrics, services);

  const slack = runsWeb ? createSlackRuntime(slackSettings, slackFeatures, services) : undefined;
  let slackAuth: ReadinessCheck | undefined;

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
    const salesforce = services.salesforce.loginStatus;
    if (runsWorkers && salesforce) checks.push({ name: 'salesforce', ...salesforce });
    return checks;
  };

  if (runsWorkers) {
    await services.salesforce.start({ emulatorPort: env.SF_EMULATOR_PORT });
    // Log in once now so readiness tells the truth from the start; a failure is reported, not fatal.
    await services.salesforce.connection().catch((error: unknown) => {
      logger.error(
        { err: error },
        'Salesforce login failed; check the SF_ variables (bullpen doctor explains)',
      );
    });
    for (const feature of workerFeatures) await feature.registerJobs(services);
    await registerHeartbeat(jobs, redis, env.REDIS_PREFIX);
    jobs.startWorkers();
  }

  const fallback = slack?.requestListener;
  const server: Server = createOpsServer({
    logger,
    metrics,
    readiness,
    fallback: (req, res) => {
      if (simulator && req.method === 'GET' && (req.url === '/' || req.url === '')) {
        // People open bullpen's own port first; in local mode the workspace lives next door.
        res.writeHead(302, { location: `${simulator.url}/` });
        res.end();
        return;
      }
      if (fallback) {
        fallback(req, res);
        return;
      }
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'not_found' }));
    },
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
  if (simulator) {
    simulator.setAppUrl(`${url}${SLACK_EVENTS_PATH}`);
    logger.info(`Open ${simulator.url}/ in a browser to use bullpen in the local Slack workspace`);
  }

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
      await simulator?.close();
      await services.salesforce.close();
      await redis.quit().catch(() => redis.disconnect());
      logger.info({ forced: result.forced }, 'shutdown complete');
      return result;
    })();
    return closing;
  };

  return { url, services, ...(slack ? { slack } : {}), ...(simulator ? { simulator } : {}), close };
}
