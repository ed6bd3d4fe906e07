import type { RelayPolicy } from '../policy.ts';
import type { Handoff } from '../../../shared/relay/handoff.ts';
import { sameId } from '../../../platform/salesforce/ids.ts';

/** Why a lead cannot be qualified now, in the words the SDR sees; null when it can. */
export function leadRefusal(
  lead: { Name: string; Status: string; OwnerId: string; IsConverted: boolean } | null,
  policy: { relay: Pick<RelayPolicy, 'statuses'>; openStatuses: readonly string[] },
  pending: Handoff | null,
): string | null {
  if (!lead) return 'bullpen cannot find that lead in Salesforce (deleted, or not shared with bullpen).';
  if (lead.IsConverted) return `${lead.Name} was converted, so there is nothing left to hand off.`;
  if (lead.Status === policy.relay.statuses.handedOff || pending?.state === 'pending') {
    return `${lead.Name} is already handed off and waiting for the AE to accept it.`;
  }
  if (pending?.state === 'accepted' && sameId(pending.aeSalesforceId, lead.OwnerId)) {
    return `${lead.Name} was handed off and its AE accepted it: it is theirs now.`;
  }
  const qualifiable = [...policy.openStatuses, policy.relay.statuses.nurture];
  if (!qualifiable.includes(lead.Status)) {
    return `${lead.Name} is closed (status "${lead.Status}"); reopen it in Salesforce to hand it off.`;
  }
  return null;
}

/** Why this user cannot receive a hand-off; null when they can. */
export function aeRefusal(
  user: { Id: string; Name: string; IsActive: boolean } | null,
  aes: readonly string[],
): string | null {
  if (!user) return 'That person is not a Salesforce user bullpen can see.';
  if (!user.IsActive) return `${user.Name} is inactive in Salesforce; pick an active AE.`;
  if (aes.length > 0 && !aes.some((id) => sameId(id, user.Id))) {
    return `${user.Name} is not one of the AEs the relay policy hands leads to.`;
  }
  return null;
}
