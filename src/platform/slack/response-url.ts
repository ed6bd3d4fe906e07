import type { Logger } from '../http/logger.ts';

/**
 * Posts a message to a response_url Slack gave with a command or a click, from a job that runs later
 * than the request. True when Slack took it; an expired or used-up URL (or a network failure) is
 * false, logged, never thrown: the caller has another way to tell the person.
 */
export async function postToResponseUrl(
  url: string,
  message: object,
  timeoutMs: number,
  logger: Logger,
): Promise<boolean> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(message),
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (response.ok) return true;
    logger.warn({ status: response.status }, 'Slack did not take a response_url message');
  } catch (error) {
    logger.warn({ err: error }, 'posting to a response_url failed');
  }
  return false;
}
