import type { AppConfig } from '../config.ts';
import { createLogger } from '../platform/http/logger.ts';
import { runSync } from '../shared/sync/sync-jobs.ts';
import type { SyncReport } from '../shared/sync/sync.ts';
import { createRedis, redisTarget } from '../platform/redis.ts';
import { buildParts } from '../main.ts';
import { prepareLocalMode } from '../local-mode.ts';

/**
 * In local mode the Salesforce "org" is the emulator inside the running bullpen, and its worker
 * syncs it. A CLI of its own would start another emulator, with other demo data, and write it into
 * the same Redis: activity nobody made, scored. So the CLI syncs only a configured org.
 */
const LOCAL_MODE_REFUSAL =
  'bullpen sync: nothing to sync in local mode: a running bullpen syncs its own Salesforce emulator ' +
  '(every SF_SYNC_INTERVAL_SECONDS); set the Salesforce credentials (see .env.example) to sync an org';

export function formatSyncReport(report: SyncReport): string {
  const rows = report.objects.map(
    (o) =>
      `${o.object.padEnd(15)} ${o.mode.padEnd(5)} ${String(o.fetched).padStart(8)} ${String(o.stored).padStart(8)} ${String(
        o.deleted,
      ).padStart(
        8,
      )} ${String(o.rejected).padStart(8)} ${String(o.events).padStart(7)} ${String(o.apiCalls).padStart(6)}`,
  );
  const notes = report.objects.flatMap((o) => {
    if (o.access === 'no-access')
      return [`${o.object}: no access (${o.warning ?? ''}); asked again after ${o.nextRetryAt ?? '?'}`];
    return o.droppedFields
      ? [`${o.object}: synced without fields the org lacks: ${o.droppedFields.join(', ')}`]
      : [];
  });
  const usage = report.apiUsage ? `; org API usage ${report.apiUsage.used}/${report.apiUsage.limit}` : '';
  return [
    'object          mode   fetched   stored  deleted rejected  events  calls',
    ...rows,
    ...notes,
    `${report.apiCalls} API calls in ${(report.durationMs / 1000).toFixed(1)} s${usage}`,
  ].join('\n');
}

/** `bullpen sync --once`: one sync now, against the configured org (refused in local mode). */
export async function syncOnceCommand(configured: AppConfig, json: boolean): Promise<number> {
  if (configured.salesforce.mode === 'emulator') {
    process.stderr.write(`${LOCAL_MODE_REFUSAL}\n`);
    return 1;
  }
  let config: AppConfig;
  try {
    config = await prepareLocalMode(configured);
  } catch (error) {
    process.stderr.write(`bullpen sync failed: ${(error as Error).message}\n`);
    return 1;
  }
  const logger = createLogger({ level: json ? 'silent' : 'warn' });
  const redis = createRedis(redisTarget(config.env), 'commands');
  redis.on('error', () => {});
  const services = buildParts({
    config,
    logger,
    redis,
    slack: {
      botToken: config.slack.mode === 'local' ? 'xoxb-local' : config.slack.botToken,
      apiUrl: config.slack.apiUrl,
    },
  });
  try {
    await services.salesforce.start();
    const report = await runSync(services, { force: true, matchPeople: config.slack.mode !== 'local' });
    if (!report) throw new Error('sync did not run');
    process.stdout.write(json ? `${JSON.stringify(report, null, 2)}\n` : `${formatSyncReport(report)}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`bullpen sync failed: ${(error as Error).message}\n`);
    return 1;
  } finally {
    await services.jobs.close(1000);
    await services.salesforce.close();
    redis.disconnect();
  }
}
