import type { NudgesDeps } from '../deps.ts';
import { NudgeState } from '../store.ts';
import { buildLogCallModal } from './log-call-modal.ts';
import { leadModalOpener } from './open-lead-modal.ts';

/**
 * The Log call button (digest, `/leads`, App Home): opens the Log call modal, pre-filled with the
 * clicker's last outcome. Nothing is written until the modal is submitted (submit-log-call.ts).
 */
export function openLogCallListener(
  deps: Pick<NudgesDeps, 'store' | 'roles' | 'delivery' | 'config' | 'redis' | 'keys'>,
) {
  return leadModalOpener(deps, async ({ payload, value, lead }) => {
    const fromHome = payload.container.type === 'view';
    // A digest is edited in place; any other message (a /leads answer) is answered where it is.
    const responseUrl = !fromHome && !value.digestId ? payload.response_url : undefined;
    return buildLogCallModal({
      lead,
      origin: { value, fromHome, ...(responseUrl ? { responseUrl } : {}) },
      outcomes: deps.config.policy.sla.callOutcomes,
      lastOutcome: await new NudgeState(deps).lastCallOutcome(payload.user.id),
    });
  });
}
