import type { Opportunity } from '../../../platform/salesforce/records.ts';

/** A won opportunity as shout-outs show it: name, amount and a link into Salesforce when known. */
export interface LinkedOpportunity {
  id: string;
  name: string;
  amount: number | null;
  url: string | null;
}

export const formatAmount = (amount: number | null): string =>
  amount === null
    ? 'no amount'
    : amount.toLocaleString('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });

export const opportunityUrl = (instanceUrl: string, opportunityId: string): string =>
  `${instanceUrl.replace(/\/+$/, '')}/lightning/r/Opportunity/${encodeURIComponent(opportunityId)}/view`;

export function linkedOpportunity(opportunity: Opportunity, instanceUrl: string | null): LinkedOpportunity {
  return {
    id: opportunity.Id,
    name: opportunity.Name,
    amount: opportunity.Amount,
    url: instanceUrl ? opportunityUrl(instanceUrl, opportunity.Id) : null,
  };
}

/** A won opportunity offered in the shout-out modal's picker. */
export interface OpportunityChoice {
  id: string;
  name: string;
  amount: number | null;
}
