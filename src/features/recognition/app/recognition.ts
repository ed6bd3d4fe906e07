import { createHash } from 'node:crypto';
import type { Services } from '../../../services.ts';
import { linkedOpportunity, shoutoutPost, type LinkedOpportunity } from '../slack/blocks.ts';
import { checkMessage, type ShoutoutMessage } from '../domain/command.ts';
import type { OpportunityChoice } from '../slack/modal.ts';
import { SlackProfiles, type SlackProfile } from '../../../shared/people/profiles.ts';
import { describeProfileCheck, type ProfileCheck } from './profile-check.ts';
import { isStoreUnavailable } from '../../../platform/slack/store-guard.ts';
import { RecognitionStore, type Shoutout } from '../store.ts';

/**
 * What the command, the modal and the jobs share: who may post, which channel a shout-out goes to,
 * checking recipients and the linked opportunity, storing it once and queueing the post.
 */

export const CHATTER_JOB = 'chatter-mirror';
export const DELETE_POST_JOB = 'delete-post';
export const POST_FAILED_JOB = 'post-failed';
export const MAX_RECIPIENTS = 20;
const WON_INDEX_REFRESH_S = 600;

export type ErrorField = 'recipients' | 'message' | 'opportunity';
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: string; field?: ErrorField };

export interface ShoutoutRequest {
  authorId: string;
  recipients: string[];
  message: ShoutoutMessage;
  opportunityId: string | null;
  /** Where the person was when they asked (a channel id), if anywhere. */
  sourceChannel: string | null;
  /** Unique per user request (trigger_id, view id): the same request always makes the same shout-out. */
  requestKey: string;
  source: Shoutout['source'];
}

export const shoutoutIdFor = (requestKey: string): string =>
  `so-${createHash('sha256').update(requestKey).digest('hex').slice(0, 10)}`;

export const shoutoutDeliveryKey = (id: string): string => `shoutout-${id}`;

const NOT_ALLOWED =
  'Shout-outs from bullpen are for executives. Ask your manager or a sales leader to recognise great work, or thank your teammate in the channel.';

export class Recognition {
  readonly store: RecognitionStore;
  readonly profiles: SlackProfiles;
  private readonly services: Services;

  constructor(services: Services) {
    this.services = services;
    this.store = new RecognitionStore(services.redis, services.keys);
    this.profiles = new SlackProfiles({ client: services.slack, redis: services.redis, keys: services.keys });
  }

  private get policy() {
    return this.services.config.policy.recognition;
  }

  /** Executives post with the executive styling; others get peer kudos or a refusal, per policy. */
  async styleFor(slackUserId: string): Promise<Outcome<Shoutout['style']>> {
    if (await this.services.roles.is(slackUserId, 'executive')) return { ok: true, value: 'executive' };
    if (this.policy.nonExecutives === 'peer-kudos') return { ok: true, value: 'peer' };
    return { ok: false, error: NOT_ALLOWED };
  }

  /** The recognition channel, or the current one where the policy allows it (never a DM). */
  targetChannel(sourceChannel: string | null): Outcome<string> {
    const current = sourceChannel && /^[CG]/.test(sourceChannel) ? sourceChannel : null;
    const configured = this.policy.channel ?? null;
    if (current && (this.policy.allowCurrentChannel || !configured)) return { ok: true, value: current };
    if (configured) return { ok: true, value: configured };
    return {
      ok: false,
      error:
        'No recognition channel is set up yet. Run `/shoutout` in a channel, or ask your bullpen admin to set `recognition.channel` in the policy file.',
    };
  }

  async instanceUrl(): Promise<string | null> {
    return this.services.redis.get(this.services.keys('sf', 'instance-url'));
  }

  async opportunity(opportunityId: string): Promise<LinkedOpportunity | null> {
    const record = await this.services.store.get('Opportunity', opportunityId);
    if (!record || record.IsDeleted) return null;
    return linkedOpportunity(record, await this.instanceUrl());
  }

  /**
   * Sync's first (backfill) run publishes no domain events, so wins it stored are indexed here from
   * the synced store, at most every ten minutes; later wins are indexed as their events arrive.
   */
  async refreshWonIndex(): Promise<void> {
    const guard = this.services.keys('recognition', 'won-index-refreshed');
    if ((await this.services.redis.set(guard, '1', 'EX', WON_INDEX_REFRESH_S, 'NX')) !== 'OK') return;
    for await (const opportunities of this.services.store.scan('Opportunity')) {
      const wins = opportunities
        .filter((o) => o.IsWon && !o.IsDeleted)
        .map((o) => ({ id: o.Id, closedAtMs: Date.parse(o.CloseDate ?? o.SystemModstamp) || 0 }));
      await this.store.rememberWon(wins);
    }
  }

  /** Recent Closed Won opportunities for the modal, newest first; `include` is kept even if older. */
  async opportunityChoices(include: string | null): Promise<OpportunityChoice[]> {
    await this.refreshWonIndex();
    const ids = await this.store.recentWonIds(100);
    if (include && !ids.includes(include)) ids.unshift(include);
    const records = await this.services.store.getMany('Opportunity', ids.slice(0, 100));
    return records
      .filter((o) => !o.IsDeleted && (o.IsWon || o.Id === include))
      .map((o) => ({ id: o.Id, name: o.Name, amount: o.Amount }));
  }

