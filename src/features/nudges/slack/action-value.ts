/** The compact value every lead button and option carries: which lead, from which digest, how long. */

export interface ActionValue {
  leadId: string;
  digestId: string | null;
  snoozeDays: number | null;
}

const SALESFORCE_ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;
const SAFE_DIGEST_ID = /^[A-Za-z0-9_.-]{1,200}$/;

/** Compact button/option value: 'leadId|digestId|snoozeDays', trailing parts omitted. */
export function encodeActionValue(value: {
  leadId: string;
  digestId?: string | null;
  snoozeDays?: number;
}): string {
  if (!SALESFORCE_ID.test(value.leadId)) throw new RangeError(`not a Salesforce Id: "${value.leadId}"`);
  if (value.digestId && !SAFE_DIGEST_ID.test(value.digestId)) {
    throw new RangeError(`digest id may only hold letters, digits, '_', '.', '-': "${value.digestId}"`);
  }
  const parts = [
    value.leadId,
    value.digestId ?? '',
    value.snoozeDays === undefined ? '' : String(value.snoozeDays),
  ];
  return parts.join('|').replace(/\|+$/, '');
}

/** Parses a value from `encodeActionValue`; null for anything else (values arrive from clients). */
export function decodeActionValue(raw: string): ActionValue | null {
  const [leadId = '', digestId = '', days = '', ...rest] = raw.split('|');
  if (rest.length > 0 || !SALESFORCE_ID.test(leadId)) return null;
  if (digestId !== '' && !SAFE_DIGEST_ID.test(digestId)) return null;
  if (days !== '' && !/^\d{1,3}$/.test(days)) return null;
  return { leadId, digestId: digestId || null, snoozeDays: days === '' ? null : Number(days) };
}
