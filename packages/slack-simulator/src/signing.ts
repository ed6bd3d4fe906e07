import { createHmac } from 'node:crypto';

/**
 * Slack's request signature: `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{raw body}` keyed by the
 * app's signing secret. The simulator signs every request it sends so bullpen's receiver verifies
 * it exactly as it would a request from Slack.
 */
export function slackSignature(signingSecret: string, timestampSeconds: number, rawBody: string): string {
  const digest = createHmac('sha256', signingSecret)
    .update(`v0:${timestampSeconds}:${rawBody}`)
    .digest('hex');
  return `v0=${digest}`;
}

export function signedHeaders(
  signingSecret: string,
  rawBody: string,
  contentType: string,
  nowMs: number,
): Record<string, string> {
  const timestamp = Math.floor(nowMs / 1000);
  return {
    'Content-Type': contentType,
    'User-Agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
    'X-Slack-Request-Timestamp': String(timestamp),
    'X-Slack-Signature': slackSignature(signingSecret, timestamp, rawBody),
  };
}
