/**
 * Finds the lead a message or a /qualify argument names: a Salesforce lead URL (Lightning
 * `/lightning/r/Lead/00Q…/view` or Classic `/00Q…`) or a bare 15/18-character Lead Id.
 */
const LEAD_ID = /(?<![a-zA-Z0-9])(00Q[a-zA-Z0-9]{12}(?:[a-zA-Z0-9]{3})?)(?![a-zA-Z0-9])/;

export function leadIdIn(text: string): string | null {
  return LEAD_ID.exec(text)?.[1] ?? null;
}
