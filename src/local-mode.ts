/**
 * Local mode: the Slack simulator, the Salesforce emulator and the demo company stand in for Slack,
 * Salesforce and a policy file when their credentials are not set. They are dev packages
 * (packages/*, devDependencies of the app), and this is the only file in src/ that may import them,
 * by dynamic import(): a production install (`npm ci --omit=dev`) with real credentials never loads
 * them, and one without credentials stops with one line saying what to do.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { SalesforceEmulator } from '@bullpen/salesforce-emulator';
import type { SlackSimulator, SlashCommandHint } from '@bullpen/slack-simulator';
import { runsDemoCompany, withDemoPolicy, type AppConfig } from './config.ts';
import type { SlackSettings } from './platform/config/load.ts';
import type { Logger } from './platform/http/logger.ts';
import type { Lifecycle } from './platform/lifecycle.ts';
import { readManifest } from './platform/slack/manifest.ts';
import {
  passwordTarget,
  type LocalSalesforce,
  type SalesforceGateway,
} from './platform/salesforce/gateway.ts';

export type { SalesforceEmulator, SlackSimulator };

const SLACK_SIMULATOR = '@bullpen/slack-simulator';
const SALESFORCE_EMULATOR = '@bullpen/salesforce-emulator';
const DEMO_COMPANY = '@bullpen/demo-company';

/** Local mode was asked for, but the dev packages it runs on are not usable. */
export class LocalModeUnavailable extends Error {
  constructor(packages: readonly string[], problem: DevPackageProblem) {
    const why =
      problem === 'not installed'
        ? 'they are not installed'
        : 'this install has no devDependencies (--omit=dev)';
    super(
      `local mode needs the dev packages ${packages.join(', ')}, and ${why}: ` +
        'run `npm install` (without --omit=dev), or set the Slack and Salesforce credentials (see .env.example)',
    );
    this.name = 'LocalModeUnavailable';
  }
}

type DevPackageProblem = 'not installed' | 'without devDependencies';

const devPackageManifest = z.object({ devDependencies: z.record(z.string(), z.string()).default({}) });

function installedNear(dir: string, dependency: string): boolean {
  for (let at = dir; ; at = dirname(at)) {
    if (existsSync(join(at, 'node_modules', dependency, 'package.json'))) return true;
    if (dirname(at) === at) return false;
  }
}

/**
 * Why a dev package cannot be used, or undefined when it can. npm links workspace packages even
 * with --omit=dev (npm/cli#6670), so finding one proves nothing; its own devDependencies do, as
 * --omit=dev leaves those out.
 */
function devPackageProblem(name: string): DevPackageProblem | undefined {
  let manifestPath: string;
  try {
    manifestPath = fileURLToPath(import.meta.resolve(`${name}/package.json`));
  } catch {
    return 'not installed';
  }
  const manifest = devPackageManifest.parse(JSON.parse(readFileSync(manifestPath, 'utf8')));
  const dir = dirname(manifestPath);
  const complete = Object.keys(manifest.devDependencies).every((dependency) =>
    installedNear(dir, dependency),
  );
  return complete ? undefined : 'without devDependencies';
}

/** The dev packages this configuration runs on. */
function devPackagesFor(config: AppConfig): string[] {
  return [
    ...(config.slack.mode === 'local' ? [SLACK_SIMULATOR] : []),
    ...(config.salesforce.mode === 'emulator' ? [SALESFORCE_EMULATOR] : []),
    ...(runsDemoCompany(config) ? [DEMO_COMPANY] : []),
  ];
}

/**
 * Checks, before anything starts, that the dev packages this configuration needs are usable, and
 * layers the demo company's policy onto it when it runs the demo company. Throws
 * LocalModeUnavailable naming what is missing; a configuration with no local part passes through.
 */
export async function prepareLocalMode(config: AppConfig, logger?: Pick<Logger, 'info'>): Promise<AppConfig> {
  const needed = devPackagesFor(config);
  const problems = needed.map(devPackageProblem);
  if (problems.includes('not installed')) throw new LocalModeUnavailable(needed, 'not installed');
  if (problems.includes('without devDependencies')) {
    throw new LocalModeUnavailable(needed, 'without devDependencies');
  }
  if (!needed.includes(DEMO_COMPANY)) return config;
  const { demoPolicy } = await import('@bullpen/demo-company');
  logger?.info(DEMO_CALENDAR_NOTE);
  return withDemoPolicy(config, demoPolicy);
}

