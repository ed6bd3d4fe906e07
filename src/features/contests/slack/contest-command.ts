import { z } from 'zod';
import { commandErrorMessage, contestHelpMessage, contestListMessage } from './blocks.ts';
import { parseContestCommand, type ContestCommand } from '../domain/command-parser.ts';
import type { ContestEngine } from '../app/engine.ts';
import { stickReportReply } from '../app/did-it-stick.ts';
import { answerLaunchCommand } from '../app/launch-command.ts';
import { manageContest, mayLaunch, statusReply } from '../app/manage.ts';
import { contestModalView } from '../app/modal-launch.ts';
import { youSent } from '../../../platform/slack/you-sent.ts';
import type { SlackRouter } from '../../../platform/slack/router.ts';
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

const REFUSAL =
  'Only managers and admins can launch contests. Ask your sales manager, or see `/leaderboard` for the contests you are in.';
const REPORT_REFUSAL =
  "Only managers and admins can ask for a contest's did-it-stick report; it is posted in the contest's channel after the contest ends.";
const MANAGER_COMMANDS: ReadonlySet<ContestCommand['kind']> = new Set([
  'open_modal',
  'start',
  'draft',
  'preview',
  // A team's follow-up rate is a manager's number, as in /followup.
  'report',
]);

type CommandArgs = Parameters<Parameters<typeof withTextLimit>[1]>[0];
interface Request {
  userId: string;
  channelId: string;
  text: string;
  triggerId: string;
  now: Date;
}

/** Runs one parsed subcommand: acks (with the answer when it is quick), then responds if needed. */
async function runCommand(engine: ContestEngine, cmd: ContestCommand, request: Request, args: CommandArgs) {
  const { ack, respond, client } = args;
  const { userId, channelId, text, now } = request;
  switch (cmd.kind) {
    case 'help':
      return ack(ephemeralMessage(contestHelpMessage()));
    case 'list':
      return ack(ephemeralMessage(contestListMessage(await engine.contests.list(25), now)));
    case 'open_modal':
      await ack();
      await client.views.open({
        trigger_id: request.triggerId,
        view: await contestModalView(engine, channelId),
      });
      return;
    case 'status':
      return ack(ephemeralMessage(await statusReply(engine, cmd.contestId, userId, channelId)));
    case 'end':
    case 'cancel':
    case 'extend':
    case 'recompute':
      await ack();
      await respond(ephemeralMessage(await manageContest(engine, cmd, userId)));
      return;
    case 'report':
      await ack(ephemeralText('Working out the numbers before, during and after…'));
      await respond(ephemeralMessage(await stickReportReply(engine, cmd.contestId)));
      return;
    case 'start':
    case 'draft':
    case 'preview': {
      await ack(ephemeralText(cmd.kind === 'preview' ? 'Working out the preview…' : 'On it…'));
      const answer = await answerLaunchCommand(engine, { text, userId, channelId, now });
      if (answer) await respond(answer);
    }
  }
}

export function registerContestCommand(router: SlackRouter, engine: ContestEngine): void {
  router.command(
    '/contest',
    withTextLimit(MAX_COMMAND_TEXT, async (args) => {
      const { ack, command } = args;
      const parsedCommand = commandSchema.parse(command);
      const { user_id: userId, channel_id: channelId, text, trigger_id: triggerId } = parsedCommand;
      const now = new Date();
      const parsed = parseContestCommand(text, {
        channelId,
        now,
        timeZone: engine.deps.config.policy.contests.defaultTimeZone,
      });
      if (!parsed.ok) {
        await ack(
          ephemeralMessage(commandErrorMessage(parsed.error, parsed.example, youSent('/contest', text))),
        );
        return;
      }
      const cmd = parsed.command;
      if (MANAGER_COMMANDS.has(cmd.kind) && !(await mayLaunch(engine, userId))) {
        await ack(ephemeralText(cmd.kind === 'report' ? REPORT_REFUSAL : REFUSAL));
        return;
      }
      await runCommand(engine, cmd, { userId, channelId, text, triggerId, now }, args);
    }),
  );
}
