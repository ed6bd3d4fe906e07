import { z } from 'zod';
import {
  buildContestModal,
  commandErrorMessage,
  contestHelpMessage,
  contestListMessage,
  CONTEST_MODAL_CALLBACK_ID,
  CONTEST_TEMPLATE_ACTION_ID,
  decodeModalMetadata,
  modalSubmissionToDraft,
  type StateValues,
} from './blocks.ts';
import { parseContestCommand, type ContestCommand } from '../domain/command-parser.ts';
import { contestEngine } from '../jobs.ts';
import { listUsergroups } from '../app/launch.ts';
import { modalAccessErrors } from '../app/access.ts';
import type { Services } from '../../../services.ts';
import type { SlackFeature } from '../../../shared/feature.ts';
import { youSent } from '../../../platform/slack/you-sent.ts';
import type { SlackRouter } from '../../../platform/slack/router.ts';
import { LAUNCH_DRAFT_ACTION_ID, manageContest, statusReply } from '../app/manage.ts';
import { answerLaunchCommand, claimLaunch, knownLeadSources, launchReply } from '../app/launch-command.ts';
import { registerLeaderboard } from '../app/leaderboard.ts';
import { ephemeralMessage, ephemeralText } from '../../../platform/slack/replies.ts';
import { withTextLimit } from '../../../platform/slack/text-limit.ts';

/**
 * `/contest`: the launch modal, the one-line syntax and the management subcommands. Every path acks
 * within Slack's 3 s: parse errors and refusals in the ack itself, anything that calls Slack or
 * Salesforce after the ack through `respond` (the command's response_url).
 */

/** Slack's own cap on slash command text; anything longer is refused with a clear answer. */
const MAX_COMMAND_TEXT = 4_000;
const commandSchema = z.object({
  user_id: z.string(),
  channel_id: z.string(),
  text: z.string().max(MAX_COMMAND_TEXT),
  trigger_id: z.string(),
});
const viewSubmissionSchema = z.object({
  user: z.object({ id: z.string() }),
  view: z.object({
    id: z.string(),
    private_metadata: z.string(),
    state: z.object({ values: z.record(z.string(), z.unknown()) }),
  }),
});
const templatePickSchema = z.object({
  view: z.object({ id: z.string(), hash: z.string().optional(), private_metadata: z.string() }),
  actions: z.array(z.object({ selected_option: z.object({ value: z.string() }).optional() })),
});
const draftButtonSchema = z.object({
  user: z.object({ id: z.string() }),
  actions: z.array(z.object({ value: z.string() })),
  channel: z.object({ id: z.string() }).optional(),
});

export async function mayLaunch(services: Services, slackUserId: string): Promise<boolean> {
  const roles = await services.roles.rolesOf(slackUserId);
  return roles.has('manager') || roles.has('admin');
}

const REFUSAL =
  'Only managers and admins can launch contests. Ask your sales manager, or see `/leaderboard` for the contests you are in.';
const MANAGER_COMMANDS: ReadonlySet<ContestCommand['kind']> = new Set([
  'open_modal',
  'start',
  'draft',
  'preview',
]);

async function openModal(services: Services, triggerId: string, channelId: string, templateId?: string) {
  const [usergroups, leadSources] = await Promise.all([listUsergroups(services), knownLeadSources(services)]);
  const view = buildContestModal({
    originChannelId: channelId,
    usergroups,
    leadSources: leadSources ?? [],
    ...(templateId ? { templateId } : {}),
  });
  return { view, triggerId };
}

const listReply = async (services: Services, now: Date) =>
  ephemeralMessage(contestListMessage(await contestEngine(services).contests.list(25), now));

