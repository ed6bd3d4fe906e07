import { defineQueue } from '../../../platform/jobs/queue-spec.ts';
import {
  answerDeferredReply,
  DEFERRED_REPLY_JOB_OPTIONS,
  deferredReplySchema,
  type DeferredReply,
} from '../../../platform/slack/deferred-reply.ts';
import { followUpAnswer, type ReportDeps } from '../app/reports.ts';
import { instanceUrl, urgentLeadsOf } from '../app/lead-loader.ts';
import type { LeadReadDeps, NudgesDeps } from '../deps.ts';
import { buildLeadsList } from '../slack/blocks.ts';
import { COMMAND_FAILED, NOT_MATCHED } from '../slack/command-replies.ts';

/**
 * The 'nudge-replies' queue: `/leads` and `/followup` answered by a worker through the command's
 * response_url. Apart from the nudges queue so a person's answer never waits behind a scan or a
 * digest run.
 */

export const LEADS_REPLY_JOB = 'leads-reply';
export const FOLLOWUP_REPLY_JOB = 'followup-reply';

export const nudgeRepliesQueue = defineQueue<{
  [LEADS_REPLY_JOB]: DeferredReply;
  [FOLLOWUP_REPLY_JOB]: DeferredReply;
}>('nudge-replies');

export type ReplyJobDeps = LeadReadDeps & ReportDeps & Pick<NudgesDeps, 'jobs' | 'logger'>;

const NOT_MATCHED_REPLY = { response_type: 'ephemeral', text: NOT_MATCHED } as const;
const FAILED_REPLY = { response_type: 'ephemeral', text: COMMAND_FAILED } as const;

/** The caller's overdue and due-soon leads, with the digest's one-click actions. */
export async function leadsAnswer(deps: LeadReadDeps, slackUserId: string, now: Date) {
  const salesforceId = await deps.people.salesforceIdFor(slackUserId);
  if (!salesforceId) return NOT_MATCHED_REPLY;
  const urgent = await urgentLeadsOf(deps, salesforceId, now);
  return {
    ...buildLeadsList(urgent, await instanceUrl(deps), deps.config.policy.sla),
    replace_original: false,
  };
}

/** Enqueued by the web process once it has acked; a worker answers. */
export function enqueueReply(
  deps: Pick<NudgesDeps, 'jobs'>,
  name: typeof LEADS_REPLY_JOB | typeof FOLLOWUP_REPLY_JOB,
  reply: DeferredReply,
): Promise<unknown> {
  return deps.jobs.add(nudgeRepliesQueue, name, reply, DEFERRED_REPLY_JOB_OPTIONS);
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
    },
    { concurrency: REPLY_CONCURRENCY },
  );
}
