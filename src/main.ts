import { WebClient } from '@slack/web-api';
import type { AppConfig } from './config.ts';
import { createContestsFeature } from './features/contests/index.ts';
import { createDailySummaryFeature } from './features/daily-summary/index.ts';
import { createHelpFeature } from './features/help/index.ts';
import { createHomeFeature, type HomeFeature } from './features/home/index.ts';
import { createLeadQueuesFeature } from './features/lead-queues/index.ts';
import { createNudgesFeature } from './features/nudges/index.ts';
import { createRecognitionFeature } from './features/recognition/index.ts';
import { createRelayFeature } from './features/relay/index.ts';
import { createSyncHealthFeature } from './features/sync-health/index.ts';
import { createTvFeature } from './features/tv/index.ts';
import { prepareLocalMode, resolveSlack, startSalesforce } from './local-mode.ts';
import type { SalesforceEmulator, SlackSimulator } from './local-mode.ts';
import type { Clock } from './platform/clock.ts';
import { describeModes } from './platform/config/describe-modes.ts';
import type { Logger } from './platform/http/logger.ts';
import { registerQueueMetrics } from './platform/http/metrics.ts';
import { openOpsServer } from './platform/http/ops-server.ts';
import type { ProcessState } from './platform/http/readiness.ts';
import { routeRequests } from './platform/http/routes.ts';
import { DomainEventBus } from './platform/jobs/event-bus.ts';
import { registerHeartbeat, systemQueue } from './platform/jobs/heartbeat.ts';
import { JobRuntime } from './platform/jobs/runtime.ts';
import { closeOnce, Lifecycle, StartupAborted } from './platform/lifecycle.ts';
import { appKeyspace, closeRedis, connectRedis, redisTarget, type RedisClient } from './platform/redis.ts';
import { SalesforceGateway } from './platform/salesforce/gateway.ts';
import { createSlackRuntime, SLACK_EVENTS_PATH, type SlackRuntime } from './platform/slack/app.ts';
import { slackClientOptions } from './platform/slack/client-options.ts';
import { deliveryQueue, SlackDelivery } from './platform/slack/delivery.ts';
import type { SlackRouter } from './platform/slack/router.ts';
import { checkSlackAuth } from './platform/slack/token-check.ts';
import type { Feature, RefreshHome } from './shared/feature.ts';
import type { HomeSection } from './shared/home/section.ts';
import type { SharedParts } from './shared/parts.ts';
import { PeopleDirectory } from './shared/people/people.ts';
import { QueueDirectory } from './shared/people/queues.ts';
import { RoleResolver } from './shared/people/roles.ts';
import { domainEventId, type DomainEvent } from './shared/sync/domain-events.ts';
import { registerSalesforceJobs, syncQueue } from './shared/sync/sync-jobs.ts';
import { registerSyncMetrics } from './shared/sync/sync-metrics.ts';
import { SyncedRecordStore } from './shared/sync/synced-records.ts';

/**
 * The composition root: the one place that builds bullpen's objects, registers its features and
 * starts and stops them. Features get what they use from here (each factory names its own narrow
 * dependencies); nothing else lists features. `bullpen doctor` and `bullpen sync` (src/cli) build
 * the same parts with buildParts and buildFeatures.
 */

/** The objects one process shares: configuration, connections and the adapters built on them. */
export interface AppParts extends SharedParts {
  config: AppConfig;
}

export interface PartsOptions {
  config: AppConfig;
  logger: Logger;
  redis: RedisClient;
  slack: { botToken: string; apiUrl: string };
  /** Tests shorten @slack/web-api's retries so a missing mock fails fast instead of hanging. */
  slackRetries?: number;
  /** Tests move the Salesforce login backoff's clock instead of waiting. */
  salesforceClock?: () => Date;
}

