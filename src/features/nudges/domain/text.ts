/** Number formats for nudges and reports; the mrkdwn helpers live in src/platform/slack/text.ts. */

/**
 * Business hours as '45m', '5h', '5h 30m', '26h'; past two days as '21d 8h' (24-hour days, for
 * reading, not business days).
 */
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
