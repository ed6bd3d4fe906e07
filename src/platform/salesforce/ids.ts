/**
 * Salesforce returns a record's Id in 15 characters (case-sensitive) in some places and 18 (with a
 * case-safe suffix) in others; the first 15 name the record. Keys and comparisons use those.
 */
export const idKey = (id: string): string => id.slice(0, 15);

export const sameId = (left: string, right: string): boolean => idKey(left) === idKey(right);
