import { z } from 'zod';
import { defineQueue } from '../../../platform/jobs/queue-spec.ts';
import {
  answerDeferredReply,
  DEFERRED_REPLY_JOB_OPTIONS,
  deferredReplySchema,
  type DeferredReply,
} from '../../../platform/slack/deferred-reply.ts';
import { followUpAnswer, type ReportDeps } from '../app/reports.ts';
import { instanceUrl, ownerLeadsByUrgency } from '../app/lead-loader.ts';
import type { LeadReadDeps, NudgesDeps } from '../deps.ts';
import { buildLeadsList } from '../slack/blocks.ts';
import { withRateEntries } from '../slack/rate-owned-blocks.ts';
import { relayRowOffers } from '../../../shared/relay/actions.ts';
import { COMMAND_FAILED, NOT_MATCHED } from '../slack/command-replies.ts';

/**
 * The 'nudge-replies' queue: `/leads` and `/followup` answered by a worker through the command's
 * response_url. Apart from the nudges queue so a person's answer never waits behind a scan or a
 * digest run.
 */

export const LEADS_REPLY_JOB = 'leads-reply';
export const FOLLOWUP_REPLY_JOB = 'followup-reply';
/** "Full report by DM" under Home's roll-up: the clicker's `/followup` answer, sent as a DM. */
export const FOLLOWUP_DM_JOB = 'followup-report-dm';
const followupDmSchema = z.object({ userId: z.string().min(1), clickedAt: z.string().min(1) });

export const nudgeRepliesQueue = defineQueue<{
  [LEADS_REPLY_JOB]: DeferredReply;
  [FOLLOWUP_REPLY_JOB]: DeferredReply;
  [FOLLOWUP_DM_JOB]: z.infer<typeof followupDmSchema>;
}>('nudge-replies');

export type ReplyJobDeps = LeadReadDeps & ReportDeps & Pick<NudgesDeps, 'jobs' | 'logger' | 'delivery'>;

const NOT_MATCHED_REPLY = { response_type: 'ephemeral', text: NOT_MATCHED } as const;
const FAILED_REPLY = { response_type: 'ephemeral', text: COMMAND_FAILED } as const;

/**
 * The caller's overdue and due-soon leads, with the digest's one-click actions, then their other
 * open leads with Rate quality (a rep rates any lead they own).
 */
export async function leadsAnswer(deps: LeadReadDeps, slackUserId: string, now: Date) {
  const salesforceId = await deps.people.salesforceIdFor(slackUserId);
  if (!salesforceId) return NOT_MATCHED_REPLY;
  const [{ urgent, others }, url] = await Promise.all([
    ownerLeadsByUrgency(deps, salesforceId, now),
    instanceUrl(deps),
  ]);
  const list = buildLeadsList(urgent, url, deps.config.policy.sla, {
    offers: relayRowOffers(deps.config.policy),
  });
  return { ...withRateEntries(list, others, url), replace_original: false };
}

/** Enqueued by the web process once it has acked; a worker answers. */
export function enqueueReply(
  deps: Pick<NudgesDeps, 'jobs'>,
  name: typeof LEADS_REPLY_JOB | typeof FOLLOWUP_REPLY_JOB,
  reply: DeferredReply,
): Promise<unknown> {
  return deps.jobs.add(nudgeRepliesQueue, name, reply, DEFERRED_REPLY_JOB_OPTIONS);
}

/** Queued by the Home button; one DM per click (Slack retrying the click sends the same key). */
export function enqueueFollowupDm(
  deps: Pick<NudgesDeps, 'jobs'>,
  data: z.infer<typeof followupDmSchema>,
): Promise<unknown> {
  return deps.jobs.add(nudgeRepliesQueue, FOLLOWUP_DM_JOB, data, DEFERRED_REPLY_JOB_OPTIONS);
}

async function sendFollowupDm(deps: ReplyJobDeps, data: unknown): Promise<void> {
  const { userId, clickedAt } = followupDmSchema.parse(data);
  let message: { text: string; blocks?: unknown[] };
  try {
    const answer = await followUpAnswer(deps, userId);
    message = answer ? { text: answer.text, blocks: answer.blocks } : { text: NOT_MATCHED };
  } catch (error) {
    deps.logger.error({ err: error }, 'the follow-up report from Home failed');
    message = { text: COMMAND_FAILED };
  }
  await deps.delivery.enqueue({
    key: `followup-report-${userId}-${clickedAt}`,
    method: 'dm',
    args: { user: userId, ...message },
  });
}

/** Interactive answers: many at once, each a few Redis reads, so more run side by side than scans. */
const REPLY_CONCURRENCY = 16;

export function registerReplyJobs(deps: ReplyJobDeps): void {
  deps.jobs.process(
    nudgeRepliesQueue,
    {
      [LEADS_REPLY_JOB]: async (job) => {
        const reply = deferredReplySchema.parse(job.data);
        const at = new Date(reply.requestedAt);
        return answerDeferredReply(deps, reply, () => leadsAnswer(deps, reply.userId, at), FAILED_REPLY);
      },
      [FOLLOWUP_REPLY_JOB]: async (job) => {
        const reply = deferredReplySchema.parse(job.data);
        const at = new Date(reply.requestedAt);
        return answerDeferredReply(
          deps,
          reply,
          async () => (await followUpAnswer(deps, reply.userId, at)) ?? NOT_MATCHED_REPLY,
          FAILED_REPLY,
        );
      },
      [FOLLOWUP_DM_JOB]: (job) => sendFollowupDm(deps, job.data),
    },
    { concurrency: REPLY_CONCURRENCY },
  );
}
