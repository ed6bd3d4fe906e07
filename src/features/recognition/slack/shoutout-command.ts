import { z } from 'zod';
import { ackWithin } from '../../../platform/slack/ack-within.ts';
import { ephemeralText } from '../../../platform/slack/replies.ts';
import type { SlackRouter } from '../../../platform/slack/router.ts';
import { youSent } from '../../../platform/slack/you-sent.ts';
import { parseShoutoutCommand } from '../domain/command.ts';
import type { Outcome } from '../domain/shoutout.ts';
import { hasTypedName } from '../domain/typed-names.ts';
import { shoutoutHelpText } from './blocks.ts';
import type { RecognitionListenerDeps } from './listener-deps.ts';
import { openShoutoutModal } from './open-modal.ts';

/**
 * `/shoutout`: help, delete, an empty modal, or a shout-out typed in one line, its people picked
 * (`<@U…>`) or typed by name (`@Sam Carter`, resolved against the workspace). The same trigger
 * always makes the same shout-out, so a retried command posts once.
 */

export const SHOUTOUT_COMMAND = '/shoutout';

/** Mention checks usually take a few cached look-ups; past this, answer through response_url. */
const ACK_DEADLINE_MS = 2_000;

const GENERIC_ERROR =
  'Something went wrong on our side and nothing was posted. Please try again in a minute.';

const commandSchema = z.object({
  user_id: z.string(),
  channel_id: z.string(),
  text: z.string(),
  trigger_id: z.string(),
});

type CommandArgs = Parameters<Parameters<SlackRouter['command']>[1]>[0];
type Reply = ReturnType<typeof ephemeralText>;

interface CommandContext {
  args: CommandArgs;
  command: z.infer<typeof commandSchema>;
  deps: RecognitionListenerDeps;
}

/** Typed names resolved, the text parsed and the shout-out created: what the author hears. */
async function createFromText({ command, deps }: CommandContext): Promise<Outcome<string>> {
  const resolved = await deps.recognition.resolveTypedNames(command.text);
  if (!resolved.ok) return resolved;
  const parsed = parseShoutoutCommand(resolved.value);
  if (parsed.kind === 'error') return { ok: false, error: parsed.error };
  if (parsed.kind !== 'post') return { ok: false, error: GENERIC_ERROR };
  const result = await deps.recognition.create({
    authorId: command.user_id,
    recipients: parsed.recipients,
    message: parsed.message,
    opportunityId: null,
    sourceChannel: command.channel_id,
    requestKey: `command-${command.trigger_id}`,
    source: 'command',
  });
  if (!result.ok) return result;
  return {
    ok: true,
    value: `Your shout-out is on its way to <#${result.value.channel}> (id \`${result.value.id}\`).`,
  };
}

async function postFromCommand(context: CommandContext): Promise<void> {
  const { args, command } = context;
  await ackWithin(
    ACK_DEADLINE_MS,
    createFromText(context),
    (result) =>
      ephemeralText(result.ok ? result.value : `${result.error}\n${youSent('/shoutout', command.text)}`),
    { ack: (reply: Reply) => args.ack(reply), respond: (reply: Reply) => args.respond(reply) },
    ephemeralText('Checking the people you mentioned…'),
  );
}

async function answer(context: CommandContext): Promise<void> {
  const { args, command, deps } = context;
  const parsed = parseShoutoutCommand(command.text);
  // Names typed rather than picked (`@Sam Carter`) are looked up before anything is refused.
  if (parsed.kind === 'error' && hasTypedName(command.text)) return postFromCommand(context);
  switch (parsed.kind) {
    case 'help':
      return args.ack(ephemeralText(shoutoutHelpText));
    case 'error':
      return args.ack(ephemeralText(`${parsed.error}\n${youSent('/shoutout', command.text)}`));
    case 'delete': {
      const deleted = await deps.recognition.delete(parsed.id, command.user_id);
      return args.ack(ephemeralText(deleted.ok ? `Deleted shout-out \`${parsed.id}\`.` : deleted.error));
    }
    case 'compose': {
      const style = await deps.recognition.styleFor(command.user_id);
      if (!style.ok) return args.ack(ephemeralText(style.error));
      await args.ack();
      return openShoutoutModal(deps, args.client, command.trigger_id, {
        recipients: [],
        message: '',
        opportunityId: null,
        metadata: { channel: command.channel_id, origin: 'command' },
      });
    }
    case 'post':
      return postFromCommand(context);
  }
}

export function registerShoutoutCommand(router: SlackRouter, deps: RecognitionListenerDeps): void {
  router.command(SHOUTOUT_COMMAND, async (args) => {
    try {
      await answer({ args, command: commandSchema.parse(args.command), deps });
    } catch (error) {
      deps.logger.error({ err: error }, '/shoutout failed');
      const reply = ephemeralText(`${GENERIC_ERROR}\n${youSent('/shoutout', args.command.text)}`);
      // After "Checking the people you mentioned…" the ack is spent: the answer goes to response_url.
      await args
        .ack(reply)
        .catch(() => args.respond(reply))
        .catch(() => undefined);
    }
  });
}
