import type { SlackRouter } from '../../../platform/slack/router.ts';
import { registerAcceptButton, registerOpenLeadButton, registerReturnButton } from './decision-buttons.ts';
import { registerFunnelCommand } from './funnel-command.ts';
import { registerFunnelDrill } from './funnel-drill.ts';
import type { RelayListenerDeps } from './listener-deps.ts';
import { registerQualifyCommand } from './qualify-command.ts';
import { registerQualifyRowButton } from './qualify-row-button.ts';
import { registerQualifyShortcut } from './qualify-shortcut.ts';
import { registerQualifySubmit } from './submit-qualify.ts';
import { registerReturnSubmit } from './submit-return.ts';

/**
 * `/qualify`, the "Qualify" message shortcut and lead rows' Qualify button, the Qualify modal, the
 * AE's Accept and Return, and marketing's `/funnel` with its drill-down.
 */
export function registerRelayListeners(router: SlackRouter, deps: RelayListenerDeps): void {
  registerQualifyCommand(router, deps);
  registerQualifyRowButton(router, deps);
  registerQualifyShortcut(router, deps);
  registerQualifySubmit(router, deps);
  registerAcceptButton(router, deps);
  registerReturnButton(router, deps);
  registerOpenLeadButton(router);
  registerReturnSubmit(router, deps);
  registerFunnelCommand(router, deps);
  registerFunnelDrill(router, deps);
}
