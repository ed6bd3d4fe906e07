import { failureJob } from '../../../platform/slack/delivery.ts';
import { SlackMembers } from '../../../shared/people/members.ts';
import { SlackProfiles, type SlackProfile } from '../../../shared/people/profiles.ts';
import { isStoreUnavailable } from '../../../platform/slack/store-guard.ts';
import { checkMessage, type ShoutoutMessage } from '../domain/command.ts';
import { formatAmount, type LinkedOpportunity, type OpportunityChoice } from '../domain/opportunity.ts';
import {
  NOT_ALLOWED,
  recipientListError,
  shoutoutDeliveryKey,
  shoutoutIdFor,
  targetChannel,
  type Outcome,
  type Shoutout,
} from '../domain/shoutout.ts';
import { recognitionQueue } from '../queue.ts';
import { shoutoutPost, type Author } from '../slack/blocks.ts';
import { RecognitionStore } from '../store.ts';
import type { RecognitionDeps } from './deps.ts';
import { WonOpportunities } from './opportunities.ts';
import { describeProfileCheck, type ProfileCheck } from './profile-check.ts';
import { resolveTypedRecipients } from './typed-names.ts';

/**
 * What the command, the modal and the jobs share: who may post, which channel a shout-out goes to,
 * checking recipients and the linked opportunity, storing it once and queueing the post. Built once
 * by createRecognitionFeature and handed to the listeners, the jobs and the Home section.
 */

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

/** A request that passed every check: what is needed to store and post it. */
interface CheckedShoutout {
  style: Shoutout['style'];
  channel: string;
  opportunity: LinkedOpportunity | null;
  author: Author;
}

export type RecognitionUseCaseDeps = Pick<
  RecognitionDeps,
  'config' | 'logger' | 'redis' | 'keys' | 'jobs' | 'store' | 'slack' | 'delivery' | 'roles' | 'people'
>;

/** The shout-out a win prompt's button starts with: the deal's owner, a congratulation, the deal. */
export interface WinShoutoutDraft {
  recipients: string[];
  message: string;
  opportunityId: string;
}

export class Recognition {
  readonly store: RecognitionStore;
  readonly profiles: SlackProfiles;
  readonly members: SlackMembers;
  readonly opportunities: WonOpportunities;
  private readonly deps: RecognitionUseCaseDeps;

  constructor(deps: RecognitionUseCaseDeps) {
    this.deps = deps;
    this.store = new RecognitionStore(deps.redis, deps.keys);
    this.profiles = new SlackProfiles({ client: deps.slack, redis: deps.redis, keys: deps.keys });
    this.members = new SlackMembers({ client: deps.slack, redis: deps.redis, keys: deps.keys });
    this.opportunities = new WonOpportunities(deps, this.store);
  }

  private get policy() {
    return this.deps.config.policy.recognition;
  }

  /** Executives post with the executive styling; others get peer kudos or a refusal, per policy. */
  async styleFor(slackUserId: string): Promise<Outcome<Shoutout['style']>> {
    if (await this.deps.roles.is(slackUserId, 'executive')) return { ok: true, value: 'executive' };
    if (this.policy.nonExecutives === 'peer-kudos') return { ok: true, value: 'peer' };
    return { ok: false, error: NOT_ALLOWED };
  }

  /** Recent Closed Won opportunities for the modal, newest first; `include` is kept even if older. */
  async opportunityChoices(include: string | null): Promise<OpportunityChoice[]> {
    return this.opportunities.choices(include);
  }

  /** `/shoutout` text with the names typed at its start (`@Sam Carter`) made into mentions. */
  async resolveTypedNames(text: string): Promise<Outcome<string>> {
    return resolveTypedRecipients({ members: this.members, logger: this.deps.logger }, text);
  }

  /** Null when the deal is no longer in Salesforce (or not synced yet): there is nothing to link. */
  async draftFromWin(opportunityId: string): Promise<WinShoutoutDraft | null> {
    const opportunity = await this.deps.store.get('Opportunity', opportunityId);
    if (!opportunity || opportunity.IsDeleted) return null;
    const owner = await this.deps.people.slackIdFor(opportunity.OwnerId);
    return {
      recipients: owner ? [owner] : [],
      message: `Congratulations on closing ${opportunity.Name} (${formatAmount(opportunity.Amount)})! Great work.`,
      opportunityId: opportunity.Id,
    };
  }

