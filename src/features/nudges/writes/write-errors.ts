import { z } from 'zod';
import { classifySalesforceError } from '../../../platform/salesforce/connection.ts';

/**
 * What went wrong with a write bullpen made for a person, sorted by what to do about it: a refusal
 * (validation rule, missing field, permissions, deleted record) will be refused again however often
 * it is retried, so the person is told at once; anything else is worth retrying.
 */

export type WriteFailure =
  | { kind: 'refused'; code: string; message: string }
  | { kind: 'api-limit' | 'retry'; code: string; message: string };

export const writeFailureSchema = z.object({
  kind: z.enum(['refused', 'api-limit', 'retry']),
  code: z.string(),
  message: z.string(),
});

/** Codes that mean Salesforce is busy or briefly unavailable rather than saying no. */
const RETRY_CODES = new Set([
  'UNABLE_TO_LOCK_ROW',
  'SERVER_UNAVAILABLE',
  'INVALID_SESSION_ID',
  'QUERY_TIMEOUT',
  'REQUEST_RUNNING_TOO_LONG',
  'UNKNOWN_EXCEPTION',
]);

const errorFields = (error: unknown): { code: string; message: string } => {
  const err = error as { errorCode?: unknown; message?: unknown };
  return {
    code: typeof err.errorCode === 'string' ? err.errorCode : '',
    message: typeof err.message === 'string' ? err.message : String(error),
  };
};

export function classifyWriteError(error: unknown): WriteFailure {
  const { code, message } = errorFields(error);
  const kind = classifySalesforceError(error);
  if (kind === 'api-limit') return { kind: 'api-limit', code: 'REQUEST_LIMIT_EXCEEDED', message };
  if (kind === 'transient' || kind === 'session' || RETRY_CODES.has(code)) {
    return { kind: 'retry', code, message };
  }
  // Salesforce names every refusal with an upper-case errorCode; an error without one (a network
  // failure, a malformed answer) says nothing about the write itself, so it is retried.
  if (/^[A-Z][A-Z_]+$/.test(code)) return { kind: 'refused', code, message };
  return { kind: 'retry', code, message };
}

/** What the person can do about a refusal, by Salesforce's errorCode. */
export function adviceFor(code: string): string {
  if (code === 'FIELD_CUSTOM_VALIDATION_EXCEPTION') {
    return 'Fix it in Salesforce, or ask your Salesforce admin about the validation rule, then click again.';
  }
  if (code === 'REQUIRED_FIELD_MISSING') {
    return 'Fill in the field in Salesforce, or ask your Salesforce admin why it is required here, then click again.';
  }
  if (code.startsWith('INSUFFICIENT_ACCESS') || code === 'CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY') {
    return "bullpen's Salesforce user may not make this change: ask your Salesforce admin to grant it, or do it in Salesforce yourself.";
  }
  if (code === 'ENTITY_IS_DELETED' || code === 'INVALID_CROSS_REFERENCE_KEY' || code === 'NOT_FOUND') {
    return 'The record is gone from Salesforce (deleted or merged): check the lead in Salesforce.';
  }
  return 'Do it in Salesforce directly, or ask your bullpen admin to look at this error.';
}

/** "Salesforce is <this>; bullpen keeps trying". */
export function delayReason(failure: WriteFailure | null): string {
  if (!failure) return 'slow to answer';
  if (failure.kind === 'api-limit') {
    return "out of its daily API limit (REQUEST_LIMIT_EXCEEDED), so bullpen's next try is in 15 minutes";
  }
  if (failure.code === 'UNABLE_TO_LOCK_ROW') return 'busy with the same record (UNABLE_TO_LOCK_ROW)';
  return `not answering properly${failure.code ? ` (${failure.code})` : ''}`;
}
