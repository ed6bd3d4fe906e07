/**
 * Salesforce record Ids: a 3-character key prefix naming the object, 12 characters of record
 * number, and a 3-character suffix that makes the 15-character, case-sensitive Id safe in
 * case-insensitive contexts. The suffix algorithm is Salesforce's own, so Ids validate anywhere.
 */

const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const RECORD_NUMBER_LENGTH = 12;

export const keyPrefixes = {
  Lead: '00Q',
  Task: '00T',
  Event: '00U',
  Opportunity: '006',
  User: '005',
  CampaignMember: '00v',
  Campaign: '701',
  LeadStatus: '01J',
  FeedItem: '0D5',
  LeadHistory: '017',
  Group: '00G',
  GroupMember: '011',
  QueueSobject: '03g',
  Organization: '00D',
  QueryLocator: '01g',
  BulkJob: '750',
} as const;

export const idSuffix = (fifteen: string): string => {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk += 1) {
    let bits = 0;
    for (let position = 0; position < 5; position += 1) {
      const char = fifteen.charAt(chunk * 5 + position);
      if (char >= 'A' && char <= 'Z') bits |= 1 << position;
    }
    suffix += SUFFIX_ALPHABET.charAt(bits);
  }
  return suffix;
};

const ID_PATTERN = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;

export const isWellFormedId = (value: string): boolean => ID_PATTERN.test(value);

/** Returns the 18-character form of a 15- or 18-character Id, or null when it is not an Id. */
export const toId18 = (value: string): string | null => {
  if (!ID_PATTERN.test(value)) return null;
  const fifteen = value.slice(0, 15);
  return fifteen + idSuffix(fifteen);
};

const toBase62 = (value: number): string => {
  let remaining = value;
  let digits = '';
  do {
    digits = BASE62.charAt(remaining % 62) + digits;
    remaining = Math.floor(remaining / 62);
  } while (remaining > 0);
  return digits;
};

const fromBase62 = (digits: string): number => {
  let value = 0;
  for (const char of digits) {
    const digit = BASE62.indexOf(char);
    if (digit < 0) return Number.NaN;
    value = value * 62 + digit;
  }
  return value;
};

export const makeId = (prefix: string, recordNumber: number): string => {
  const fifteen = [prefix, toBase62(recordNumber).padStart(RECORD_NUMBER_LENGTH, '0')].join('');
  // join() yields a flat string; `+` would keep a rope per Id, costly across 100k+ records.
  return [fifteen, idSuffix(fifteen)].join('');
};

/** Hands out sequential Ids per key prefix, skipping any Id it has been told already exists. */
export class IdFactory {
  readonly #next = new Map<string, number>();

  next(prefix: string): string {
    const recordNumber = this.#next.get(prefix) ?? 1;
    this.#next.set(prefix, recordNumber + 1);
    return makeId(prefix, recordNumber);
  }

  observe(id: string): void {
    const prefix = id.slice(0, 3);
    const recordNumber = fromBase62(id.slice(3, 15));
    if (!Number.isFinite(recordNumber)) return;
    if (recordNumber >= (this.#next.get(prefix) ?? 1)) this.#next.set(prefix, recordNumber + 1);
  }
}
