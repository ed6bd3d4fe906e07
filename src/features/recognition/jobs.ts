import type { DomainEvent } from '../../shared/sync/domain-events.ts';
import { UnrecoverableError, type Job } from 'bullmq';
import { z } from 'zod';
import { DOMAIN_EVENT_JOB } from '../../platform/jobs/event-bus.ts';
import { defineQueue } from '../../platform/jobs/queue-spec.ts';
import { classifySalesforceError } from '../../platform/salesforce/connection.ts';
import type { Services, WorkerFeature } from '../../services.ts';
import { linkedOpportunity, postFailedText, winPromptMessage } from './slack/blocks.ts';
import { CHATTER_JOB, DELETE_POST_JOB, POST_FAILED_JOB, recognitionFor } from './app/recognition.ts';
import { slackErrorCode } from '../../platform/slack/replies.ts';

/**
 * Recognition's background work on the 'recognition' queue: win prompts from sync's
 * `opportunity.won` events, the optional Chatter mirror, and removing deleted shout-outs' posts.
 */

const DAY_MS = 86_400_000;

const wonEventSchema = z.object({
  type: z.literal('opportunity.won'),
  opportunityId: z.string(),
  ownerId: z.string(),
  name: z.string(),
  amount: z.number().nullable(),
  at: z.string(),
});
const anyEventSchema = z.object({ type: z.string() });
const shoutoutJobSchema = z.object({ shoutoutId: z.string() });
const postFailedSchema = z.object({ shoutoutId: z.string(), slackError: z.string() });

export const winPromptDeliveryKey = (opportunityId: string, executiveId: string): string =>
  `win-${opportunityId}-${executiveId}`;

/** Everyone who gets win prompts: the policy's executives plus the executive user group. */
export async function executiveIds(services: Services): Promise<string[]> {
  const { executives, executiveUsergroup } = services.config.policy.roles;
  const group = executiveUsergroup ? await services.roles.usergroupMembers(executiveUsergroup) : [];
  return [...new Set([...executives, ...group])];
}

export type WinOutcome = 'prompted' | 'not-won' | 'below-threshold' | 'stale' | 'already-prompted';

/**
 * One prompt per opportunity, ever: the claim is a SET NX marker owned by this job (its retries
 * continue, any other event for the same deal stops), and each DM has a deterministic delivery key.
 */
export async function handleWin(
  services: Services,
  event: z.infer<typeof wonEventSchema>,
  claimant: string,
  now = new Date(),
): Promise<WinOutcome> {
  const recognition = recognitionFor(services);
  const policy = services.config.policy.recognition;
  const opportunity = await services.store.get('Opportunity', event.opportunityId);
  if (!opportunity || opportunity.IsDeleted || !opportunity.IsWon) return 'not-won';
  const closedAt = Date.parse(opportunity.CloseDate ?? event.at);
  await recognition.store.rememberWon([
    { id: opportunity.Id, closedAtMs: Number.isNaN(closedAt) ? Date.parse(event.at) : closedAt },
  ]);
  const amount = opportunity.Amount ?? event.amount;
  if (amount === null || amount < policy.winPromptThreshold) return 'below-threshold';
  const oldest = now.getTime() - policy.winPromptMaxAgeDays * DAY_MS;
  // CloseDate is a date: compare it with the start of the oldest day allowed.
  if (Date.parse(event.at) < oldest || closedAt < oldest - DAY_MS) return 'stale';
  if (!(await recognition.store.claimWinPrompt(opportunity.Id, claimant))) return 'already-prompted';
  const owner = await services.store.get('User', opportunity.OwnerId);
  const message = winPromptMessage({
    opportunity: linkedOpportunity(opportunity, await recognition.instanceUrl()),
    ownerSlackId: await services.people.slackIdFor(opportunity.OwnerId),
    ownerName: owner?.Name ?? 'A rep',
    threshold: policy.winPromptThreshold,
  });
  for (const executive of await executiveIds(services)) {
    await services.delivery.enqueue({
      key: winPromptDeliveryKey(opportunity.Id, executive),
      method: 'dm',
      args: { user: executive, text: message.text, blocks: message.blocks },
    });
  }
  return 'prompted';
}

