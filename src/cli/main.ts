import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type AppConfig } from '../config.ts';
import { formatDoctorReport, runDoctor } from './doctor.ts';
import { createLogger, type Logger } from '../platform/http/logger.ts';
import { StartupAborted } from '../platform/lifecycle.ts';
import { lowerProcessPriority } from '../platform/process-priority.ts';
import { salesforceLoginChecks, syncHealthChecks } from '../shared/sync/doctor-checks.ts';
import { startBullpen, type RunningBullpen } from '../main.ts';
import { LocalModeUnavailable } from '../local-mode.ts';
import { syncOnceCommand } from './sync.ts';

const USAGE = `Usage: bullpen <command> [options]

Commands:
  start            run bullpen (ROLE=web|worker|all decides which parts)
  doctor [--json]  check configuration, Redis, Salesforce and Slack; exit 1 if a required check fails
  sync --once [--json]
                   run one Salesforce sync now and print per-object counts, API calls and duration
  help             show this text`;

function printConfigError(error: ConfigError): void {
  process.stderr.write(`bullpen cannot start: invalid configuration\n`);
  for (const problem of error.problems) process.stderr.write(`  - ${problem}\n`);
  process.stderr.write('See .env.example for every variable and its default.\n');
}

function configOrExit(): AppConfig | undefined {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      printConfigError(error);
      return undefined;
    }
    throw error;
  }
}

/** What grace a second Ctrl-C gets: under `npm start` one Ctrl-C reaches node twice. */
const DOUBLE_SIGNAL_MS = 2_000;
/** The process exits this long after the shutdown deadline, whatever a client is still waiting for. */
const EXIT_MARGIN_MS = 1_500;

/**
 * Installed before anything starts, so a SIGTERM during start-up (a slow Salesforce login, Redis
 * down) stops bullpen gracefully too. A backstop timer ends the process shortly after the shutdown
 * deadline even if a connection refuses to close.
 */
function onStopSignal(logger: Logger, shutdownTimeoutMs: number, stop: () => void): void {
  let signalledAt = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (signalledAt > 0) {
      if (Date.now() - signalledAt < DOUBLE_SIGNAL_MS) return;
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    signalledAt = Date.now();
    logger.info({ signal }, 'signal received');
    setTimeout(() => {
      logger.error('shutdown did not finish in time; exiting');
      process.exit(1);
    }, shutdownTimeoutMs + EXIT_MARGIN_MS).unref();
    stop();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

/**
 * A worker's answers have seconds, a web process's acks milliseconds: on a shared machine the
 * worker takes the CPU time the web process leaves (WORKER_NICE; not in startBullpen, which tests
 * run inside their own process).
 */
function yieldToTheWebProcess(config: AppConfig, logger: Logger): void {
  const nice = config.env.WORKER_NICE;
  if (config.env.ROLE !== 'worker' || nice === 0) return;
  const threads = lowerProcessPriority(nice);
  logger.info({ nice, threads }, `worker CPU priority: nice ${nice} (WORKER_NICE; 0 leaves it as started)`);
}

async function start(): Promise<number> {
  const config = configOrExit();
  if (!config) return 2;
  const logger = createLogger({ level: config.env.LOG_LEVEL });
  yieldToTheWebProcess(config, logger);
  const stopRequest = new AbortController();
  const stopped = new Promise<void>((resolve) =>
    onStopSignal(logger, config.env.SHUTDOWN_TIMEOUT_MS, () => {
      stopRequest.abort();
      resolve();
    }),
  );
  let running: RunningBullpen;
  try {
    running = await startBullpen(config, logger, { signal: stopRequest.signal });
  } catch (error) {
    if (error instanceof StartupAborted) return 0;
    if (error instanceof LocalModeUnavailable) {
      process.stderr.write(`bullpen cannot start: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  await stopped;
  try {
    await running.close();
  } catch (error) {
    logger.error({ err: error }, 'shutdown failed');
    return 1;
  }
  return 0;
}

async function doctor(json: boolean): Promise<number> {
  // The features' own checks come with the features (Feature.doctorChecks).
  const report = await runDoctor(process.env, [salesforceLoginChecks, syncHealthChecks]);
  process.stdout.write(json ? `${JSON.stringify(report, null, 2)}\n` : `${formatDoctorReport(report)}\n`);
  return report.ok ? 0 : 1;
}

export async function runCli(argv: string[]): Promise<number> {
  const [command = 'help', ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: { json: { type: 'boolean', default: false }, once: { type: 'boolean', default: false } },
    allowPositionals: true,
  });
  switch (command) {
    case 'start':
      return start();
    case 'doctor':
      return doctor(values.json);
    case 'sync': {
      if (!values.once) {
        process.stderr.write('bullpen sync: only --once is supported; workers sync on a schedule\n');
        return 2;
      }
      const config = configOrExit();
      return config ? syncOnceCommand(config, values.json) : 2;
    }
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(`${USAGE}\n`);
      return 0;
    default:
      process.stderr.write(`bullpen: unknown command "${command}"\n${USAGE}\n`);
      return 2;
  }
}
