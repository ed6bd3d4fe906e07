import type { DomainEvent } from '../../../shared/sync/domain-events.ts';
import type { Opportunity } from '../../../platform/salesforce/records.ts';
import { linkedOpportunity } from '../domain/opportunity.ts';
import { winRefusal, winSortTime, type WinOutcome } from '../domain/win.ts';
import { winPromptMessage } from '../slack/blocks.ts';
import type { RecognitionDeps } from './deps.ts';
import type { Recognition } from './recognition.ts';

/** Sync's `opportunity.won` event. */
export type WonEvent = Extract<DomainEvent, { type: 'opportunity.won' }>;

export type WinPromptDeps = Pick<RecognitionDeps, 'config' | 'store' | 'people' | 'roles' | 'delivery'>;

export const winPromptDeliveryKey = (opportunityId: string, executiveId: string): string =>
  `win-${opportunityId}-${executiveId}`;

/** Everyone who gets win prompts: the policy's executives plus the executive user group. */
export async function executiveIds(deps: Pick<RecognitionDeps, 'config' | 'roles'>): Promise<string[]> {
  const { executives, executiveUsergroup } = deps.config.policy.roles;
  const group = executiveUsergroup ? await deps.roles.usergroupMembers(executiveUsergroup) : [];
  return [...new Set([...executives, ...group])];
}

/**
 * One prompt per opportunity, ever: the claim is a SET NX marker owned by this job (its retries
 * continue, any other event for the same deal stops), and each DM has a deterministic delivery key.
 */
export async function handleWin(
  deps: WinPromptDeps,
  recognition: Recognition,
  event: WonEvent,
  claimant: string,
  now = new Date(),
): Promise<WinOutcome> {
  const policy = deps.config.policy.recognition;
  const opportunity = await deps.store.get('Opportunity', event.opportunityId);
  if (!opportunity || opportunity.IsDeleted || !opportunity.IsWon) return 'not-won';
  const closedAtMs = Date.parse(opportunity.CloseDate ?? event.at);
  await recognition.store.rememberWon([
    { id: opportunity.Id, closedAtMs: winSortTime(closedAtMs, event.at) },
  ]);
  const refusal = winRefusal(
    policy,
    { amount: opportunity.Amount ?? event.amount, eventAt: event.at, closedAtMs },
    now,
  );
  if (refusal) return refusal;
  if (!(await recognition.store.claimWinPrompt(opportunity.Id, claimant))) return 'already-prompted';
  await promptExecutives(deps, recognition, opportunity);
  return 'prompted';
}

async function promptExecutives(
  deps: WinPromptDeps,
  recognition: Recognition,
  opportunity: Opportunity,
): Promise<void> {
  const owner = await deps.store.get('User', opportunity.OwnerId);
  const message = winPromptMessage({
    opportunity: linkedOpportunity(opportunity, await recognition.opportunities.instanceUrl()),
    ownerSlackId: await deps.people.slackIdFor(opportunity.OwnerId),
    ownerName: owner?.Name ?? 'A rep',
    threshold: deps.config.policy.recognition.winPromptThreshold,
  });
  for (const executive of await executiveIds(deps)) {
    await deps.delivery.enqueue({
      key: winPromptDeliveryKey(opportunity.Id, executive),
      method: 'dm',
      args: { user: executive, text: message.text, blocks: message.blocks },
    });
  }
}