/** Posts a linked shout-out to the Opportunity's Chatter feed, once. */
async function mirrorToChatter(services: Services, shoutoutId: string): Promise<string> {
  const recognition = recognitionFor(services);
  const shoutout = await recognition.store.get(shoutoutId);
  if (!shoutout?.opportunityId || shoutout.deletedAt) return 'nothing-to-mirror';
  if (await recognition.store.chatterItem(shoutoutId)) return 'already-mirrored';
  const names = new Map<string, string>();
  for (const id of [shoutout.authorId, ...shoutout.recipients]) {
    const found = await recognition.profiles.lookup(id);
    names.set(id, found.ok ? found.profile.name : id);
  }
  const body = shoutout.plain.replace(/<@([UW][A-Z0-9]+)>/g, (_m, id: string) => `@${names.get(id) ?? id}`);
  const recipients = shoutout.recipients.map((id) => names.get(id) ?? id).join(', ');
  const conn = await services.salesforce.connection();
  try {
    const result = await conn.sobject('FeedItem').create({
      ParentId: shoutout.opportunityId,
      Type: 'TextPost',
      Body: `Shout-out from ${names.get(shoutout.authorId) ?? shoutout.authorId} to ${recipients}: ${body}`.slice(
        0,
        10_000,
      ),
    });
    const created = z.object({ id: z.string(), success: z.literal(true) }).parse(result);
    await recognition.store.setChatterItem(shoutoutId, created.id);
    return created.id;
  } catch (error) {
    if (classifySalesforceError(error) === 'permanent') {
      services.logger.warn({ err: error, shoutoutId }, 'could not mirror the shout-out to Chatter');
      throw new UnrecoverableError((error as Error).message);
    }
    throw error;
  }
}

const PENDING_STATES = new Set(['waiting', 'delayed', 'prioritized', 'waiting-children']);

/** Removes a deleted shout-out's post, or its pending delivery if it has not been posted yet. */
async function deletePost(services: Services, shoutoutId: string): Promise<string> {
  const shoutout = await recognitionFor(services).store.get(shoutoutId);
  if (!shoutout) return 'unknown';
  const record = await services.delivery.record(shoutout.deliveryKey);
  if (record?.channel && record.ts) {
    try {
      await services.slack.chat.delete({ channel: record.channel, ts: record.ts });
    } catch (error) {
      const code = slackErrorCode(error);
      if (code !== 'message_not_found') throw error;
    }
    return 'deleted';
  }
  const pending = await services.jobs.queueNamed('slack-delivery').getJob(`slack-${shoutout.deliveryKey}`);
  if (!pending) return 'never-posted';
  if (PENDING_STATES.has(await pending.getState())) {
    await pending.remove();
    return 'cancelled';
  }
  // Being delivered right now: retry once it has a ts.
  throw new Error(`shout-out ${shoutoutId} is being posted; deleting it on the next attempt`);
}

/**
 * Slack refused the post for good: the shout-out never appeared, so it stops counting (kudos, Home)
 * and its author gets their words back with the reason and what to do.
 */
async function tellAuthorPostFailed(
  services: Services,
  data: z.infer<typeof postFailedSchema>,
): Promise<string> {
  const recognition = recognitionFor(services);
  const shoutout = await recognition.store.get(data.shoutoutId);
  if (!shoutout) return 'unknown';
  await recognition.store.markDeleted(shoutout, 'bullpen', new Date());
  await services.delivery.enqueue({
    key: `shoutout-failed-${shoutout.id}`,
    method: 'dm',
    args: { user: shoutout.authorId, text: postFailedText(shoutout, data.slackError) },
  });
  return 'author-told';
}

export const recognitionWorker: WorkerFeature = {
  name: 'recognition',
  async registerJobs(services) {
    services.bus.subscribe(defineQueue<{ [DOMAIN_EVENT_JOB]: DomainEvent }>('recognition'));
    services.jobs.register({
      queue: 'recognition',
      options: { concurrency: 4 },
      processor: async (job: Job) => {
        switch (job.name) {
          case DOMAIN_EVENT_JOB: {
            const { type } = anyEventSchema.parse(job.data);
            if (type !== 'opportunity.won') return 'ignored';
            return handleWin(services, wonEventSchema.parse(job.data), job.id ?? job.name);
          }
          case CHATTER_JOB:
            return mirrorToChatter(services, shoutoutJobSchema.parse(job.data).shoutoutId);
          case DELETE_POST_JOB:
            return deletePost(services, shoutoutJobSchema.parse(job.data).shoutoutId);
          case POST_FAILED_JOB:
            return tellAuthorPostFailed(services, postFailedSchema.parse(job.data));
          default:
            return 'unknown-job';
        }
      },
    });
  },
};
