import type { BullpenSubcommand, Feature } from '../../shared/feature.ts';
import { registerHelpCommand } from './slack/help-command.ts';

/**
 * `/bullpen help`. Its list of commands (COMMAND_HELP in slack/blocks.ts) is its only data; other
 * features' `/bullpen <word>` subcommands are handed in by main.ts, dispatched and listed here.
 */
export function createHelpFeature(subcommands: readonly BullpenSubcommand[] = []): Feature {
  return { name: 'help', registerSlack: (router) => registerHelpCommand(router, subcommands) };
}