  async checkRecipients(authorId: string, recipients: readonly string[]): Promise<Outcome<SlackProfile[]>> {
    if (recipients.length === 0) return { ok: false, error: 'Pick at least one person to recognise.' };
    if (recipients.length > MAX_RECIPIENTS) {
      return { ok: false, error: `A shout-out can recognise up to ${MAX_RECIPIENTS} people at once.` };
    }
    if (recipients.length === 1 && recipients[0] === authorId) {
      return { ok: false, error: "Shout-outs are for recognising others, so you can't pick only yourself." };
    }
    const profiles: SlackProfile[] = [];
    for (const id of recipients) {
      const found = await this.check(id);
      if (!found.ok) return { ok: false, error: describeProfileCheck(id, found) };
      profiles.push(found.profile);
    }
    return { ok: true, value: profiles };
  }

  /**
   * users.info failing (rate limited, timed out, Slack down) becomes an answer for the author rather
   * than an exception nobody reports. Redis being down still throws, for the store guard to answer.
   */
  private async check(slackUserId: string): Promise<ProfileCheck> {
    try {
      return await this.profiles.lookup(slackUserId);
    } catch (error) {
      if (isStoreUnavailable(error)) throw error;
      this.services.logger.warn({ err: error, slackUserId }, 'users.info failed while checking a shout-out');
      return { ok: false, reason: 'unavailable', error };
    }
  }

  /** Checks everything, stores the shout-out once and queues the post. Changes nothing on error. */
  async create(request: ShoutoutRequest): Promise<Outcome<Shoutout>> {
    const style = await this.styleFor(request.authorId);
    if (!style.ok) return style;
    const channel = this.targetChannel(request.sourceChannel);
    if (!channel.ok) return channel;
    const recipients = await this.checkRecipients(request.authorId, request.recipients);
    if (!recipients.ok) return { ...recipients, field: 'recipients' };
    const message = checkMessage(request.message, this.policy.maxMessageLength);
    if (!message.ok) return { ...message, field: 'message' };
    for (const mentioned of request.message.mentionedUsers) {
      if (request.recipients.includes(mentioned)) continue;
      const found = await this.check(mentioned);
      if (!found.ok) return { ok: false, error: describeProfileCheck(mentioned, found), field: 'message' };
    }
    let opportunity: LinkedOpportunity | null = null;
    if (request.opportunityId) {
      opportunity = await this.opportunity(request.opportunityId);
      if (!opportunity) {
        return {
          ok: false,
          error: `Opportunity ${request.opportunityId} is not in bullpen's synced Salesforce data. Pick one from the list.`,
          field: 'opportunity',
        };
      }
    }
    const author = await this.check(request.authorId);
    if (!author.ok && author.reason === 'unavailable') {
      return { ok: false, error: describeProfileCheck(request.authorId, author) };
    }
    const authorProfile = author.ok
      ? author.profile
      : { id: request.authorId, name: request.authorId, title: '' };
    const id = shoutoutIdFor(request.requestKey);
    const shoutout: Shoutout = {
      id,
      authorId: request.authorId,
      recipients: request.recipients,
      text: request.message.mrkdwn,
      plain: request.message.plain,
      style: style.value,
      opportunityId: opportunity?.id ?? null,
      channel: channel.value,
      deliveryKey: shoutoutDeliveryKey(id),
      source: request.source,
      createdAt: new Date().toISOString(),
    };
    const created = await this.store.create(shoutout);
    const stored = created ? shoutout : ((await this.store.get(id)) ?? shoutout);
    const post = shoutoutPost({ shoutout: stored, author: authorProfile, opportunity });
    await this.services.delivery.enqueue({
      key: stored.deliveryKey,
      method: 'chat.postMessage',
      args: { channel: stored.channel, text: post.text, blocks: post.blocks, unfurl_links: false },
      onFailure: { queue: 'recognition', name: POST_FAILED_JOB, data: { shoutoutId: id } },
    });
    if (created && opportunity && this.policy.chatterMirror) {
      await this.services.jobs
        .queueNamed('recognition')
        .add(CHATTER_JOB, { shoutoutId: id }, { jobId: `chatter-${id}` });
    }
    return { ok: true, value: stored };
  }

  /** Only the author or an admin; the post is removed by a job once it has been delivered. */
  async delete(id: string, actorId: string): Promise<Outcome<Shoutout>> {
    const shoutout = await this.store.get(id);
    if (!shoutout) return { ok: false, error: `There is no shout-out with id \`${id}\`.` };
    const isAdmin = await this.services.roles.is(actorId, 'admin');
    if (shoutout.authorId !== actorId && !isAdmin) {
      return {
        ok: false,
        error: 'Only the person who posted this shout-out, or a bullpen admin, can delete it.',
      };
    }
    if (shoutout.deletedAt) return { ok: false, error: `Shout-out \`${id}\` was already deleted.` };
    await this.store.markDeleted(shoutout, actorId, new Date());
    await this.services.jobs
      .queueNamed('recognition')
      .add(DELETE_POST_JOB, { shoutoutId: id }, { jobId: `delete-post-${id}` });
    return { ok: true, value: shoutout };
  }
}

const instances = new WeakMap<Services, Recognition>();

export function recognitionFor(services: Services): Recognition {
  let instance = instances.get(services);
  if (!instance) {
    instance = new Recognition(services);
    instances.set(services, instance);
  }
  return instance;
}
