import { deferredCommandListener } from '../../../platform/slack/deferred-reply.ts';
import type { NudgesDeps } from '../deps.ts';
import { enqueueReply, LEADS_REPLY_JOB } from '../replies/reply-jobs.ts';
import { COMMAND_FAILED } from './command-replies.ts';

/**
 * `/leads`: the caller's overdue and due-soon leads. The web process acks and enqueues, nothing
 * more; a worker reads the store and answers through response_url (replies/reply-jobs.ts), so a
 * busy store never delays an ack.
 */
export const leadsCommandListener = (deps: Pick<NudgesDeps, 'jobs' | 'logger'>) =>
  deferredCommandListener((reply) => enqueueReply(deps, LEADS_REPLY_JOB, reply), {
    logger: deps.logger,
    failedText: COMMAND_FAILED,
  });
