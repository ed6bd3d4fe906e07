import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type AppConfig } from '../config/load.ts';
import { formatDoctorReport, runDoctor } from '../ops/doctor.ts';
import { createLogger } from '../ops/logger.ts';
import { salesforceLoginChecks, syncHealthChecks } from '../salesforce/doctor-checks.ts';
import { startBullpen } from '../main.ts';
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

async function start(): Promise<number> {
  const config = configOrExit();
  if (!config) return 2;
  const logger = createLogger({ level: config.env.LOG_LEVEL });
  const running = await startBullpen(config, logger);
  await new Promise<void>((resolve) => {
    let signalledAt = 0;
    const onSignal = (signal: NodeJS.Signals): void => {
      // Ctrl-C under `npm start` reaches node twice (directly and forwarded by npm); only a
      // deliberate second signal, a moment later, means "stop waiting for jobs".
      if (signalledAt > 0) {
        if (Date.now() - signalledAt < 2_000) return;
        logger.warn({ signal }, 'second signal: exiting now');
        process.exit(1);
      }
      signalledAt = Date.now();
      logger.info({ signal }, 'signal received');
      running.close().then(
        () => resolve(),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          resolve();
        },
      );
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
  return 0;
}

async function doctor(json: boolean): Promise<number> {
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
