import type { RequestListener } from 'node:http';
import type { AppConfig } from './config.ts';
import type { SlackSettings } from './platform/config/load.ts';
import { redactUrl } from './platform/config/redact.ts';
import { registerHeartbeat } from './platform/jobs/heartbeat.ts';
import { workerFeatures } from './features/worker-registry.ts';
import { Lifecycle, StartupAborted } from './platform/lifecycle.ts';
import { readinessOf, type ProcessState } from './platform/http/readiness.ts';
import {
  createOpsServer,
  listen,
  notFound,
  serverCloser,
  type ReadinessCheck,
} from './platform/http/server.ts';
import type { Logger } from './platform/http/logger.ts';
import { createMetrics, registerQueueMetrics } from './platform/http/metrics.ts';
import { registerSyncMetrics } from './shared/sync/sync-metrics.ts';
import type { Services } from './services.ts';
import type { Clock } from './platform/clock.ts';
import { createSlackRuntime, SLACK_EVENTS_PATH, type SlackRuntime } from './platform/slack/app.ts';
import { slackFeatures } from './features/slack-registry.ts';
import { readManifest } from './platform/slack/manifest.ts';
import type { SlackRouter } from './platform/slack/router.ts';
import { describeSlackAuthFailure } from './platform/slack/token-check.ts';
import { prepareLocalMode, startLocalSlack, startSalesforce } from './local-mode.ts';
import type { SalesforceEmulator, SlackSimulator } from './local-mode.ts';
import { closeRedis, connectRedis } from './platform/redis.ts';
import type { Redis } from 'ioredis';
import { createServices } from './wiring.ts';

export interface RunningBullpen {
  /** The address the HTTP server listens on (health, readiness, metrics, Slack). */
  url: string;
  services: Services;
  slack?: SlackRuntime;
  /** The local Slack workspace simulator, when no Slack tokens are configured. */
  simulator?: SlackSimulator;
  /** The embedded Salesforce emulator, when no Salesforce credentials are configured (workers only). */
  emulator?: SalesforceEmulator;
  /** Stops taking work, lets jobs finish until the deadline, closes connections. */
  close(): Promise<{ forced: boolean }>;
}

export interface StartOptions {
  /** Tests shorten Slack client retries so a missing mock fails instead of hanging. */
  slackRetries?: number;
  /** Tests shorten the simulator's rate-limit window so a 429's Retry-After is one second. */
  simulatorRateLimitWindowMs?: number;
  /** A stop request (SIGTERM) during start-up: what is open is closed and start-up rejects. */
  signal?: AbortSignal;
  /** Tests run contests faster than real time (src/platform/clock.ts); real time when absent. */
  clock?: Clock;
}

type ConnectedSlack = Exclude<SlackSettings, { mode: 'local' }>;

/** Transitional, until every feature is a `Feature`: the Slack registry's features on one router. */
function registerSlackFeatures(router: SlackRouter, services: Services): void {
  for (const feature of slackFeatures) feature.register(router, services);
}

