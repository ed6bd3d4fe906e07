import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { ephemeralText } from './replies.ts';
import { youSent } from './you-sent.ts';

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/** Enough of an over-long line to recognise it and copy the start back; the rest is the person's own. */
const QUOTE_CLIP = 300;

const count = (n: number): string => n.toLocaleString('en-US');

/** The answer to command text over its limit: how long it was, the limit, and what they typed, clipped. */
export function textTooLongNotice(command: string, text: string, max: number): string {
  return [
    `That \`${command}\` text is ${count(text.length)} characters long; \`${command}\` takes at most ${count(max)}. Nothing was changed.`,
    youSent(command, text, QUOTE_CLIP),
  ].join('\n');
}

/**
 * Refuses command text over `max` characters in the ack, before the handler parses it, so an
 * over-long paste gets a specific answer instead of a schema error and a 500.
 */
export function withTextLimit(
  max: number,
  handler: (args: CommandArgs) => Promise<void>,
): (args: CommandArgs) => Promise<void> {
  return async (args) => {
    const { command, text } = args.command;
    if (text.length > max) {
      await args.ack(ephemeralText(textTooLongNotice(command, text, max)));
      return;
    }
    await handler(args);
  };
}
