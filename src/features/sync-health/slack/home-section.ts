import type { KnownBlock } from '@slack/types';
import { escapeAndTruncate } from '../../../platform/slack/text.ts';
import { syncedObjects } from '../../../platform/salesforce/records.ts';
import { readApiBudget } from '../../../shared/sync/sync-state.ts';
import { FEATURES_NEEDING, ObjectAccessRegistry } from '../../../shared/sync/sync-access.ts';
import type { Services } from '../../../services.ts';
import type { HomeSection } from '../../../shared/home/section.ts';

/**
 * Admins' "Sync health" on App Home: when sync last succeeded, how fresh each object's data is
 * (its watermark), the Salesforce API budget, owners with no Slack match and the job queues. All
 * of it is what sync and BullMQ already keep in Redis.
 */

const STALE_AFTER_MS = 30 * 60_000;
const UNMATCHED_SHOWN = 10;

const slackDate = (iso: string, fallback = iso): string => {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? fallback : `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} {time}|${iso}>`;
};

function ago(iso: string, now: Date): string {
  const minutes = Math.round((now.getTime() - Date.parse(iso)) / 60_000);
  if (Number.isNaN(minutes)) return '';
  if (minutes < 1) return 'just now';
  if (minutes < 120) return `${minutes} min ago`;
  return `${Math.round(minutes / 60)} h ago`;
}

const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });

async function lastSyncLine(services: Services, now: Date): Promise<string> {
  const last = await services.redis.get(services.keys('sf', 'sync', 'last-success'));
  if (!last) return ':warning: *Last sync:* never. Check the Salesforce connection with `bullpen doctor`.';
  const stale = now.getTime() - Date.parse(last) > STALE_AFTER_MS;
  return `${stale ? ':warning:' : ':white_check_mark:'} *Last sync:* ${slackDate(last)} (${ago(last, now)})`;
}

/** Refused logins back off for up to an hour; the admin sees why and until when. */
async function loginLine(services: Services): Promise<string | null> {
  const state = await services.salesforce.loginBackoff();
  if (!state) return null;
  return `:rotating_light: *Salesforce login failing:* ${escapeAndTruncate(state.reason, 300)}; next attempt at ${slackDate(state.nextAttemptAt)}. Run \`bullpen doctor\` for the fix.`;
}

async function budgetLine(services: Services): Promise<string> {
  const budget = await readApiBudget(services);
  if (!budget) return '*Salesforce API budget:* not measured yet';
  const warn = budget.share >= services.config.env.SF_API_BUDGET_WARN_SHARE;
  return `${warn ? ':warning:' : ':white_check_mark:'} *Salesforce API budget:* ${budget.used.toLocaleString('en-US')} of ${budget.limit.toLocaleString('en-US')} calls today (${Math.round(budget.share * 100)}%)`;
}

async function watermarkLines(services: Services): Promise<string> {
  const stored = await services.redis.hgetall(services.keys('sf', 'sync', 'watermarks'));
  const noAccess = await new ObjectAccessRegistry(services.redis, services.keys).noAccess();
  const lines = (Object.keys(syncedObjects) as (keyof typeof syncedObjects)[]).map((object) => {
    const denied = noAccess.get(object);
    if (denied) {
      const without = FEATURES_NEEDING[object] ? `; without it: no ${FEATURES_NEEDING[object]}` : '';
      return `:warning: ${object}: no access (${escapeAndTruncate(denied.message, 200)}); asked again ${slackDate(denied.nextRetryAt)}${without}`;
    }
    const json = stored[object];
    if (!json) return `• ${object}: _not synced yet_`;
    try {
      const { modstamp } = JSON.parse(json) as { modstamp?: string };
      return `• ${object}: changes up to ${modstamp ? slackDate(modstamp) : '_unknown_'}`;
    } catch {
      return `• ${object}: _unreadable watermark_`;
    }
  });
  const rejected = await services.redis.llen(services.keys('sf', 'sync', 'rejected'));
  if (rejected > 0) lines.push(`:warning: ${rejected} rows failed validation and were set aside`);
  return `*Data freshness*\n${lines.join('\n')}`;
}

async function unmatchedText(services: Services): Promise<string> {
  const unmatched = await services.people.unmatched();
  if (unmatched.length === 0) return ':white_check_mark: *People:* every owner is matched to a Slack member';
  const lines = unmatched.slice(0, UNMATCHED_SHOWN).map((u) => {
    const why = u.reason === 'no-email' ? 'no email in Salesforce' : 'no Slack member with that email';
    return `• ${escapeAndTruncate(u.name, 60)}${u.email ? ` (${escapeAndTruncate(u.email, 80)})` : ''}: ${why}`;
  });
  if (unmatched.length > UNMATCHED_SHOWN) lines.push(`…and ${unmatched.length - UNMATCHED_SHOWN} more`);
  return `:warning: *${unmatched.length} owner${unmatched.length === 1 ? '' : 's'} without a Slack match* (add \`people.slackOverrides\` in the policy file)\n${lines.join('\n')}`;
}

async function queueLines(services: Services): Promise<string> {
  const counts = await Promise.all(
    services.jobs.queueNames.map(async (name) => ({
      name,
      counts: await services.jobs.queueNamed(name).getJobCounts('waiting', 'active', 'delayed', 'failed'),
    })),
  );
  const lines = counts.map(({ name, counts: c }) => {
    const failed = c['failed'] ?? 0;
    return `• ${name}: ${c['waiting'] ?? 0} waiting · ${c['active'] ?? 0} active · ${c['delayed'] ?? 0} delayed${failed > 0 ? ` · :warning: ${failed} failed` : ''}`;
  });
  return `*Job queues*\n${lines.join('\n')}`;
}

export const syncHealthSection = (services: Services): HomeSection => ({
  order: 90,
  name: 'sync health',
  appliesTo: (viewer) => viewer.roles.has('admin'),
  async render(viewer, maxBlocks) {
    const [login, last, budget, watermarks, unmatched, queues] = await Promise.all([
      loginLine(services),
      lastSyncLine(services, viewer.now),
      budgetLine(services),
      watermarkLines(services),
      unmatchedText(services),
      queueLines(services),
    ]);
    const blocks: KnownBlock[] = [
      { type: 'header', text: { type: 'plain_text', text: ':stethoscope: Sync health', emoji: true } },
      section([login, last, budget].filter((line) => line !== null).join('\n')),
      section(watermarks),
      section(unmatched),
      section(queues),
    ];
    return blocks.slice(0, maxBlocks);
  },
});