/** Builds the shared parts once per process. Nothing here connects: ioredis and BullMQ connect lazily. */
export function buildParts(options: PartsOptions): AppParts {
  const { config, logger, redis } = options;
  const { env } = config;
  const keys = appKeyspace(env);
  const { REDIS_URL: redisUrl, REDIS_PREFIX: prefix, REDIS_CLUSTER: cluster } = env;
  const jobs = new JobRuntime({ redisUrl, prefix, cluster, logger });
  const store = new SyncedRecordStore(redis, keys);
  const retries = options.slackRetries !== undefined ? { retries: options.slackRetries } : {};
  const slack = new WebClient(
    options.slack.botToken,
    slackClientOptions({ apiUrl: options.slack.apiUrl, timeoutMs: env.SLACK_TIMEOUT_MS, logger, ...retries }),
  );
  const overrides = config.policy.people.slackOverrides;
  const people = new PeopleDirectory({ client: slack, redis, keys, store, overrides, logger });
  const salesforce = new SalesforceGateway(config.salesforce, logger, {
    redis,
    keys,
    timeoutMs: env.SF_TIMEOUT_MS,
    ...(options.salesforceClock ? { now: options.salesforceClock } : {}),
  });
  const delivery = new SlackDelivery({ runtime: jobs, client: slack, redis, keys, logger });
  const roles = new RoleResolver({ roles: config.policy.roles, client: slack, redis, keys, people, store });
  const bus = new DomainEventBus<DomainEvent>(jobs, domainEventId);
  const queues = new QueueDirectory({ redis, keys, salesforce, logger });
  return {
    config,
    logger,
    redis,
    jobs,
    keys,
    store,
    bus,
    salesforce,
    slack,
    delivery,
    people,
    queues,
    roles,
  };
}

export interface BuiltFeatures {
  /** In Slack registration order. */
  all: Feature[];
  /** Every feature's App Home sections (what Home shows, in each section's own order). */
  homeSections: HomeSection[];
}

/**
 * Every feature, built once. Home shows the others' sections and the others refresh a person's
 * Home after an action taken from it: the late-bound refreshHome closes that loop.
 */
export function buildFeatures(
  parts: AppParts,
  options: { clock?: Clock; publicUrl?: () => string } = {},
): BuiltFeatures {
  const late: { home?: HomeFeature } = {};
  const refreshHome: RefreshHome = (slackUserId) => late.home?.refreshHome(slackUserId) ?? Promise.resolve();
  const recognition = createRecognitionFeature(parts);
  const relay = createRelayFeature({ ...parts, refreshHome });
  const weeklyDigestSections = [relay].flatMap((f) => f.weeklyDigestSections ?? []);
  const nudges = createNudgesFeature({ ...parts, refreshHome, weeklyDigestSections });
  const contests = createContestsFeature({ ...parts, ...(options.clock ? { clock: options.clock } : {}) });
  const syncHealth = createSyncHealthFeature(parts);
  const leadQueues = createLeadQueuesFeature(parts);
  const homed = [nudges, contests, recognition, syncHealth, relay];
  const homeSections = homed.flatMap((f) => f.homeSections ?? []);
  const home = createHomeFeature({ ...parts, sections: homeSections });
  late.home = home;
  const { PUBLIC_URL, PORT } = parts.config.env;
  const publicUrl = options.publicUrl ?? (() => PUBLIC_URL ?? `http://localhost:${PORT}`);
  const tvPanels = [contests, nudges, recognition, leadQueues].flatMap((f) => [...(f.tvPanels ?? [])]);
  const tv = createTvFeature({ ...parts, panels: tvPanels, publicUrl });
  const dailySections = [nudges, contests, recognition].flatMap((f) => [...(f.dailySections ?? [])]);
  const daily = createDailySummaryFeature({ ...parts, sections: dailySections });
  parts.jobs.declare(
    syncQueue,
    ...[nudges, contests, recognition, leadQueues, relay, daily, home].flatMap((f) => f.queues ?? []),
  );
  parts.jobs.declare(deliveryQueue, systemQueue);
  const help = createHelpFeature(tv.bullpenSubcommands);
  return {
    all: [help, recognition, home, nudges, contests, syncHealth, leadQueues, relay, tv, daily],
    homeSections,
  };
}

/** Every feature's Slack listeners on one router. */
export function registerSlackListeners(router: SlackRouter, features: readonly Feature[]): void {
  for (const feature of features) feature.registerSlack?.(router);
}

