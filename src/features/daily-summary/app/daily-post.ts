import { lastSyncSuccess } from '../../../shared/sync/sync-state.ts';
import type { DailySummaryDeps } from '../deps.ts';
import { POST_JOB, dailyQueue, type PostJobData } from '../queue.ts';
import { dailyMessage, sectionBudget } from '../slack/blocks.ts';
import { dailyContext, dueLocalDate, resolveTeam, teamTimeZone } from './team-day.ts';

/**
 * One post per team channel per local date, however many workers see it due and however often a
 * job is retried: the check queues the post under a job id naming (channel, date), and the post is
 * made through parts.delivery under a key naming the same pair, which posts at most once (a retry
 * of a post that reached Slack finds it instead of posting again).
 */

export const dailyDeliveryKey = (channel: string, localDate: string): string =>
  `daily-summary-${channel}-${localDate}`;

/** The minutely check: queues each team's post once its local time has come and it is not made. */
export async function checkDailySummaries(deps: DailySummaryDeps): Promise<string[]> {
  const { daily } = deps.config.policy;
  // Before the first sync the store is empty and every number would read "0 of 0": wait for it.
  if (daily.teams.length === 0 || (await lastSyncSuccess(deps)) === null) return [];
  const now = new Date();
  const queued: string[] = [];
  for (const team of daily.teams) {
    const timeZone = await teamTimeZone(deps, team);
    const localDate = dueLocalDate(now, timeZone, daily.time);
    if (localDate === null) continue;
    const key = dailyDeliveryKey(team.channel, localDate);
    if (await deps.delivery.record(key)) continue;
    const data: PostJobData = { channel: team.channel, manager: team.manager, localDate };
    await deps.jobs.add(dailyQueue, POST_JOB, data, { jobId: key });
    queued.push(key);
  }
  return queued;
}

/** Builds the summary from every feature's section and posts it (at most once per key). */
export async function postDailySummary(
  deps: DailySummaryDeps,
  data: PostJobData,
): Promise<{ key: string; ts: string | null }> {
  const key = dailyDeliveryKey(data.channel, data.localDate);
  const done = await deps.delivery.record(key);
  if (done) return { key, ts: done.ts ?? null };
  const team = await resolveTeam(deps, { manager: data.manager, channel: data.channel });
  const timeZone = await teamTimeZone(deps, { manager: data.manager, channel: data.channel });
  const context = dailyContext(team, timeZone, data.localDate, new Date());
  const sections = [...deps.sections].sort((a, b) => a.order - b.order);
  const budget = sectionBudget(sections.length);
  const rendered = [];
  for (const section of sections) rendered.push((await section.render(context, budget)).slice(0, budget));
  const message = dailyMessage(data.localDate, rendered);
  const record = await deps.delivery.deliver({
    key,
    method: 'chat.postMessage',
    args: { channel: data.channel, text: message.text, blocks: message.blocks },
  });
  return { key, ts: record.ts ?? null };
}
