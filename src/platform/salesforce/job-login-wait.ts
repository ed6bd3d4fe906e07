import { DelayedError, type Job } from 'bullmq';
import { classifySalesforceError } from './connection.ts';
import type { SalesforceGateway } from './gateway.ts';
import { LOGIN_BACKOFF_FIRST_MS } from './login-backoff.ts';

async function nextLoginAttempt(salesforce: Pick<SalesforceGateway, 'loginBackoff'>): Promise<number> {
  const state = await salesforce.loginBackoff();
  const at = state ? Date.parse(state.nextAttemptAt) : Number.NaN;
  return Number.isNaN(at) ? Date.now() + LOGIN_BACKOFF_FIRST_MS : at;
}

/**
 * While Salesforce refuses bullpen's login, a job waits for the next allowed attempt rather than
 * burning its retries (or, for a rep's write, being dropped). Anything else is rethrown.
 */
export async function delayUntilLoginAllowed(
  salesforce: Pick<SalesforceGateway, 'loginBackoff'>,
  job: Job,
  token: string | undefined,
  error: unknown,
): Promise<never> {
  if (classifySalesforceError(error) !== 'login' || !token) throw error;
  await job.moveToDelayed(Math.max(await nextLoginAttempt(salesforce), Date.now() + 1_000), token);
  throw new DelayedError((error as Error).message);
}
