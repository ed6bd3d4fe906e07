import type { Feature } from '../../shared/feature.ts';
import { registerHelpCommand } from './slack/help-command.ts';

/** `/bullpen help`. Its list of commands (COMMAND_HELP in slack/blocks.ts) is its only data. */
export function createHelpFeature(): Feature {
  return { name: 'help', registerSlack: registerHelpCommand };
}
