/**
 * Which Closed Won deals prompt the executives: big enough, and recent enough that a first sync of
 * an old org does not send a prompt for every deal it ever won.
 */

const DAY_MS = 86_400_000;

export type WinOutcome = 'prompted' | 'not-won' | 'below-threshold' | 'stale' | 'already-prompted';

export interface WinRules {
  winPromptThreshold: number;
  winPromptMaxAgeDays: number;
}

export interface Win {
  amount: number | null;
  /** When sync saw the win (the record's SystemModstamp), ISO 8601. */
  eventAt: string;
  /** The opportunity's CloseDate in ms (NaN when unreadable). */
  closedAtMs: number;
}

/** Where the win sorts in the modal's list of recent wins: its close date, else when it was seen. */
export const winSortTime = (closedAtMs: number, eventAt: string): number =>
  Number.isNaN(closedAtMs) ? Date.parse(eventAt) : closedAtMs;

/** Why a win prompts nobody, or null when it should prompt (if it has not already). */
export function winRefusal(rules: WinRules, win: Win, now: Date): 'below-threshold' | 'stale' | null {
  if (win.amount === null || win.amount < rules.winPromptThreshold) return 'below-threshold';
  const oldest = now.getTime() - rules.winPromptMaxAgeDays * DAY_MS;
  // CloseDate is a date: compare it with the start of the oldest day allowed.
  if (Date.parse(win.eventAt) < oldest || win.closedAtMs < oldest - DAY_MS) return 'stale';
  return null;
}
