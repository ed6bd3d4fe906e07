import type { SlackRouter } from '../../../platform/slack/router.ts';
import { helpBlocks } from './blocks.ts';

/** `/bullpen` and `/bullpen help`: what bullpen can do; anything else points back at help. */
export function registerHelpCommand(router: SlackRouter): void {
  router.command('/bullpen', async ({ ack, command }) => {
    const sub = command.text.trim().toLowerCase();
    if (sub === '' || sub === 'help') {
      await ack({ response_type: 'ephemeral', text: 'bullpen help', blocks: helpBlocks() });
      return;
    }
    await ack({
      response_type: 'ephemeral',
      text: `Unknown option "${sub.slice(0, 50)}". Try \`/bullpen help\`.`,
    });
  });
}
