import type { RequestListener } from 'node:http';
import type { Logger } from '../http/logger.ts';

/** Slack's own rule for signed requests: the timestamp is within five minutes of now. */
export const MAX_REQUEST_SKEW_SECONDS = 5 * 60;

/**
 * Bolt's HTTP receiver rejects a signed request stamped more than five minutes in the past but
 * accepts one stamped in the future, so a captured request signed with a future timestamp could be
 * replayed for as long as its clock lead lasts. This gate applies the rule in both directions before
 * Bolt sees the request; a request without a usable timestamp is left to Bolt, which refuses it.
 */
export function rejectRequestsOutsideClockWindow(
  listener: RequestListener,
  logger: Logger,
  now: () => number = Date.now,
): RequestListener {
  return (req, res) => {
    const header = req.headers['x-slack-request-timestamp'];
    const stamped = typeof header === 'string' && /^\d+$/.test(header) ? Number(header) : undefined;
    const skew = stamped === undefined ? 0 : Math.abs(now() / 1000 - stamped);
    if (skew <= MAX_REQUEST_SKEW_SECONDS) {
      listener(req, res);
      return;
    }
    logger.warn(
      { skewSeconds: Math.round(skew), url: req.url },
      'refused a Slack request whose timestamp is more than 5 minutes from now (replayed, or a clock is wrong)',
    );
    req.resume();
    res.writeHead(401, { 'content-type': 'text/plain' });
    res.end('x-slack-request-timestamp must be within 5 minutes of now');
  };
}
