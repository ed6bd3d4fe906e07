import type { BullpenSubcommand } from '../../../shared/feature.ts';
import { runTvCommand } from '../app/links.ts';
import type { TvDeps } from '../deps.ts';
import { parseTvCommand } from '../domain/command.ts';

/** `/bullpen tv ...`: acks at once, answers privately through response_url. */
export function tvSubcommand(deps: TvDeps): BullpenSubcommand {
  return {
    name: 'tv',
    usage: '/bullpen tv [names:on] · list · revoke <id>',
    summary:
      'Managers: a link to a full-screen live board of your team for the office TV; list or revoke your links.',
    async run({ ack, command, respond }, rest) {
      await ack();
      try {
        const text = await runTvCommand(deps, command.user_id, parseTvCommand(rest));
        await respond({ response_type: 'ephemeral', text });
      } catch (error) {
        deps.logger.error({ err: error }, '/bullpen tv failed');
        await respond({
          response_type: 'ephemeral',
          text: 'Something went wrong making your TV link. Try again in a minute.',
        });
      }
    },
  };
}