function registerCommand(router: SlackRouter, services: Services) {
  router.command(
    '/contest',
    withTextLimit(MAX_COMMAND_TEXT, async ({ ack, command, respond, client }) => {
      const {
        user_id: userId,
        channel_id: channelId,
        text,
        trigger_id: triggerId,
      } = commandSchema.parse(command);
      const now = new Date();
      const parsed = parseContestCommand(text, {
        channelId,
        now,
        timeZone: services.config.policy.contests.defaultTimeZone,
      });
      if (!parsed.ok) {
        await ack(
          ephemeralMessage(commandErrorMessage(parsed.error, parsed.example, youSent('/contest', text))),
        );
        return;
      }
      const cmd = parsed.command;
      if (MANAGER_COMMANDS.has(cmd.kind) && !(await mayLaunch(services, userId))) {
        await ack(ephemeralText(REFUSAL));
        return;
      }
      switch (cmd.kind) {
        case 'help':
          await ack(ephemeralMessage(contestHelpMessage()));
          return;
        case 'list':
          await ack(await listReply(services, now));
          return;
        case 'open_modal':
          await ack();
          await client.views.open({
            trigger_id: triggerId,
            view: (await openModal(services, triggerId, channelId)).view,
          });
          return;
        case 'status':
          await ack(ephemeralMessage(await statusReply(services, cmd.contestId, userId, channelId)));
          return;
        case 'end':
        case 'cancel':
        case 'extend':
        case 'recompute':
          await ack();
          await respond(ephemeralMessage(await manageContest(services, cmd, userId)));
          return;
        case 'start':
        case 'draft':
        case 'preview':
          await ack(ephemeralText(cmd.kind === 'preview' ? 'Working out the preview…' : 'On it…'));
          await answerLaunchCommand(services, { text, userId, channelId, now, respond });
      }
    }),
  );
}

function registerModal(router: SlackRouter, services: Services) {
  router.view(CONTEST_MODAL_CALLBACK_ID, async ({ ack, body, client }) => {
    const submission = viewSubmissionSchema.parse(body);
    const userId = submission.user.id;
    const metadata = decodeModalMetadata(submission.view.private_metadata);
    if (!(await mayLaunch(services, userId))) {
      await ack({
        response_action: 'errors',
        errors: { contest_name: 'Only managers and admins can launch contests.' },
      });
      return;
    }
    const result = modalSubmissionToDraft(submission.view.state.values as StateValues, {
      now: new Date(),
      ...(metadata?.templateId ? { templateId: metadata.templateId } : {}),
      knownLeadSources: await knownLeadSources(services),
    });
    if (!result.ok) {
      await ack({ response_action: 'errors', errors: result.errors });
      return;
    }
    const accessErrors = await modalAccessErrors(services, result.draft);
    if (accessErrors) return void (await ack({ response_action: 'errors', errors: accessErrors }));
    await ack();
    // One contest per modal, even if Slack delivers the submission twice.
    if (!(await claimLaunch(services, userId, `view-${submission.view.id}`))) return;
    const reply = await launchReply(services, result.draft, userId);
    const channel = result.draft.channel.kind === 'id' ? result.draft.channel.id : metadata?.originChannelId;
    if (channel)
      await client.chat.postEphemeral({ channel, user: userId, text: reply.text, blocks: reply.blocks });
  });

  router.action(CONTEST_TEMPLATE_ACTION_ID, async ({ ack, body, client }) => {
    await ack();
    const parsed = templatePickSchema.safeParse(body);
    if (!parsed.success) return;
    const metadata = decodeModalMetadata(parsed.data.view.private_metadata);
    const templateId = parsed.data.actions[0]?.selected_option?.value;
    const { view } = await openModal(services, '', metadata?.originChannelId ?? '', templateId);
    await client.views.update({
      view_id: parsed.data.view.id,
      ...(parsed.data.view.hash ? { hash: parsed.data.view.hash } : {}),
      view,
    });
  });

  router.action(LAUNCH_DRAFT_ACTION_ID, async ({ ack, body, respond }) => {
    await ack();
    const parsed = draftButtonSchema.safeParse(body);
    const draftId = parsed.success ? parsed.data.actions[0]?.value : undefined;
    if (!parsed.success || !draftId) return;
    const userId = parsed.data.user.id;
    const engine = contestEngine(services);
    const owner = await engine.contests.peekDraft(draftId);
    if (!owner) {
      await respond({
        ...ephemeralText('That draft was already launched or has expired.'),
        replace_original: false,
      });
      return;
    }
    if (owner.createdBy !== userId || !(await mayLaunch(services, userId))) {
      await respond({
        ...ephemeralText('Only the manager who wrote this draft can launch it.'),
        replace_original: false,
      });
      return;
    }
    const taken = await engine.contests.takeDraft(draftId);
    if (!taken) return; // a double click: the first click launched it
    await respond({
      ...ephemeralMessage(await launchReply(services, taken.draft, userId)),
      replace_original: true,
    });
  });
}

export const contestsFeature: SlackFeature = {
  name: 'contests',
  register(router, services) {
    registerCommand(router, services);
    registerModal(router, services);
    registerLeaderboard(router, services);
  },
};
