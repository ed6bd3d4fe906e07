import { deferredCommandListener } from '../../../platform/slack/deferred-reply.ts';
import type { SlackRouter } from '../../../platform/slack/router.ts';
import type { FunnelListenerDeps } from './listener-deps.ts';
import { enqueueFunnelReply, FUNNEL_FAILED } from '../replies/funnel-reply-jobs.ts';

/**
 * `/funnel [period]`: marketing's funnel for marketing and admins, ephemerally. The web process
 * acks and enqueues, nothing more: the role check, the period and every lead of two periods are
 * read by a worker, which answers through response_url (replies/funnel-reply-jobs.ts).
 */

export const FUNNEL_COMMAND = '/funnel';

export function registerFunnelCommand(router: SlackRouter, deps: FunnelListenerDeps): void {
  router.command(
    FUNNEL_COMMAND,
    deferredCommandListener((reply) => enqueueFunnelReply(deps, reply), {
      logger: deps.logger,
      failedText: FUNNEL_FAILED,
    }),
  );
}
