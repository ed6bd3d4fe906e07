import { z } from 'zod';
import { defineQueue } from '../../../platform/jobs/queue-spec.ts';
import {
  answerDeferredReply,
  DEFERRED_REPLY_JOB_OPTIONS,
  deferredReplySchema,
  type DeferredReply,
} from '../../../platform/slack/deferred-reply.ts';
import { ephemeralMessage, ephemeralText } from '../../../platform/slack/replies.ts';
import type { RelayDeps } from '../app/deps.ts';
import { drillDown, funnelFor, FUNNEL_REFUSAL, mayViewFunnel, readFunnelPeriod } from '../app/funnel.ts';
import { parseDrillBlockId, parseDrillOption } from '../slack/funnel-blocks.ts';
import { drillModal, drillTextModal, funnelMessage, OLD_DRILL_MENU } from '../slack/funnel-message.ts';

/**
 * The 'relay-replies' queue: `/funnel` and its drill-down, computed by a worker (both read every
 * lead of a period). The web process only acks and enqueues (issue 15 item 4); `/funnel` is answered
 * through its response_url, the drill-down by filling the modal the click opened (views.update).
 * Apart from the relay queue so an answer never waits behind Home's funnel or the accept SLA.
 */

export const FUNNEL_REPLY_JOB = 'funnel-reply';
export const FUNNEL_DRILL_JOB = 'funnel-drill';

export const FUNNEL_FAILED = 'Something went wrong on our side reading the funnel. Please try again.';

export const funnelDrillSchema = z.object({
  userId: z.string().min(1),
  /** The modal the click opened, "Finding the leads…" until this job fills it. */
  viewId: z.string().min(1),
  blockId: z.string(),
  option: z.string(),
  requestedAt: z.iso.datetime(),
});
export type FunnelDrillData = z.infer<typeof funnelDrillSchema>;

export const relayRepliesQueue = defineQueue<{
  [FUNNEL_REPLY_JOB]: DeferredReply;
  [FUNNEL_DRILL_JOB]: FunnelDrillData;
}>('relay-replies');

export type FunnelReplyDeps = Pick<
  RelayDeps,
  'config' | 'store' | 'redis' | 'keys' | 'roles' | 'jobs' | 'logger' | 'delivery'
>;

/** Enqueued by the web process once it has acked; a worker answers. */
export function enqueueFunnelReply(deps: Pick<RelayDeps, 'jobs'>, reply: DeferredReply): Promise<unknown> {
  return deps.jobs.add(relayRepliesQueue, FUNNEL_REPLY_JOB, reply, DEFERRED_REPLY_JOB_OPTIONS);
}

/** Enqueued by the web process once the loading modal is open. */
export function enqueueFunnelDrill(deps: Pick<RelayDeps, 'jobs'>, data: FunnelDrillData): Promise<unknown> {
  return deps.jobs.add(relayRepliesQueue, FUNNEL_DRILL_JOB, data, DEFERRED_REPLY_JOB_OPTIONS);
}

/** `/funnel [period]`'s answer as of when it was asked: the refusal first, then the period. */
export async function funnelAnswer(deps: FunnelReplyDeps, reply: DeferredReply) {
  if (!(await mayViewFunnel(deps, reply.userId))) return ephemeralText(FUNNEL_REFUSAL);
  const at = new Date(reply.requestedAt);
  const parsed = readFunnelPeriod(deps, reply.text, at);
  if (!parsed.ok) return ephemeralText(parsed.error);
  return ephemeralMessage(funnelMessage(await funnelFor(deps, parsed.period, at)));
}

/** The modal's content for one drill-down click. */
export async function drillView(deps: FunnelReplyDeps, drill: FunnelDrillData) {
  if (!(await mayViewFunnel(deps, drill.userId))) return drillTextModal(FUNNEL_REFUSAL);
  const at = new Date(drill.requestedAt);
  const target = parseDrillBlockId(drill.blockId);
  const choice = parseDrillOption(drill.option);
  const period = target ? readFunnelPeriod(deps, target.period, at) : null;
  if (!target || !choice || !period?.ok) return drillTextModal(OLD_DRILL_MENU);
  const query = { group: target.group, ...choice };
  return drillModal(period.period, query, await drillDown(deps, period.period, query, at));
}

async function fillDrill(deps: FunnelReplyDeps, data: unknown): Promise<void> {
  const drill = funnelDrillSchema.parse(data);
  const view = await drillView(deps, drill).catch((error: unknown) => {
    deps.logger.error({ err: error, user: drill.userId }, 'the funnel drill-down failed');
    return drillTextModal(FUNNEL_FAILED);
  });
  await deps.delivery.enqueue({
    key: `funnel-drill-${drill.viewId}`,
    method: 'views.update',
    args: { view_id: drill.viewId, view },
  });
}

const FAILED_REPLY = ephemeralText(FUNNEL_FAILED);

/** Interactive answers: several at once, apart from the relay queue's background work. */
const REPLY_CONCURRENCY = 8;

export function registerFunnelReplyJobs(deps: FunnelReplyDeps): void {
  deps.jobs.process(
    relayRepliesQueue,
    {
      [FUNNEL_REPLY_JOB]: (job) => {
        const reply = deferredReplySchema.parse(job.data);
        return answerDeferredReply(deps, reply, () => funnelAnswer(deps, reply), FAILED_REPLY);
      },
      [FUNNEL_DRILL_JOB]: (job) => fillDrill(deps, job.data),
    },
    { concurrency: REPLY_CONCURRENCY },
  );
}
