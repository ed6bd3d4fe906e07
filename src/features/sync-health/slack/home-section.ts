import type { KnownBlock } from '@slack/types';
import { slackDate } from '../../../platform/slack/dates.ts';
import { escapeAndTruncate } from '../../../platform/slack/text.ts';
import { syncedObjects } from '../../../platform/salesforce/records.ts';
import { FEATURES_NEEDING, ObjectAccessRegistry } from '../../../shared/sync/sync-access.ts';
import {
  lastSyncSuccess,
  readApiBudget,
  rejectedRowCount,
  syncedObjectNames,
  syncWatermarks,
} from '../../../shared/sync/sync-state.ts';
import type { HomeSection } from '../../../shared/home/section.ts';
import type { SyncHealthDeps } from '../deps.ts';

/**
 * Admins' "Sync health" on App Home: when sync last succeeded, how fresh each object's data is
 * (its watermark), the Salesforce API budget, owners with no Slack match and the job queues. All
 * of it is what sync and BullMQ already keep in Redis.
 */

const STALE_AFTER_MS = 30 * 60_000;
const UNMATCHED_SHOWN = 10;

/** A stored ISO time as Slack's date token; one that cannot be read is shown as stored. */
const dateToken = (iso: string): string => {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : slackDate(new Date(ms), '{date_short_pretty} {time}', iso);
};

function ago(iso: string, now: Date): string {
  const minutes = Math.round((now.getTime() - Date.parse(iso)) / 60_000);
  if (Number.isNaN(minutes)) return '';
  if (minutes < 1) return 'just now';
  if (minutes < 120) return `${minutes} min ago`;
  return `${Math.round(minutes / 60)} h ago`;
}

const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });

async function lastSyncLine(deps: Pick<SyncHealthDeps, 'redis' | 'keys'>, now: Date): Promise<string> {
  const last = await lastSyncSuccess(deps);
  if (!last) return ':warning: *Last sync:* never. Check the Salesforce connection with `bullpen doctor`.';
  const stale = now.getTime() - Date.parse(last) > STALE_AFTER_MS;
  return `${stale ? ':warning:' : ':white_check_mark:'} *Last sync:* ${dateToken(last)} (${ago(last, now)})`;
}

/** Refused logins back off for up to an hour; the admin sees why and until when. */
async function loginLine(deps: Pick<SyncHealthDeps, 'salesforce'>): Promise<string | null> {
  const state = await deps.salesforce.loginBackoff();
  if (!state) return null;
  return `:rotating_light: *Salesforce login failing:* ${escapeAndTruncate(state.reason, 300)}; next attempt at ${dateToken(state.nextAttemptAt)}. Run \`bullpen doctor\` for the fix.`;
}

async function budgetLine(deps: Pick<SyncHealthDeps, 'redis' | 'keys' | 'config'>): Promise<string> {
  const budget = await readApiBudget(deps);
  if (!budget) return '*Salesforce API budget:* not measured yet';
  const warn = budget.share >= deps.config.env.SF_API_BUDGET_WARN_SHARE;
  return `${warn ? ':warning:' : ':white_check_mark:'} *Salesforce API budget:* ${budget.used.toLocaleString('en-US')} of ${budget.limit.toLocaleString('en-US')} calls today (${Math.round(budget.share * 100)}%)`;
}

async function watermarkLines(deps: Pick<SyncHealthDeps, 'redis' | 'keys'>): Promise<string> {
  const stored = await syncWatermarks(deps);
  const synced = await syncedObjectNames(deps);
  const noAccess = await new ObjectAccessRegistry(deps.redis, deps.keys).noAccess();
  const lines = (Object.keys(syncedObjects) as (keyof typeof syncedObjects)[]).map((object) => {
    const denied = noAccess.get(object);
    if (denied) {
      const without = FEATURES_NEEDING[object] ? `; without it: no ${FEATURES_NEEDING[object]}` : '';
      return `:warning: ${object}: no access (${escapeAndTruncate(denied.message, 200)}); asked again ${dateToken(denied.nextRetryAt)}${without}`;
    }
    const watermark = stored.get(object);
    if (!watermark)
      return `• ${object}: ${synced.has(object) ? 'synced, no records yet' : '_not synced yet_'}`;
    if (watermark === 'unreadable') return `• ${object}: _unreadable watermark_`;
    return `• ${object}: changes up to ${dateToken(watermark.modstamp)}`;
  });
  const rejected = await rejectedRowCount(deps);
  if (rejected > 0) lines.push(`:warning: ${rejected} rows failed validation and were set aside`);
  return `*Data freshness*\n${lines.join('\n')}`;
}

async function unmatchedText(deps: Pick<SyncHealthDeps, 'people'>): Promise<string> {
  const unmatched = await deps.people.unmatched();
  if (unmatched.length === 0) return ':white_check_mark: *People:* every owner is matched to a Slack member';
  const lines = unmatched.slice(0, UNMATCHED_SHOWN).map((u) => {
    const why = u.reason === 'no-email' ? 'no email in Salesforce' : 'no Slack member with that email';
    return `• ${escapeAndTruncate(u.name, 60)}${u.email ? ` (${escapeAndTruncate(u.email, 80)})` : ''}: ${why}`;
  });
  if (unmatched.length > UNMATCHED_SHOWN) lines.push(`…and ${unmatched.length - UNMATCHED_SHOWN} more`);
  return `:warning: *${unmatched.length} owner${unmatched.length === 1 ? '' : 's'} without a Slack match* (add \`people.slackOverrides\` in the policy file)\n${lines.join('\n')}`;
}

/** Every queue this process knows (declared by the features or used), read alike by name. */
async function queueLines(deps: Pick<SyncHealthDeps, 'jobs'>): Promise<string> {
  const counts = await Promise.all(
    deps.jobs.queueNames.map(async (name) => ({
      name,
      counts: await deps.jobs.queue({ name }).getJobCounts('waiting', 'active', 'delayed', 'failed'),
    })),
  );
  const lines = counts.map(({ name, counts: c }) => {
    const failed = c['failed'] ?? 0;
    return `• ${name}: ${c['waiting'] ?? 0} waiting · ${c['active'] ?? 0} active · ${c['delayed'] ?? 0} delayed${failed > 0 ? ` · :warning: ${failed} failed` : ''}`;
  });
  return `*Job queues*\n${lines.join('\n')}`;
}

export const syncHealthSection = (deps: SyncHealthDeps): HomeSection => ({
  order: 90,
  name: 'sync health',
  appliesTo: (viewer) => viewer.roles.has('admin'),
  async render(viewer, maxBlocks) {
    const [login, last, budget, watermarks, unmatched, queues] = await Promise.all([
      loginLine(deps),
      lastSyncLine(deps, viewer.now),
      budgetLine(deps),
      watermarkLines(deps),
      unmatchedText(deps),
      queueLines(deps),
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
