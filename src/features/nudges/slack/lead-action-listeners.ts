import type {
  AllMiddlewareArgs,
  RespondFn,
  SlackActionMiddlewareArgs,
  SlackViewMiddlewareArgs,
  AckFn,
  ViewResponseAction,
} from '@slack/bolt';
import { z } from 'zod';
import { authorizeLeadAction, performLeadAction, type LeadAction } from '../app/lead-actions.ts';
import { decodeActionValue, NUDGE_ACTIONS, NUDGE_VIEWS, type ActionValue } from './blocks.ts';
import { localDateKey } from '../../../shared/sla/business-clock.ts';
import {
  buildDisqualifyModal,
  buildRateQualityModal,
  readDisqualifySubmission,
  readRateQualitySubmission,
  type ViewStateValues,
} from './modals.ts';
import { escapeAndTruncate } from '../../../platform/slack/text.ts';
import type { Services } from '../../../services.ts';
import type { SlackRouter } from '../../../platform/slack/router.ts';
import { publishHome } from '../../home/slack/register.ts';

/**
 * The digest's buttons (also on `/leads` and App Home) and the Disqualify / Rate-quality modals.
 * Each handler acks first, checks the clicker may act for the lead's owner (an ephemeral refusal
 * otherwise, nothing changed), and lets `performLeadAction` do the idempotent work.
 */

const slackUserId = z.string().regex(/^[UW][A-Z0-9]{2,}$/);

const blockActionSchema = z
  .object({
    user: z.object({ id: slackUserId }),
    trigger_id: z.string().optional(),
    /** Present for clicks in messages (e.g. a /leads answer); App Home clicks have none. */
    response_url: z.string().url().optional(),
    container: z
      .object({ type: z.string(), message_ts: z.string().optional(), view_id: z.string().optional() })
      .loose(),
    actions: z
      .array(
        z
          .object({
            action_id: z.string(),
            action_ts: z.string().optional(),
            value: z.string().optional(),
            selected_option: z.object({ value: z.string() }).optional(),
          })
          .loose(),
      )
      .min(1),
  })
  .loose();
type BlockAction = z.infer<typeof blockActionSchema>;

const viewSubmissionSchema = z
  .object({
    user: z.object({ id: slackUserId }),
    view: z
      .object({
        id: z.string(),
        private_metadata: z.string(),
        state: z.object({ values: z.record(z.string(), z.record(z.string(), z.unknown())) }),
      })
      .loose(),
  })
  .loose();

const BAD_BUTTON = "That button doesn't carry a lead I recognise. Try `/leads` for a fresh list.";

/** The answer to a click outside a digest: done, or saving with a promise to say if it goes wrong. */
function outcomeText(outcome: {
  text: string;
  label: string;
  saving: boolean;
  lead: { Name: string };
}): string {
  const name = escapeAndTruncate(outcome.lead.Name || 'the lead', 80);
  if (!outcome.saving) return `:white_check_mark: ${outcome.text} for *${name}*.`;
  return `:hourglass_flowing_sand: ${outcome.label} for *${name}*: saving to Salesforce… I'll tell you here once it's saved, or if it takes long or Salesforce refuses it.`;
}

/** Where the click came from, so the same click twice maps to the same Salesforce write. */
function stemOf(body: BlockAction, value: ActionValue, now: Date): string {
  if (value.digestId) return value.digestId;
  if (body.container.message_ts) return `m${body.container.message_ts}`;
  // A Home view lives for days; the local date keeps a later day's call from being deduplicated.
  return `v${body.container.view_id ?? 'home'}-${localDateKey(now, 'UTC')}`;
}

async function tell(
  services: Services,
  respond: RespondFn,
  body: BlockAction,
  text: string,
  key: string,
): Promise<void> {
  if (body.container.type === 'view') {
    // App Home has no response_url: a short DM is the only place left to say it.
    await services.delivery.enqueue({ key: `note-${key}`, method: 'dm', args: { user: body.user.id, text } });
    return;
  }
  await respond({ response_type: 'ephemeral', replace_original: false, text });
}

function buttonHandler(services: Services, toAction: (value: ActionValue, raw: string) => LeadAction | null) {
  return async ({ ack, body, respond }: { ack: () => Promise<void>; body: unknown; respond: RespondFn }) => {
    await ack();
    const parsed = blockActionSchema.safeParse(body);
    if (!parsed.success) return;
    const payload = parsed.data;
    const first = payload.actions[0];
    const raw = first?.selected_option?.value ?? first?.value ?? '';
    const value = decodeActionValue(raw);
    const action = value ? toAction(value, raw) : null;
    const noteKey = `${payload.user.id}-${first?.action_ts ?? Date.now()}`.replace(/[^A-Za-z0-9_.-]/g, '_');
    if (!value || !action) {
      await tell(services, respond, payload, BAD_BUTTON, noteKey);
      return;
    }
    const now = new Date();
    try {
      const outcome = await performLeadAction(services, {
        actorSlackId: payload.user.id,
        leadId: value.leadId,
        digestId: value.digestId,
        stem: stemOf(payload, value, now),
        action,
        now,
        ...(payload.response_url ? { responseUrl: payload.response_url } : {}),
      });
      if (!outcome.ok) await tell(services, respond, payload, outcome.error, noteKey);
      else if (payload.container.type === 'view') await publishHome(services, payload.user.id);
      else if (!value.digestId) await tell(services, respond, payload, outcomeText(outcome), noteKey);
    } catch (error) {
      services.logger.error({ err: error, action: first?.action_id }, 'nudge action failed');
      await tell(
        services,
        respond,
        payload,
        'That did not go through; nothing was changed. Please try again.',
        noteKey,
      );
    }
  };
}

