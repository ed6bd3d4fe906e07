import type { Lead } from '../../platform/salesforce/records.ts';

/**
 * The Qualify action on other features' lead rows (issue 14 item 1: digest, alert, `/leads`, Home).
 * Nudges build the rows and may not import the relay, so the action id and the rule for when a row
 * offers it live here; the relay registers the action and opens its Qualify modal for the lead.
 */

export const QUALIFY_LEAD_ACTION = 'relay.qualify_lead';

/** What a row builder is told about the relay: whether it is set up in this process. */
export interface RelayRowOffers {
  qualify: boolean;
}

/** The relay is usable when the policy carries its section (main.ts passes the whole policy). */
export const relayRowOffers = (policy: { relay?: unknown }): RelayRowOffers => ({
  qualify: policy.relay !== undefined,
});

/** Only a raw lead (still in an untouched status) is the SDR's to qualify from a row. */
export const rowOffersQualify = (
  lead: Pick<Lead, 'Status' | 'IsConverted'>,
  offers: RelayRowOffers | undefined,
  untouchedStatuses: readonly string[],
): boolean => offers?.qualify === true && !lead.IsConverted && untouchedStatuses.includes(lead.Status);

/** The button's value is the lead Id alone: the relay re-reads the lead before opening the modal. */
export const qualifyButton = (leadId: string) => ({
  type: 'button' as const,
  text: { type: 'plain_text' as const, text: 'Qualify', emoji: true },
  action_id: QUALIFY_LEAD_ACTION,
  value: leadId,
});
