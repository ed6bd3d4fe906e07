import { deferredCommandListener } from '../../../platform/slack/deferred-reply.ts';
import type { NudgesDeps } from '../deps.ts';
import { enqueueReply, FOLLOWUP_REPLY_JOB } from '../replies/reply-jobs.ts';
import { COMMAND_FAILED } from './command-replies.ts';

/**
 * `/followup`: the follow-up rate, the caller's own, their team's for managers, everyone's for
 * admins. Acks and enqueues; a worker answers through response_url (replies/reply-jobs.ts).
 */
export const followupCommandListener = (deps: Pick<NudgesDeps, 'jobs' | 'logger'>) =>
  deferredCommandListener((reply) => enqueueReply(deps, FOLLOWUP_REPLY_JOB, reply), {
    logger: deps.logger,
    failedText: COMMAND_FAILED,
  });
