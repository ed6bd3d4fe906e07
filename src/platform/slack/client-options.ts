import {
  LogLevel,
  type Logger as SlackLogger,
  type RetryOptions,
  type WebClientOptions,
} from '@slack/web-api';
import type { Logger } from '../http/logger.ts';

/**
 * How bullpen's Slack Web API clients wait and retry. @slack/web-api's default waits forever for an
 * answer and retries for about 30 minutes. Here every call gives up after `timeoutMs`, and the
 * client itself retries only what is safe to repeat: rate limits (after Retry-After) and Slack's 5xx
 * answers, a few times. A timeout or a dropped connection may have reached Slack (a post may exist),
 * so it is not retried blindly here: it fails the call, and the job that made it retries with the
 * delivery key that finds the earlier post (see delivery.ts).
 */

const REQUEST_ERROR = 'slack_webapi_request_error';

export interface SlackClientSettings {
  apiUrl: string;
  timeoutMs: number;
  /** The client's own lines (rate limits it waits out, payload warnings) go here, not to the console. */
  logger: Logger;
  /** Tests shorten retries so a missing answer fails fast. */
  retries?: number;
}

/** @slack/web-api hands its retryConfig to p-retry as is; p-retry stops when onFailedAttempt throws. */
type PRetryOptions = RetryOptions & {
  onFailedAttempt: (error: Error & { code?: string; original?: { message?: unknown } }) => void;
};

/**
 * After waiting out a 429's Retry-After, @slack/web-api asks p-retry for another attempt with this
 * error, wrapped as a request error. Slack did not act on a rate-limited call, so it is safe to send.
 */
const RATE_LIMITED = /^A rate limit was exceeded/;

/**
 * @slack/web-api and Bolt log through this adapter to pino, so their lines are structured JSON,
 * redacted and filtered by LOG_LEVEL like ours; without it they print `[WARN]  web-api:…` to the console.
 */
export function slackLibraryLogger(logger: Logger, component: string): SlackLogger {
  const child = logger.child({ component });
  let level: LogLevel = LogLevel.INFO;
  const text = (msg: unknown[]): string =>
    msg.map((m) => (typeof m === 'string' ? m : JSON.stringify(m))).join(' ');
  return {
    // Bolt logs a debug line or three per request: not even formatted unless LOG_LEVEL wants it.
    debug: (...msg) => {
      if (child.isLevelEnabled('debug')) child.debug(text(msg));
    },
    info: (...msg) => child.info(text(msg)),
    warn: (...msg) => child.warn(text(msg)),
    error: (...msg) => child.error(text(msg)),
    // pino's LOG_LEVEL decides what is written; the library's own level is only remembered for it.
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

export function slackClientOptions({
  apiUrl,
  timeoutMs,
  retries,
  logger,
}: SlackClientSettings): WebClientOptions {
  const quick = retries !== undefined;
  const retryConfig: PRetryOptions = {
    retries: retries ?? 5,
    factor: quick ? 1 : 2,
    minTimeout: quick ? 50 : 1_000,
    maxTimeout: quick ? 200 : 30_000,
    randomize: !quick,
    onFailedAttempt: (error) => {
      const rateLimited =
        typeof error.original?.message === 'string' && RATE_LIMITED.test(error.original.message);
      if (error.code === REQUEST_ERROR && !rateLimited) throw error;
    },
  };
  return {
    slackApiUrl: apiUrl,
    timeout: timeoutMs,
    retryConfig,
    logger: slackLibraryLogger(logger, 'slack-web-api'),
  };
}
