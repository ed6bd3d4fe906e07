import { randomUUID } from 'node:crypto';
import { permanentSlackError } from '../../../platform/slack/permanent-errors.ts';
import { localDateKey } from '../../../shared/sla/business-clock.ts';
import { AlertState } from '../alert-store.ts';
import { stillOpen } from '../domain/digest-records.ts';
import { ALERT_REFRESH_JOB, nudgesQueue } from '../queue.ts';
import type { NudgesDeps } from '../deps.ts';
import { NudgeState } from '../store.ts';
import { renderAlert } from './alert-render.ts';
import type { DigestRenderDeps } from './digest-render.ts';
import { timeZoneOfUser } from './lead-loader.ts';

/**
 * The alert's messages in Slack: the post that opens an alert, and its edits. Both go straight
 * through the delivery layer (not its queue) under the rep's lock, and an edit renders the alert as
 * it is when it runs, so an older edit can never land after a newer one. A refusal no retry can fix
 * (the rep's Slack account gone, the message deleted) ends the attempt instead of retrying it.
 */

/** Long enough for a sync page's worth of leads to arrive; short enough to read as instant. */
const REFRESH_DELAY_MS = 500;

export type AlertDeps = DigestRenderDeps & Pick<NudgesDeps, 'delivery' | 'jobs'>;

export interface NewAlert {
  alertId: string;
  repId: string;
  slackUserId: string;
  timeZone: string;
  leadIds: string[];
}

export type PostOutcome = { posted: true } | { posted: false; slackError: string };

/** Posts a new alert message, counts it against the rep's daily budget and makes it their open one. */
export async function openAlertMessage(deps: AlertDeps, alert: NewAlert, now: Date): Promise<PostOutcome> {
  const state = new NudgeState(deps);
  const record = await state.saveDigest({
    id: alert.alertId,
    kind: 'alert',
    recipientSlackId: alert.slackUserId,
    recipientSalesforceId: alert.repId,
    leadIds: alert.leadIds,
    moreCount: 0,
    sentAt: now.toISOString(),
  });
  const message = await renderAlert(deps, record, now);
  try {
    await deps.delivery.deliver({
      key: alert.alertId,
      method: 'dm',
      args: { user: alert.slackUserId, text: message.text, blocks: message.blocks },
    });
  } catch (error) {
    const slackError = permanentSlackError(error);
    if (slackError === undefined) throw error;
    deps.logger.warn({ alertId: alert.alertId, slackError }, 'Slack refused an assignment alert');
    return { posted: false, slackError };
  }
  // Counted once posted: a refused post costs no budget, and a retry after a crash counts it then.
  await state.countSent('rep', alert.repId, localDateKey(now, alert.timeZone), {
    id: alert.alertId,
    at: now,
  });
  await new AlertState(deps).setOpenAlert(alert.repId, {
    alertId: alert.alertId,
    openedAt: now.toISOString(),
  });
  return { posted: true };
}

/**
 * Queues the open alert's edit after leads were added. Leads arriving before it runs share it, so a
 * burst of twenty costs a few edits, not twenty.
 */
export async function queueAlertEdit(deps: AlertDeps, alertId: string, repId: string): Promise<void> {
  if (!(await new AlertState(deps).markRefreshPending(alertId))) return;
  await deps.jobs.add(
    nudgesQueue,
    ALERT_REFRESH_JOB,
    { alertId, repId },
    { jobId: `${alertId}-refresh-${randomUUID()}`, delay: REFRESH_DELAY_MS },
  );
}

/** Edits an open alert to what it holds now; a message that is gone is replaced by a new one. */
export async function refreshOpenAlert(
  deps: AlertDeps,
  job: { alertId: string; repId: string },
  now = new Date(),
): Promise<void> {
  const alerts = new AlertState(deps);
  await alerts.withRepLock(job.repId, async () => {
    await alerts.clearRefreshPending(job.alertId);
    const state = new NudgeState(deps);
    const record = await state.digest(job.alertId);
    if (!record) return;
    const message = await renderAlert(deps, record, now);
    const revision = await state.nextRevision(job.alertId);
    try {
      await deps.delivery.deliver({
        key: `${job.alertId}-r${revision}`,
        method: 'chat.update',
        updates: job.alertId,
        args: { text: message.text, blocks: message.blocks },
      });
    } catch (error) {
      const slackError = permanentSlackError(error);
      if (slackError === undefined) throw error;
      deps.logger.warn({ alertId: job.alertId, slackError }, 'Slack refused an alert edit; posting it anew');
      await alerts.closeOpenAlert(job.repId, job.alertId);
      // The leads it took in since its post would otherwise never reach the rep.
      const handled = await state.handled(job.alertId);
      const timeZone = await timeZoneOfUser(deps, {
        salesforceId: record.recipientSalesforceId,
        slackUserId: record.recipientSlackId,
      });
      await openAlertMessage(
        deps,
        {
          alertId: `${job.alertId}-re${revision}`,
          repId: job.repId,
          slackUserId: record.recipientSlackId,
          timeZone,
          leadIds: record.leadIds.filter((id) => stillOpen(handled.get(id))),
        },
        now,
      );
    }
  });
}
