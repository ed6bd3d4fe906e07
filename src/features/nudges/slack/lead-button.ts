import type { RespondFn } from '@slack/bolt';
import { performLeadAction, type LeadActionDeps } from '../app/lead-actions.ts';
import type { NudgesDeps } from '../deps.ts';
import type { LeadAction } from '../domain/lead-action.ts';
import { decodeActionValue, type ActionValue } from './blocks.ts';
import {
  BAD_BUTTON,
  blockActionSchema,
  noteKeyOf,
  outcomeText,
  stemOf,
  tell,
} from './lead-action-replies.ts';

/**
 * The one-click buttons on a lead (digest, `/leads`, App Home): Log call, Log email and Snooze.
 * Acks first, then lets `performLeadAction` check the clicker may act and do the idempotent work.
 */

export type LeadButtonDeps = LeadActionDeps & Pick<NudgesDeps, 'logger' | 'refreshHome'>;

const FAILED = 'That did not go through; nothing was changed. Please try again.';

export function leadButtonListener(
  deps: LeadButtonDeps,
  toAction: (value: ActionValue, raw: string) => LeadAction | null,
) {
  return async ({ ack, body, respond }: { ack: () => Promise<void>; body: unknown; respond: RespondFn }) => {
    await ack();
    const parsed = blockActionSchema.safeParse(body);
    if (!parsed.success) return;
    const payload = parsed.data;
    const first = payload.actions[0];
    const raw = first?.selected_option?.value ?? first?.value ?? '';
    const value = decodeActionValue(raw);
    const action = value ? toAction(value, raw) : null;
    const noteKey = noteKeyOf(payload);
    if (!value || !action) {
      await tell(deps, respond, payload, BAD_BUTTON, noteKey);
      return;
    }
    const now = new Date();
    try {
      const outcome = await performLeadAction(deps, {
        actorSlackId: payload.user.id,
        leadId: value.leadId,
        digestId: value.digestId,
        stem: stemOf(payload, value, now),
        action,
        now,
        ...(payload.response_url ? { responseUrl: payload.response_url } : {}),
      });
      if (!outcome.ok) await tell(deps, respond, payload, outcome.error, noteKey);
      else if (payload.container.type === 'view') await deps.refreshHome(payload.user.id);
      else if (!value.digestId) await tell(deps, respond, payload, outcomeText(outcome), noteKey);
    } catch (error) {
      deps.logger.error({ err: error, action: first?.action_id }, 'nudge action failed');
      await tell(deps, respond, payload, FAILED, noteKey);
    }
  };
}
