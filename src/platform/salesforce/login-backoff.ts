import { z } from 'zod';
import type { Keyspace, RedisClient } from '../redis.ts';
import { isRefusedLogin, type SalesforceLoginError } from './connection.ts';

/**
 * Salesforce locks a password user after 3-10 failed logins, so a login the org refused is not
 * tried again for 1 minute, then 2, 4 ... up to an hour, until one works. The state lives in Redis
 * so that every worker, web process and `bullpen doctor` honours the same next-attempt time.
 */

export const LOGIN_BACKOFF_FIRST_MS = 60_000;
export const LOGIN_BACKOFF_MAX_MS = 60 * 60_000;
/** How long one process may hold the right to make the next attempt. */
const ATTEMPT_LOCK_MS = 60_000;

const stateSchema = z.object({
  failures: z.number().int().positive(),
  reason: z.string(),
  lastFailureAt: z.string(),
  nextAttemptAt: z.string(),
});
export type LoginBackoffState = z.infer<typeof stateSchema>;

export const describeLoginBackoff = (state: LoginBackoffState): string =>
  `Salesforce login failing: ${state.reason}; next attempt at ${state.nextAttemptAt}`;

export class LoginBackoffError extends Error {
  readonly errorCode = 'LOGIN_BACKOFF';
  readonly nextAttemptAt: Date;
  constructor(state: LoginBackoffState) {
    super(describeLoginBackoff(state));
    this.name = 'LoginBackoffError';
    this.nextAttemptAt = new Date(state.nextAttemptAt);
  }
}

export function backoffDelayMs(failures: number): number {
  return Math.min(LOGIN_BACKOFF_FIRST_MS * 2 ** Math.max(0, failures - 1), LOGIN_BACKOFF_MAX_MS);
}

export async function readLoginBackoff(
  redis: RedisClient,
  keys: Keyspace,
): Promise<LoginBackoffState | null> {
  const json = await redis.get(keys('sf', 'login', 'backoff'));
  if (!json) return null;
  try {
    const parsed = stateSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export class LoginBackoff {
  private readonly redis: RedisClient;
  private readonly keys: Keyspace;
  private readonly now: () => Date;

  constructor(deps: { redis: RedisClient; keys: Keyspace; now?: () => Date }) {
    this.redis = deps.redis;
    this.keys = deps.keys;
    this.now = deps.now ?? (() => new Date());
  }

  private get stateKey(): string {
    return this.keys('sf', 'login', 'backoff');
  }

  private get lockKey(): string {
    return this.keys('sf', 'login', 'attempt-lock');
  }

  /** Runs `login` unless the backoff says to wait; records a refused login, clears on success. */
  async guard<T>(login: () => Promise<T>): Promise<T> {
    const state = await readLoginBackoff(this.redis, this.keys);
    if (state && Date.parse(state.nextAttemptAt) > this.now().getTime()) throw new LoginBackoffError(state);
    // After failures, one process makes the next attempt; the others keep waiting.
    if (state && (await this.redis.set(this.lockKey, '1', 'PX', ATTEMPT_LOCK_MS, 'NX')) !== 'OK') {
      throw new LoginBackoffError(state);
    }
    try {
      const result = await login();
      if (state) await this.redis.del(this.stateKey);
      return result;
    } catch (error) {
      if (isRefusedLogin(error)) await this.recordFailure(error, state);
      throw error;
    } finally {
      if (state) await this.redis.del(this.lockKey);
    }
  }

  private async recordFailure(error: SalesforceLoginError, previous: LoginBackoffState | null) {
    const failures = (previous?.failures ?? 0) + 1;
    const now = this.now();
    const state: LoginBackoffState = {
      failures,
      reason: `${error.code} (${error.description})`,
      lastFailureAt: now.toISOString(),
      nextAttemptAt: new Date(now.getTime() + backoffDelayMs(failures)).toISOString(),
    };
    // Kept a day past the longest wait, so a forgotten failure does not linger for ever.
    await this.redis.set(this.stateKey, JSON.stringify(state), 'EX', 86_400 + LOGIN_BACKOFF_MAX_MS / 1000);
  }
}
