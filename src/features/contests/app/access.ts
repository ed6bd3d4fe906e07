import { askForAccess, cannotRead, unreadableAmong } from '../../../shared/sync/unreadable-objects.ts';
import type { ContestsDeps } from '../deps.ts';
import { youSent } from '../../../platform/slack/you-sent.ts';
import { blockIdFor, commandErrorMessage, type ContestMessage } from '../slack/blocks.ts';
import { EXAMPLES, type ContestCommand } from '../domain/command-parser.ts';
import type { ContestDraft } from '../domain/draft.ts';
import type { ContestScope, Metric } from '../domain/model.ts';
import { objectsNeededBy } from '../domain/needed-objects.ts';

type AccessDeps = Pick<ContestsDeps, 'redis' | 'keys'>;

/**
 * Why a contest with these rules can only score zero, or null when bullpen can read everything it
 * needs. Launching it anyway would post a board nobody can move.
 */
export async function unscorableBecause(
  deps: AccessDeps,
  rules: { metric: Metric; scope: ContestScope },
): Promise<string | null> {
  const unreadable = await unreadableAmong(deps, objectsNeededBy(rules));
  if (unreadable.length === 0) return null;
  return `${cannotRead(unreadable)}, so this contest would score nothing: ${askForAccess(unreadable)}`;
}

/**
 * `/contest start|preview` refused before anything is stored or computed, quoting the command so the
 * manager can resend it once access is fixed (or with another metric). Drafts are kept: the launch
 * button checks again.
 */
export async function contestAccessRefusal(
  deps: AccessDeps,
  cmd: ContestCommand,
  typed: string,
): Promise<ContestMessage | null> {
  if (cmd.kind !== 'start' && cmd.kind !== 'preview') return null;
  const reason = await unscorableBecause(deps, cmd.draft);
  return reason ? commandErrorMessage(reason, EXAMPLES[cmd.kind], youSent('/contest', typed)) : null;
}

/**
 * The modal stays open with the reason on the field to change: the metric, or the campaign (block
 * ids of the modal's `revision`, see blockIdFor).
 */
export async function modalAccessErrors(
  deps: AccessDeps,
  draft: ContestDraft,
  revision = 0,
): Promise<Record<string, string> | null> {
  const errors: Record<string, string> = {};
  const metricReason = await unscorableBecause(deps, { metric: draft.metric, scope: { kind: 'all' } });
  if (metricReason) errors[blockIdFor('metric', revision)] = metricReason;
  if (draft.scope.kind === 'campaign') {
    const scopeReason = await unscorableBecause(deps, { metric: 'followups', scope: draft.scope });
    if (scopeReason) errors[blockIdFor('scopeCampaign', revision)] = scopeReason;
  }
  return Object.keys(errors).length > 0 ? errors : null;
}
