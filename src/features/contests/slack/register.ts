import type { ContestEngine } from '../app/engine.ts';
import type { SlackRouter } from '../../../platform/slack/router.ts';
import { registerContestCommand } from './contest-command.ts';
import { registerContestModalSubmit } from './contest-modal-submit.ts';
import { registerLaunchDraftButton } from './launch-draft-button.ts';
import { registerLeaderboardCommand } from './leaderboard-command.ts';
import { registerTemplatePick } from './template-pick.ts';
import { registerWhyButton } from './why-button.ts';

/** Every contests listener, one file each. Registering does no I/O. */
export function registerContestsSlack(router: SlackRouter, engine: ContestEngine): void {
  registerContestCommand(router, engine);
  registerContestModalSubmit(router, engine);
  registerTemplatePick(router, engine);
  registerLaunchDraftButton(router, engine);
  registerLeaderboardCommand(router, engine);
  registerWhyButton(router, engine);
}
