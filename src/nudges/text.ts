/**
 * Text helpers for Slack messages. Lead names, companies and reasons come from Salesforce and user
 * input, so anything placed in mrkdwn is escaped: an unescaped '<' could forge a link or a mention.
 */

/** Slack's three mrkdwn control characters; '&' first so the entities themselves stay intact. */
export const mrkdwnEscape = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

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

/** Business hours as '45m', '5h', '5h 30m', '26h'. Hours (not days) because a business day varies. */
export function formatHours(hours: number): string {
  const totalMinutes = Math.max(0, Math.round(hours * 60));
  const h = Math.floor(totalMinutes / 60);
  const m = totalMinutes % 60;
  if (h === 0) return `${m}m`;
  // Past two days, minutes are noise: "21d 8h" reads faster than "512h 47m".
  if (h >= 48) return h % 24 === 0 ? `${h / 24}d` : `${Math.floor(h / 24)}d ${h % 24}h`;
  return m === 0 ? `${h}h` : `${h}h ${m}m`;
}

export const formatPercent = (share: number | null): string =>
  share === null ? '—' : `${Math.round(share * 100)}%`;
