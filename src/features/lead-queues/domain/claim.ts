import type { Lead } from '../../../platform/salesforce/records.ts';
import { mention } from '../../../platform/slack/mentions.ts';
import { mrkdwnEscape } from '../../../platform/slack/text.ts';
import type { Arrival } from './arrival.ts';
import { sameId } from '../../../platform/salesforce/ids.ts';

/**
 * Whether a Claim click may go ahead, decided from what bullpen knows (the stored lead, the queue's
 * members, the claim already taken) before anything is written. Each refusal says why, plainly, and
 * nothing has changed when it is given.
 */

export interface ClaimRecord {
  /** Identifies the click that holds the claim, so only it can complete or release it. */
  token: string;
  slackUserId: string;
  /** 'writing' while Lead.OwnerId is being written to Salesforce, 'done' once it was. */
  state: 'writing' | 'done';
  at: string;
}

export type ClaimCheck = { ok: true; salesforceUserId: string } | { ok: false; reason: string };

export interface ClaimFacts {
  arrival: Arrival;
  lead: Lead | null;
  existing: ClaimRecord | null;
  salesforceUserId: string | null;
  isMember: boolean;
}

export const alreadyClaimed = (claim: ClaimRecord): string =>
  claim.state === 'done'
    ? `This lead is already claimed by ${mention(claim.slackUserId)}.`
    : `This lead is already claimed by ${mention(claim.slackUserId)} (being assigned in Salesforce now).`;

function leadRefusal(arrival: Arrival, lead: Lead | null): string | null {
  if (lead === null || lead.IsDeleted)
    return 'This lead is no longer in Salesforce, so there is nothing to claim.';
  if (lead.IsConverted) return 'This lead was converted meanwhile, so there is nothing to claim.';
  if (!sameId(lead.OwnerId, arrival.queueId)) {
    return `This lead is no longer in the ${arrival.queueName} queue (it was assigned meanwhile), so it cannot be claimed.`;
  }
  return null;
}

export function checkClaim(facts: ClaimFacts): ClaimCheck {
  const { arrival, existing } = facts;
  if (existing) return { ok: false, reason: alreadyClaimed(existing) };
  if (facts.salesforceUserId === null) {
    return {
      ok: false,
      reason:
        'bullpen cannot match your Slack account to a Salesforce user (by email), so it cannot assign you leads. Ask your bullpen admin: `bullpen doctor` lists who is unmatched.',
    };
  }
  if (!facts.isMember) {
    return {
      ok: false,
      reason: `Only members of the ${arrival.queueName} queue in Salesforce can claim its leads.`,
    };
  }
  const refusal = leadRefusal(arrival, facts.lead);
  return refusal === null
    ? { ok: true, salesforceUserId: facts.salesforceUserId }
    : { ok: false, reason: refusal };
}

const MAX_SALESFORCE_MESSAGE = 200;

/** What the clicker is told when Salesforce refuses the owner change: its message, shortened. */
export function writeFailedText(error: unknown): string {
  const err = error as { errorCode?: unknown; message?: unknown };
  const message = typeof err.message === 'string' ? err.message : String(error);
  const code =
    typeof err.errorCode === 'string' && !message.startsWith(err.errorCode) ? `${err.errorCode}: ` : '';
  const short = `${code}${message}`.replace(/\s+/g, ' ').trim();
  const text =
    short.length > MAX_SALESFORCE_MESSAGE ? `${short.slice(0, MAX_SALESFORCE_MESSAGE - 1)}…` : short;
  return `Salesforce did not make you the owner (${mrkdwnEscape(text)}). The lead is still unclaimed: try again, or claim it in Salesforce.`;
}