export interface RunningBullpen {
  /** The address the HTTP server listens on (health, readiness, metrics, Slack). */
  url: string;
  services: AppParts;
  features: BuiltFeatures;
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

/** Worker role: the Salesforce connection, then every queue's processors and schedules. */
async function startWorkers(
  parts: AppParts,
  features: BuiltFeatures,
  lifecycle: Lifecycle,
  state: ProcessState,
): Promise<SalesforceEmulator | undefined> {
  const { config, logger, jobs, salesforce } = parts;
  state.phase = 'starting the Salesforce connection';
  const { apiVersion } = config.salesforce;
  const port = config.env.SF_EMULATOR_PORT;
  const emulator = await lifecycle.step(startSalesforce(salesforce, { port, apiVersion, logger }));
  state.phase = 'logging in to Salesforce';
  // Log in once now so readiness tells the truth from the start; a failure is reported, not fatal.
  await lifecycle.step(
    salesforce.connection().catch((error: unknown) => {
      logger.error(
        { err: error },
        'Salesforce login failed; check the SF_ variables (bullpen doctor explains)',
      );
    }),
  );
  state.phase = 'registering jobs in Redis';
  await lifecycle.step(registerSalesforceJobs(parts));
  // Imported here: its gRPC and Avro libraries are tens of MB the web role never uses.
  const changeStream = new (await import('./shared/sync/change-stream.ts')).ChangeStreamConsumer(parts);
  lifecycle.onClose('change stream', () => changeStream.stop());
  await lifecycle.step(changeStream.start());
  parts.delivery.registerWorker();
  for (const feature of features.all) await lifecycle.step(feature.startJobs?.() ?? Promise.resolve());
  await lifecycle.step(registerHeartbeat(jobs, parts.redis, parts.keys));
  jobs.startWorkers();
  return emulator;
}

export async function startBullpen(
  config: AppConfig,
  logger: Logger,
  options: StartOptions = {},
): Promise<RunningBullpen> {
  const settled = await prepareLocalMode(config, logger); // without the dev packages, local mode stops here
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
  const state: ProcessState = { phase: 'starting' };
  const redis = connectRedis(redisTarget(env), logger);
  lifecycle.onClose('redis', () => closeRedis(redis));
  const runsWorkers = env.ROLE !== 'web';
  // In local mode only this machine can reach bullpen unless HOST says otherwise.
  const host = env.HOST ?? (config.slack.mode === 'local' ? '127.0.0.1' : '0.0.0.0');
  const ops = await openOpsServer({ logger, redis, state, runsWorkers, lifecycle, host, port: env.PORT });

  state.phase = 'starting Slack';
  const rateLimitWindowMs = options.simulatorRateLimitWindowMs;
  const { settings, simulator } = await lifecycle.step(
    resolveSlack(config, logger, lifecycle, rateLimitWindowMs),
  );
  const retries = options.slackRetries !== undefined ? { slackRetries: options.slackRetries } : {};
  const parts = buildParts({ config, logger, redis, slack: settings, ...retries });
  const publicUrl = (): string => env.PUBLIC_URL ?? ops.url;
  const features = buildFeatures(parts, { publicUrl, ...(options.clock ? { clock: options.clock } : {}) });
  state.services = parts;
  registerQueueMetrics(ops.metrics, parts);
  registerSyncMetrics(ops.metrics, parts);
  lifecycle.onClose('salesforce', () => parts.salesforce.close());
  let forced = false;
  lifecycle.onClose('jobs', async () => {
    forced = (await parts.jobs.close(env.SHUTDOWN_TIMEOUT_MS)).forced;
  });

  const slack = env.ROLE === 'worker' ? undefined : startSlackRuntime(parts, features, settings, options);
  if (slack) lifecycle.onClose('slack', () => slack.stop());
  const getRoutes = features.all.flatMap((f) => [...(f.httpRoutes ?? [])]);
  state.fallback = routeRequests(slack?.requestListener, simulator?.url, logger, getRoutes);
  if (simulator) {
    simulator.setAppUrl(`${ops.url}${SLACK_EVENTS_PATH}`);
    logger.info(`Open ${simulator.url}/ in a browser to use bullpen in the local Slack workspace`);
  }
  const emulator = runsWorkers ? await startWorkers(parts, features, lifecycle, state) : undefined;
  if (slack) {
    state.phase = 'connecting to Slack';
    await lifecycle.step(slack.start());
    state.slackAuth = await lifecycle.step(checkSlackAuth(slack.app.client, logger));
  }
  state.phase = 'started';

  const close = closeOnce(logger, lifecycle, ops.http.stopAccepting, () => forced);
  const local = { ...(simulator && { simulator }), ...(emulator && { emulator }) };
  return { url: ops.url, services: parts, features, ...(slack && { slack }), ...local, close };
}

function startSlackRuntime(
  parts: AppParts,
  features: BuiltFeatures,
  settings: Parameters<typeof createSlackRuntime>[0],
  options: StartOptions,
): SlackRuntime {
  return createSlackRuntime(settings, (router) => registerSlackListeners(router, features.all), parts, {
    ...(options.slackRetries !== undefined ? { retries: options.slackRetries } : {}),
  });
}
