/**
 * Text helpers for Slack messages. Names, companies and reasons come from Salesforce and from what
 * people type, so anything placed in mrkdwn is escaped: an unescaped '<' could forge a link or a
 * mention. Every feature's Block Kit builders use these.
 */

/** Slack's three mrkdwn control characters; '&' first so the entities themselves stay intact. */
export const mrkdwnEscape = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** What Slack escaped in text people typed (a command with should_escape), back to what they typed. */
export const unescapeSlackText = (text: string): string =>
  text.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');

const ELLIPSIS = '…';

/** Shortens to at most `max` characters (code points, so emoji are never split), ending in '…'. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return chars.slice(0, Math.max(0, max - 1)).join('') + ELLIPSIS;
}

/** Truncates already-escaped mrkdwn without cutting an entity such as '&amp;' in half. */
export function truncateMrkdwn(text: string, max: number): string {
  if (Array.from(text).length <= max) return text;
  const cut = Array.from(text)
    .slice(0, Math.max(0, max - 1))
    .join('');
  return cut.replace(/&[a-z]{0,4}$/, '') + ELLIPSIS;
}

/** Escape after truncating the raw text, so the limit counts what the reader sees. */
export const escapeAndTruncate = (text: string, max: number): string => mrkdwnEscape(truncate(text, max));