  async checkRecipients(authorId: string, recipients: readonly string[]): Promise<Outcome<SlackProfile[]>> {
    const listError = recipientListError(authorId, recipients);
    if (listError) return { ok: false, error: listError };
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
      this.deps.logger.warn({ err: error, slackUserId }, 'users.info failed while checking a shout-out');
      return { ok: false, reason: 'unavailable', error };
    }
  }

  /** Checks everything, stores the shout-out once and queues the post. Changes nothing on error. */
  async create(request: ShoutoutRequest): Promise<Outcome<Shoutout>> {
    const checked = await this.checkRequest(request);
    if (!checked.ok) return checked;
    return { ok: true, value: await this.storeAndPost(request, checked.value) };
  }

  private async checkRequest(request: ShoutoutRequest): Promise<Outcome<CheckedShoutout>> {
    const style = await this.styleFor(request.authorId);
    if (!style.ok) return style;
    const channel = targetChannel(this.policy, request.sourceChannel);
    if (!channel.ok) return channel;
    const recipients = await this.checkRecipients(request.authorId, request.recipients);
    if (!recipients.ok) return { ...recipients, field: 'recipients' };
    const message = checkMessage(request.message, this.policy.maxMessageLength);
    if (!message.ok) return { ...message, field: 'message' };
    const mentioned = await this.checkMentioned(request);
    if (!mentioned.ok) return mentioned;
    const opportunity = await this.checkOpportunity(request.opportunityId);
    if (!opportunity.ok) return opportunity;
    const author = await this.check(request.authorId);
    if (!author.ok && author.reason === 'unavailable') {
      return { ok: false, error: describeProfileCheck(request.authorId, author) };
    }
    const authorProfile = author.ok
      ? author.profile
      : { id: request.authorId, name: request.authorId, title: '' };
    return {
      ok: true,
      value: {
        style: style.value,
        channel: channel.value,
        opportunity: opportunity.value,
        author: authorProfile,
      },
    };
  }

  /** Everyone mentioned in the message (not only the recipients) must exist. */
  private async checkMentioned(request: ShoutoutRequest): Promise<Outcome<null>> {
    for (const mentioned of request.message.mentionedUsers) {
      if (request.recipients.includes(mentioned)) continue;
      const found = await this.check(mentioned);
      if (!found.ok) return { ok: false, error: describeProfileCheck(mentioned, found), field: 'message' };
    }
    return { ok: true, value: null };
  }

  private async checkOpportunity(opportunityId: string | null): Promise<Outcome<LinkedOpportunity | null>> {
    if (!opportunityId) return { ok: true, value: null };
    const opportunity = await this.opportunities.linked(opportunityId);
    if (opportunity) return { ok: true, value: opportunity };
    return {
      ok: false,
      error: `Opportunity ${opportunityId} is not in bullpen's synced Salesforce data. Pick one from the list.`,
      field: 'opportunity',
    };
  }

  private async storeAndPost(request: ShoutoutRequest, checked: CheckedShoutout): Promise<Shoutout> {
    const id = shoutoutIdFor(request.requestKey);
    const shoutout: Shoutout = {
      id,
      authorId: request.authorId,
      recipients: request.recipients,
      text: request.message.mrkdwn,
      plain: request.message.plain,
      style: checked.style,
      opportunityId: checked.opportunity?.id ?? null,
      channel: checked.channel,
      deliveryKey: shoutoutDeliveryKey(id),
      source: request.source,
      createdAt: new Date().toISOString(),
    };
    const created = await this.store.create(shoutout);
    const stored = created ? shoutout : ((await this.store.get(id)) ?? shoutout);
    const post = shoutoutPost({ shoutout: stored, author: checked.author, opportunity: checked.opportunity });
    await this.deps.delivery.enqueue({
      key: stored.deliveryKey,
      method: 'chat.postMessage',
      args: { channel: stored.channel, text: post.text, blocks: post.blocks, unfurl_links: false },
      // Slack refusing the post for good comes back as a 'post-failed' job on recognition's queue.
      onFailure: failureJob(recognitionQueue, 'post-failed', { shoutoutId: id }),
    });
    if (created && checked.opportunity && this.policy.chatterMirror) {
      await this.deps.jobs.add(
        recognitionQueue,
        'chatter-mirror',
        { shoutoutId: id },
        { jobId: `chatter-${id}` },
      );
    }
    return stored;
  }

  /** Only the author or an admin; the post is removed by a job once it has been delivered. */
  async delete(id: string, actorId: string): Promise<Outcome<Shoutout>> {
    const shoutout = await this.store.get(id);
    if (!shoutout) return { ok: false, error: `There is no shout-out with id \`${id}\`.` };
    const isAdmin = await this.deps.roles.is(actorId, 'admin');
    if (shoutout.authorId !== actorId && !isAdmin) {
      return {
        ok: false,
        error: 'Only the person who posted this shout-out, or a bullpen admin, can delete it.',
      };
    }
    if (shoutout.deletedAt) return { ok: false, error: `Shout-out \`${id}\` was already deleted.` };
    await this.store.markDeleted(shoutout, actorId, new Date());
    await this.deps.jobs.add(
      recognitionQueue,
      'delete-post',
      { shoutoutId: id },
      { jobId: `delete-post-${id}` },
    );
    return { ok: true, value: shoutout };
  }
}
