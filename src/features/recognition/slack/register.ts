import { ackWithin } from '../../../platform/slack/ack-within.ts';
import { ephemeralText } from '../../../platform/slack/replies.ts';
import { youSent } from '../../../platform/slack/you-sent.ts';

/** Mention checks usually take a few cached look-ups; past this, answer through response_url. */
const ACK_DEADLINE_MS = 2_000;
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import { mrkdwnEscape } from '../../../platform/slack/text.ts';
import {
  DELETE_OPTION_VALUE_PREFIX,
  formatAmount,
  RECOGNITION_ACTIONS,
  shoutoutHelpText,
} from './blocks.ts';
import { parseShoutoutCommand, sanitizeMessage } from '../domain/command.ts';
import {
  buildShoutoutModal,
  modalMetadataSchema,
  readShoutoutSubmission,
  SHOUTOUT_BLOCKS,
  SHOUTOUT_VIEW,
  type ModalMetadata,
} from './modal.ts';
import { recognitionFor } from '../app/recognition.ts';
import type { Services } from '../../../services.ts';
import type { SlackFeature } from '../../../shared/feature.ts';

/**
 * `/shoutout`, the "Shout out" message shortcut, the win prompt's button, the post's Delete menu
 * and the shout-out modal. Every entry point checks the person's role before doing anything, and
 * the same request (trigger or view) always makes the same shout-out, so a retry posts once.
 */

export const SHOUTOUT_COMMAND = '/shoutout';
export const SHOUTOUT_SHORTCUT = 'shoutout_message';

const GENERIC_ERROR =
  'Something went wrong on our side and nothing was posted. Please try again in a minute.';

const commandSchema = z.object({
  user_id: z.string(),
  channel_id: z.string(),
  text: z.string(),
  trigger_id: z.string(),
});
const actionBodySchema = z.object({
  user: z.object({ id: z.string() }),
  trigger_id: z.string(),
  actions: z.array(
    z.object({ value: z.string().optional(), selected_option: z.object({ value: z.string() }).optional() }),
  ),
});
const shortcutSchema = z.object({
  user: z.object({ id: z.string() }),
  trigger_id: z.string(),
  channel: z.object({ id: z.string() }),
  message: z.object({ user: z.string().optional(), bot_id: z.string().optional() }).loose(),
});
const viewSchema = z.object({
  id: z.string(),
  private_metadata: z.string(),
  state: z.object({ values: z.unknown() }),
});

interface ModalPrefill {
  recipients: string[];
  message: string;
  opportunityId: string | null;
  metadata: ModalMetadata;
}

async function openShoutoutModal(
  services: Services,
  client: WebClient,
  triggerId: string,
  prefill: ModalPrefill,
): Promise<void> {
  const recognition = recognitionFor(services);
  const view = buildShoutoutModal({
    ...prefill,
    selectedOpportunityId: prefill.opportunityId,
    opportunities: await recognition.opportunityChoices(prefill.opportunityId),
    maxMessageLength: services.config.policy.recognition.maxMessageLength,
  });
  await client.views.open({ trigger_id: triggerId, view });
}

/** A modal that only explains, for clicks that have no channel to answer in (App Home). */
async function openNotice(client: WebClient, triggerId: string, text: string): Promise<void> {
  await client.views.open({
    trigger_id: triggerId,
    view: {
      type: 'modal',
      title: { type: 'plain_text', text: 'Shout-out' },
      close: { type: 'plain_text', text: 'Close' },
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }],
    },
  });
}

function registerCommand(router: Parameters<SlackFeature['register']>[0], services: Services): void {
  router.command(SHOUTOUT_COMMAND, async ({ ack, command, client, respond }) => {
    const recognition = recognitionFor(services);
    try {
      const {
        user_id: userId,
        channel_id: channelId,
        text,
        trigger_id: triggerId,
      } = commandSchema.parse(command);
      const parsed = parseShoutoutCommand(text);
      switch (parsed.kind) {
        case 'help':
          return await ack(ephemeralText(shoutoutHelpText));
        case 'error':
          return await ack(ephemeralText(`${parsed.error}\n${youSent('/shoutout', text)}`));
        case 'delete': {
          const deleted = await recognition.delete(parsed.id, userId);
          return await ack(ephemeralText(deleted.ok ? `Deleted shout-out \`${parsed.id}\`.` : deleted.error));
        }
        case 'compose': {
          const style = await recognition.styleFor(userId);
          if (!style.ok) return await ack(ephemeralText(style.error));
          await ack();
          return await openShoutoutModal(services, client, triggerId, {
            recipients: [],
            message: '',
            opportunityId: null,
            metadata: { channel: channelId, origin: 'command' },
          });
        }
        case 'post': {
          const work = recognition.create({
            authorId: userId,
            recipients: parsed.recipients,
            message: parsed.message,
            opportunityId: null,
            sourceChannel: channelId,
            requestKey: `command-${triggerId}`,
            source: 'command',
          });
          await ackWithin(
            ACK_DEADLINE_MS,
            work,
            (result) =>
              ephemeralText(
                result.ok
                  ? `Your shout-out is on its way to <#${result.value.channel}> (id \`${result.value.id}\`).`
                  : `${result.error}\n${youSent('/shoutout', text)}`,
              ),
            { ack: (reply) => ack(reply), respond: (reply) => respond(reply) },
            ephemeralText('Checking the people you mentioned…'),
          );
          return;
        }
      }
    } catch (error) {
      services.logger.error({ err: error }, '/shoutout failed');
      const reply = ephemeralText(`${GENERIC_ERROR}\n${youSent('/shoutout', command.text)}`);
      // After "Checking the people you mentioned…" the ack is spent: the answer goes to response_url.
      await ack(reply)
        .catch(() => respond(reply))
        .catch(() => undefined);
    }
  });
}

