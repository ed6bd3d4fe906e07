import type { SlackRouter } from '../../../platform/slack/router.ts';
import type { BullpenSubcommand } from '../../../shared/feature.ts';
import { COMMAND_HELP, helpBlocks } from './blocks.ts';

/**
 * `/bullpen` and `/bullpen help`: what bullpen can do. `/bullpen <word> ...` goes to the feature
 * that contributed that subcommand; anything else points back at help.
 */
export function registerHelpCommand(
  router: SlackRouter,
  subcommands: readonly BullpenSubcommand[] = [],
): void {
  const listed = [...COMMAND_HELP, ...subcommands.map(({ usage, summary }) => ({ usage, summary }))];
  router.command('/bullpen', async (args) => {
    const { ack, command } = args;
    const text = command.text.trim();
    const sub = text.toLowerCase();
    if (sub === '' || sub === 'help') {
      await ack({ response_type: 'ephemeral', text: 'bullpen help', blocks: helpBlocks(listed) });
      return;
    }
    const [word = '', ...rest] = text.split(/\s+/);
    const subcommand = subcommands.find((s) => s.name === word.toLowerCase());
    if (subcommand) {
      await subcommand.run(args, rest.join(' '));
      return;
    }
    await ack({
      response_type: 'ephemeral',
      text: `Unknown option "${sub.slice(0, 50)}". Try \`/bullpen help\`.`,
    });
  });
}