function modalOpener(services: Services, kind: 'disqualify' | 'rate') {
  return async ({ ack, body, respond, client }: SlackActionMiddlewareArgs & AllMiddlewareArgs) => {
    await ack();
    const parsed = blockActionSchema.safeParse(body);
    if (!parsed.success) return;
    const payload = parsed.data;
    const value = decodeActionValue(payload.actions[0]?.value ?? '');
    const noteKey = `${payload.user.id}-${payload.actions[0]?.action_ts ?? Date.now()}`.replace(
      /[^A-Za-z0-9_.-]/g,
      '_',
    );
    if (!value || !payload.trigger_id) {
      await tell(services, respond, payload, BAD_BUTTON, noteKey);
      return;
    }
    const auth = await authorizeLeadAction(services, payload.user.id, value.leadId);
    if (!auth.ok) {
      await tell(services, respond, payload, auth.error, noteKey);
      return;
    }
    const input = { lead: auth.lead, digestId: value.digestId, policy: services.config.policy.sla };
    const view = kind === 'disqualify' ? buildDisqualifyModal(input) : buildRateQualityModal(input);
    await client.views.open({ trigger_id: payload.trigger_id, view });
  };
}

function modalSubmitter(services: Services, kind: 'disqualify' | 'rate') {
  return async ({ ack: anyAck, body }: SlackViewMiddlewareArgs & AllMiddlewareArgs) => {
    // Registered for view_submission only (no notify_on_close), whose ack may carry errors.
    const ack = anyAck as AckFn<ViewResponseAction>;
    const payload = viewSubmissionSchema.parse(body);
    const value = decodeActionValue(payload.view.private_metadata);
    const values = payload.view.state.values as ViewStateValues;
    const policy = services.config.policy.sla;
    const firstBlock = kind === 'disqualify' ? 'disqualify_reason' : 'quality_rating';
    if (!value) {
      await ack({ response_action: 'errors', errors: { [firstBlock]: BAD_BUTTON } });
      return;
    }
    let action: LeadAction;
    if (kind === 'disqualify') {
      const read = readDisqualifySubmission(values, policy);
      if (!read.ok) return ack({ response_action: 'errors', errors: read.errors });
      action = { kind: 'disqualify', ...read.value };
    } else {
      const read = readRateQualitySubmission(values, policy);
      if (!read.ok) return ack({ response_action: 'errors', errors: read.errors });
      action = { kind: 'rate', ...read.value };
    }
    const auth = await authorizeLeadAction(services, payload.user.id, value.leadId);
    if (!auth.ok) return ack({ response_action: 'errors', errors: { [firstBlock]: auth.error } });
    await ack();
    const outcome = await performLeadAction(services, {
      actorSlackId: payload.user.id,
      leadId: value.leadId,
      digestId: value.digestId,
      stem: value.digestId ?? `v${payload.view.id}`,
      action,
    });
    if (outcome.ok && !value.digestId) {
      await services.delivery.enqueue({
        key: `note-${payload.view.id}-${kind}`,
        method: 'dm',
        args: { user: payload.user.id, text: outcomeText(outcome) },
      });
    }
  };
}

export function registerNudgeActions(router: SlackRouter, services: Services): void {
  router.action(
    NUDGE_ACTIONS.logCall,
    buttonHandler(services, () => ({ kind: 'call' })),
  );
  router.action(
    NUDGE_ACTIONS.logEmail,
    buttonHandler(services, () => ({ kind: 'email' })),
  );
  router.action(
    NUDGE_ACTIONS.snooze,
    buttonHandler(services, (value) =>
      value.snoozeDays ? { kind: 'snooze', days: value.snoozeDays } : null,
    ),
  );
  router.action(NUDGE_ACTIONS.disqualify, modalOpener(services, 'disqualify'));
  router.action(NUDGE_ACTIONS.rateQuality, modalOpener(services, 'rate'));
  // A link button still sends an action; it only needs acknowledging.
  router.action(NUDGE_ACTIONS.openInSalesforce, async ({ ack }) => {
    await ack();
  });
  router.view(NUDGE_VIEWS.disqualify, modalSubmitter(services, 'disqualify'));
  router.view(NUDGE_VIEWS.rateQuality, modalSubmitter(services, 'rate'));
}