/** In local mode, a Slack simulator stands in for Slack, with throwaway credentials. */
async function resolveSlack(
  config: AppConfig,
  logger: Logger,
  options: StartOptions,
  lifecycle: Lifecycle,
): Promise<{ settings: ConnectedSlack; simulator?: SlackSimulator }> {
  if (config.slack.mode !== 'local') return { settings: config.slack };
  if (config.env.ROLE === 'worker') {
    logger.warn('local mode needs ROLE=all: the Slack simulator lives in the web process');
  }
  // The browser's command suggestions come from the manifest, so they match what bullpen handles.
  const slashCommands = readManifest().manifest.features.slash_commands.map((c) => ({
    command: c.command,
    ...(c.description ? { description: c.description } : {}),
    ...(c.usage_hint ? { usageHint: c.usage_hint } : {}),
  }));
  const local = await startLocalSlack({
    port: config.env.SLACK_SIMULATOR_PORT,
    slashCommands,
    ...(options.simulatorRateLimitWindowMs ? { rateLimitWindowMs: options.simulatorRateLimitWindowMs } : {}),
  });
  lifecycle.onClose('slack simulator', () => local.simulator.close());
  return local;
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

async function checkSlackAuth(slack: SlackRuntime, logger: Logger): Promise<ReadinessCheck> {
  try {
    const auth = await slack.app.client.auth.test();
    return {
      name: 'slack',
      ok: true,
      detail: `authenticated as ${auth.user ?? 'bot'} in ${auth.team ?? 'team'}`,
    };
  } catch (error) {
    logger.error({ err: error }, 'Slack auth.test failed; check SLACK_BOT_TOKEN and SLACK_API_URL');
    return { name: 'slack', ok: false, detail: describeSlackAuthFailure(error) };
  }
}

async function startWorkers(
  services: Services,
  lifecycle: Lifecycle,
  state: ProcessState,
): Promise<SalesforceEmulator | undefined> {
  const { env } = services.config;
  const { logger, jobs } = services;
  state.phase = 'starting the Salesforce connection';
  const { apiVersion } = services.config.salesforce;
  const emulator = await lifecycle.step(
    startSalesforce(services.salesforce, { port: env.SF_EMULATOR_PORT, apiVersion, logger }),
  );
  state.phase = 'logging in to Salesforce';
  // Log in once now so readiness tells the truth from the start; a failure is reported, not fatal.
  await lifecycle.step(
    services.salesforce.connection().catch((error: unknown) => {
      logger.error(
        { err: error },
        'Salesforce login failed; check the SF_ variables (bullpen doctor explains)',
      );
    }),
  );
  state.phase = 'registering jobs in Redis';
  for (const feature of workerFeatures) await lifecycle.step(feature.registerJobs(services));
  await lifecycle.step(registerHeartbeat(jobs, services.redis, env.REDIS_PREFIX));
  jobs.startWorkers();
  return emulator;
}

export async function startBullpen(
  config: AppConfig,
  logger: Logger,
  options: StartOptions = {},
): Promise<RunningBullpen> {
  const settled = await prepareLocalMode(config); // without the dev packages, local mode stops here
  for (const line of describeModes(settled)) logger.info(line);
  const lifecycle = new Lifecycle(options.signal);
  try {
    return await assemble(settled, logger, options, lifecycle);
  } catch (error) {
    await lifecycle.closeAll((name, err) => logger.warn({ err, part: name }, 'closing failed'));
    if (error instanceof StartupAborted) logger.info('shutdown complete (stopped during start-up)');
    throw error;
  }
}

async function assemble(
  config: AppConfig,
  logger: Logger,
  options: StartOptions,
  lifecycle: Lifecycle,
): Promise<RunningBullpen> {
  const { env } = config;
  const runsWeb = env.ROLE !== 'worker';
  const runsWorkers = env.ROLE !== 'web';
  const state: ProcessState = { phase: 'starting' };

  const redis = connectRedis(env.REDIS_URL, logger);
  lifecycle.onClose('redis', () => closeRedis(redis));
  const { url, http, metrics } = await openOpsServer(config, logger, {
    redis,
    state,
    runsWorkers,
    lifecycle,
  });

  state.phase = 'starting Slack';
  const { settings, simulator } = await lifecycle.step(resolveSlack(config, logger, options, lifecycle));
  const services = createServices({
    config,
    logger,
    redis,
    slack: { botToken: settings.botToken, apiUrl: settings.apiUrl },
    ...(options.slackRetries !== undefined ? { slackRetries: options.slackRetries } : {}),
  });
  // Transitional: features still receive the Services bag; the contests feature reads its clock there.
  if (options.clock) services.clock = options.clock;
  state.services = services;
  registerQueueMetrics(metrics, services);
  registerSyncMetrics(metrics, services);
  lifecycle.onClose('salesforce', () => services.salesforce.close());
  let forced = false;
  lifecycle.onClose('jobs', async () => {
    forced = (await services.jobs.close(env.SHUTDOWN_TIMEOUT_MS)).forced;
  });

  const slack = runsWeb
    ? createSlackRuntime(settings, (router) => registerSlackFeatures(router, services), services, {
        ...(options.slackRetries !== undefined ? { retries: options.slackRetries } : {}),
      })
    : undefined;
  if (slack) lifecycle.onClose('slack', () => slack.stop());
  state.fallback = routeRequests(slack?.requestListener, simulator, logger);
  if (simulator) {
    simulator.setAppUrl(`${url}${SLACK_EVENTS_PATH}`);
    logger.info(`Open ${simulator.url}/ in a browser to use bullpen in the local Slack workspace`);
  }
  const emulator = runsWorkers ? await startWorkers(services, lifecycle, state) : undefined;
  if (slack) {
    state.phase = 'connecting to Slack';
    await lifecycle.step(slack.start());
    state.slackAuth = await lifecycle.step(checkSlackAuth(slack, logger));
  }
  state.phase = 'started';

  const close = closeOnce(logger, lifecycle, http.stopAccepting, () => forced);
  const local = { ...(simulator && { simulator }), ...(emulator && { emulator }) };
  return { url, services, ...(slack && { slack }), ...local, close };
}

/** /healthz from the first moment: the ops server listens before anything else starts. */
async function openOpsServer(
  config: AppConfig,
  logger: Logger,
  parts: { redis: Redis; state: ProcessState; runsWorkers: boolean; lifecycle: Lifecycle },
) {
  const { redis, state, runsWorkers, lifecycle } = parts;
  const metrics = createMetrics();
  const server = createOpsServer({
    logger,
    metrics,
    readiness: readinessOf(redis, state, runsWorkers),
    fallback: (req, res) => (state.fallback ?? notFound)(req, res),
  });
  // In local mode only this machine can reach bullpen unless HOST says otherwise.
  const host = config.env.HOST ?? (config.slack.mode === 'local' ? '127.0.0.1' : '0.0.0.0');
  const url = await listen(server, host, config.env.PORT, logger);
  const http = serverCloser(server);
  lifecycle.onClose('http server', http.close);
  return { url, http, metrics };
}

/** Stops taking requests, then closes every part newest first; a second call gets the same promise. */
function closeOnce(
  logger: Logger,
  lifecycle: Lifecycle,
  stopAccepting: () => void,
  forced: () => boolean,
): () => Promise<{ forced: boolean }> {
  let closing: Promise<{ forced: boolean }> | undefined;
  return () => {
    closing ??= (async () => {
      logger.info('shutting down: no new requests or jobs');
      stopAccepting();
      await lifecycle.closeAll(
        (name, err) => logger.warn({ err, part: name }, 'closing failed'),
        (name) => logger.debug({ part: name }, 'closed'),
      );
      logger.info({ forced: forced() }, 'shutdown complete');
      return { forced: forced() };
    })();
    return closing;
  };
}

/**
 * Everything bullpen's own routes do not answer. Only POST /slack/events reaches Bolt's receiver,
 * which throws (and would end the process) on any request it does not handle: a load balancer
 * probing `/` gets a 404, a wrong method on Slack's route a 405.
 */
function routeRequests(
  boltListener: RequestListener | undefined,
  simulator: SlackSimulator | undefined,
  logger: Logger,
): RequestListener {
  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (simulator && req.method === 'GET' && (path === '/' || path === '')) {
      // People open bullpen's own port first; in local mode the workspace lives next door.
      res.writeHead(302, { location: `${simulator.url}/` });
      res.end();
      return;
    }
    if (path !== SLACK_EVENTS_PATH || !boltListener) return notFound(req, res);
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST', 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'method_not_allowed', allow: 'POST' }));
      return;
    }
    Promise.resolve()
      .then(() => boltListener(req, res))
      .catch((error: unknown) => {
        logger.warn({ err: error }, 'Slack request failed before a listener ran');
        if (!res.headersSent) notFound(req, res);
      });
  };
}
