import type { SlackRouter } from '../../../platform/slack/router.ts';
import { registerComposeButton } from './compose-button.ts';
import type { RecognitionListenerDeps } from './listener-deps.ts';
import { registerMessageShortcut } from './message-shortcut.ts';
import { registerModalSubmit } from './modal-submit.ts';
import { registerOpenOpportunityButton } from './open-opportunity-button.ts';
import { registerPostMenu } from './post-menu.ts';
import { registerShoutoutCommand } from './shoutout-command.ts';
import { registerWinPromptButton } from './win-prompt-button.ts';

/**
 * `/shoutout`, the "Shout out" message shortcut, the win prompt's button, the post's Delete menu
 * and the shout-out modal, one listener per file. Every entry point checks the person's role before
 * doing anything. Registering does no I/O.
 */
export function registerRecognitionListeners(router: SlackRouter, deps: RecognitionListenerDeps): void {
  registerShoutoutCommand(router, deps);
  registerMessageShortcut(router, deps);
  registerWinPromptButton(router, deps);
  registerOpenOpportunityButton(router);
  registerComposeButton(router, deps);
  registerPostMenu(router, deps);
  registerModalSubmit(router, deps);
}