/**
 * Said at start-up when the demo company runs: its calendar is round the clock, so digests and
 * escalations arrive at any hour wherever the person trying bullpen is.
 */
export const DEMO_CALENDAR_NOTE =
  'Working hours: the demo company works round the clock (every day, 00:00–24:00), so digests and ' +
  'escalations arrive at any hour; a policy file (BULLPEN_CONFIG) sets real ones in sla.calendar';

export interface LocalSlackOptions {
  port: number;
  /** The browser's command suggestions (from the manifest, so they match what bullpen handles). */
  slashCommands: readonly SlashCommandHint[];
  /** Tests shorten the rate-limit window so a 429's Retry-After is one second. */
  rateLimitWindowMs?: number;
}

/** The Slack simulator, and how bullpen talks to it: HTTP mode with throwaway credentials. */
export async function startLocalSlack(
  options: LocalSlackOptions,
): Promise<{ simulator: SlackSimulator; settings: Extract<SlackSettings, { mode: 'http' }> }> {
  const { startSlackSimulator } = await import('@bullpen/slack-simulator');
  const signingSecret = randomBytes(16).toString('hex');
  const botToken = `xoxb-local-${randomBytes(8).toString('hex')}`;
  const simulator = await startSlackSimulator({
    port: options.port,
    signingSecret,
    botToken,
    slashCommands: options.slashCommands,
    ...(options.rateLimitWindowMs ? { rateLimitWindowMs: options.rateLimitWindowMs } : {}),
  });
  return { simulator, settings: { mode: 'http', botToken, signingSecret, apiUrl: `${simulator.url}/api/` } };
}

/**
 * The embedded Salesforce emulator seeded with the demo company, and how bullpen logs in to it:
 * the demo integration user, password flow. `login` is what SalesforceGateway.start() takes.
 */
export async function startLocalSalesforce(options: {
  port: number;
  apiVersion: string;
  logger?: Logger;
}): Promise<{ emulator: SalesforceEmulator; login: LocalSalesforce }> {
  const [{ startSalesforceEmulator }, { demoIntegrationUser }] = await Promise.all([
    import('@bullpen/salesforce-emulator'),
    import('@bullpen/demo-company'),
  ]);
  const emulator = await startSalesforceEmulator({ port: options.port, seed: 'demo', pubsub: true });
  options.logger?.info({ url: emulator.url }, `Salesforce emulator (demo data) listening on ${emulator.url}`);
  return {
    emulator,
    login: {
      target: passwordTarget(demoIntegrationUser, emulator.url, options.apiVersion),
      ...(emulator.pubsubAddress ? { pubsub: { address: emulator.pubsubAddress, plaintext: true } } : {}),
      close: () => emulator.close(),
    },
  };
}

/**
 * Starts the gateway on the configured org, or in emulator mode on an embedded emulator of its own
 * (which the gateway then owns and closes). Returns the emulator, for tests and the demo.
 */
export async function startSalesforce(
  gateway: Pick<SalesforceGateway, 'mode' | 'start'>,
  options: { port: number; apiVersion: string; logger?: Logger },
): Promise<SalesforceEmulator | undefined> {
  if (gateway.mode !== 'emulator') {
    await gateway.start();
    return undefined;
  }
  const { emulator, login } = await startLocalSalesforce(options);
  await gateway.start(login);
  return emulator;
}

/** In local mode, a Slack simulator stands in for Slack, with throwaway credentials. */
export async function resolveSlack(
  config: AppConfig,
  logger: Logger,
  lifecycle: Pick<Lifecycle, 'onClose'>,
  /** Tests shorten the simulator's rate-limit window so a 429's Retry-After is one second. */
  rateLimitWindowMs?: number,
): Promise<{ settings: Exclude<SlackSettings, { mode: 'local' }>; simulator?: SlackSimulator }> {
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
    ...(rateLimitWindowMs ? { rateLimitWindowMs } : {}),
  });
  lifecycle.onClose('slack simulator', () => local.simulator.close());
  return local;
}
