import type { SlackFeature } from '../../../shared/feature.ts';
import { helpBlocks } from './blocks.ts';

export const helpFeature: SlackFeature = {
  name: 'help',
  register(router) {
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
  },
};
