import { z } from 'zod';
import { commandErrorMessage, contestHelpMessage } from './blocks.ts';
import { parseContestCommand, type ContestCommand } from '../domain/command-parser.ts';
import type { ContestEngine } from '../app/engine.ts';
import { mayLaunch } from '../app/manage.ts';
import { contestModalView } from '../app/modal-launch.ts';
import { REFUSAL } from '../replies/command-answers.ts';
import { CONTEST_COMMAND_FAILED, CONTEST_REPLY_JOB, enqueueContestReply } from '../replies/reply-jobs.ts';
import { ackAndEnqueue } from '../../../platform/slack/deferred-reply.ts';
import { youSent } from '../../../platform/slack/you-sent.ts';
import type { SlackRouter } from '../../../platform/slack/router.ts';
import { ephemeralMessage, ephemeralText } from '../../../platform/slack/replies.ts';
import { withTextLimit } from '../../../platform/slack/text-limit.ts';

/**
 * `/contest`: the launch modal, the one-line syntax and the management subcommands. The web process
 * answers only what needs no store in the ack (parse errors, help) and opens the modal (its
 * trigger_id expires in 3 s); every other subcommand is acked and enqueued, and a worker answers
 * through response_url (replies/), so reading contests never holds up an ack.
 */

/** Slack's own cap on slash command text; anything longer is refused with a clear answer. */
const MAX_COMMAND_TEXT = 4_000;
const commandSchema = z.object({
  user_id: z.string(),
  channel_id: z.string(),
  text: z.string().max(MAX_COMMAND_TEXT),
  trigger_id: z.string(),
});

/** What the person sees at once while a worker works out a slower answer. */
const HOLDING: Partial<Record<ContestCommand['kind'], string>> = {
  preview: 'Working out the preview…',
  start: 'On it…',
  draft: 'On it…',
  report: 'Working out the numbers before, during and after…',
};

type CommandArgs = Parameters<Parameters<typeof withTextLimit>[1]>[0];

async function openModal(engine: ContestEngine, args: CommandArgs, triggerId: string): Promise<void> {
  const { ack, client, command } = args;
  if (!(await mayLaunch(engine, command.user_id))) {
    await ack(ephemeralText(REFUSAL));
    return;
  }
  await ack();
  await client.views.open({
    trigger_id: triggerId,
    view: await contestModalView(engine, command.channel_id),
  });
}

function deferToWorker(engine: ContestEngine, cmd: ContestCommand, args: CommandArgs): Promise<void> {
  const holding = HOLDING[cmd.kind];
  return ackAndEnqueue(args, (reply) => enqueueContestReply(engine, CONTEST_REPLY_JOB, reply), {
    logger: engine.deps.logger,
    failedText: CONTEST_COMMAND_FAILED,
    ...(holding ? { holding } : {}),
  });
}

export function registerContestCommand(router: SlackRouter, engine: ContestEngine): void {
  router.command(
    '/contest',
    withTextLimit(MAX_COMMAND_TEXT, async (args) => {
      const { text, channel_id: channelId, trigger_id: triggerId } = commandSchema.parse(args.command);
      const parsed = parseContestCommand(text, {
        channelId,
        now: new Date(),
        timeZone: engine.deps.config.policy.contests.defaultTimeZone,
      });
      if (!parsed.ok) {
        await args.ack(
          ephemeralMessage(commandErrorMessage(parsed.error, parsed.example, youSent('/contest', text))),
        );
        return;
      }
      if (parsed.command.kind === 'help') return args.ack(ephemeralMessage(contestHelpMessage()));
      if (parsed.command.kind === 'open_modal') return openModal(engine, args, triggerId);
      await deferToWorker(engine, parsed.command, args);
    }),
  );
}