export const recognitionFeature: SlackFeature = {
  name: 'recognition',
  register(router, services) {
    const recognition = recognitionFor(services);
    registerCommand(router, services);

    router.shortcut(SHOUTOUT_SHORTCUT, 'message', async ({ ack, shortcut, client, respond }) => {
      await ack();
      const payload = shortcutSchema.parse(shortcut);
      const style = await recognition.styleFor(payload.user.id);
      if (!style.ok) {
        await respond({ ...ephemeralText(style.error), replace_original: false });
        return;
      }
      const author = payload.message.user;
      const recipients = author && !payload.message.bot_id && author !== payload.user.id ? [author] : [];
      await openShoutoutModal(services, client, payload.trigger_id, {
        recipients,
        message: '',
        opportunityId: null,
        metadata: { channel: payload.channel.id, origin: 'shortcut' },
      });
    });

    router.action(RECOGNITION_ACTIONS.fromWin, async ({ ack, body, client, respond }) => {
      await ack();
      const payload = actionBodySchema.parse(body);
      const style = await recognition.styleFor(payload.user.id);
      if (!style.ok || style.value !== 'executive') {
        await respond({ ...ephemeralText('Win prompts are for executives.'), replace_original: false });
        return;
      }
      const opportunityId = payload.actions[0]?.value ?? '';
      const opportunity = await services.store.get('Opportunity', opportunityId);
      if (!opportunity || opportunity.IsDeleted) {
        await respond({
          ...ephemeralText(
            'That opportunity is no longer in Salesforce (or not synced yet), so there is nothing to link.',
          ),
          replace_original: false,
        });
        return;
      }
      const owner = await services.people.slackIdFor(opportunity.OwnerId);
      await openShoutoutModal(services, client, payload.trigger_id, {
        recipients: owner ? [owner] : [],
        message: `Congratulations on closing ${opportunity.Name} (${formatAmount(opportunity.Amount)})! Great work.`,
        opportunityId: opportunity.Id,
        metadata: { channel: null, origin: 'win-prompt' },
      });
    });

    router.action(RECOGNITION_ACTIONS.openOpportunity, async ({ ack }) => {
      await ack();
    });

    router.action(RECOGNITION_ACTIONS.compose, async ({ ack, body, client }) => {
      await ack();
      const payload = actionBodySchema.parse(body);
      const style = await recognition.styleFor(payload.user.id);
      if (!style.ok) {
        await openNotice(client, payload.trigger_id, mrkdwnEscape(style.error));
        return;
      }
      await openShoutoutModal(services, client, payload.trigger_id, {
        recipients: [],
        message: '',
        opportunityId: null,
        metadata: { channel: null, origin: 'home' },
      });
    });

    router.action(RECOGNITION_ACTIONS.postMenu, async ({ ack, body, respond }) => {
      await ack();
      const payload = actionBodySchema.parse(body);
      const value = payload.actions[0]?.selected_option?.value ?? '';
      if (!value.startsWith(DELETE_OPTION_VALUE_PREFIX)) return;
      const id = value.slice(DELETE_OPTION_VALUE_PREFIX.length);
      const deleted = await recognition.delete(id, payload.user.id);
      await respond({
        ...ephemeralText(deleted.ok ? `Deleted shout-out \`${id}\`.` : deleted.error),
        replace_original: false,
      });
    });

    router.view(SHOUTOUT_VIEW, async ({ ack, view, body }) => {
      const parsedView = viewSchema.parse(view);
      const userId = z.object({ user: z.object({ id: z.string() }) }).parse(body).user.id;
      const metadata = modalMetadataSchema.catch({ channel: null, origin: 'home' }).parse(
        (() => {
          try {
            return JSON.parse(parsedView.private_metadata) as unknown;
          } catch {
            return null;
          }
        })(),
      );
      const submission = readShoutoutSubmission(parsedView.state.values);
      const result = await recognition.create({
        authorId: userId,
        recipients: submission.recipients,
        // Modal text arrives unescaped: escape it the way the command's text would be.
        message: sanitizeMessage(mrkdwnEscape(submission.message)),
        opportunityId: submission.opportunityId,
        sourceChannel: metadata.channel,
        requestKey: `view-${parsedView.id}`,
        source: 'modal',
      });
      if (result.ok) {
        await ack();
        return;
      }
      const block = SHOUTOUT_BLOCKS[result.field ?? 'message'];
      await ack({ response_action: 'errors', errors: { [block]: result.error.replace(/[`*]/g, '') } });
    });
  },
};
