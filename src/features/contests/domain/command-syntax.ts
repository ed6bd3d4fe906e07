import type { ContestDraft } from './draft.ts';
import { METRICS, type Metric } from './model.ts';

/**
 * The `/contest` syntax shared by the parsers: what a command parses to, the examples every error
 * quotes, and the failure shape.
 */

export interface CommandContext {
  /** Where the command was typed: the default channel for the contest. */
  channelId: string;
  now: Date;
  /** The manager's time zone; start times without an offset are read in it. */
  timeZone: string;
  /** Lead sources known from Salesforce; when given, scope sources are checked against it. */
  knownLeadSources?: readonly string[];
}

export type ContestCommand =
  | { kind: 'open_modal' }
  | { kind: 'help' }
  | { kind: 'list' }
  | { kind: 'status'; contestId: string | null }
  | { kind: 'end' | 'cancel' | 'recompute'; contestId: string }
  /** Did it stick? The before/during/after numbers, on demand. */
  | { kind: 'report'; contestId: string }
  | { kind: 'extend'; contestId: string; byMs: number }
  | { kind: 'start' | 'draft'; draft: ContestDraft }
  | { kind: 'preview'; draft: ContestDraft; lookbackMs: number };

export type ParseResult =
  { ok: true; command: ContestCommand } | { ok: false; error: string; example: string };

export const EXAMPLES = {
  start:
    '/contest start "Webinar blitz" metric:followups for:3d in:#sales scope:source=Webinar prize:"Team lunch"',
  preview: '/contest preview metric:followups scope:source=Webinar over:7d',
  status: '/contest status c1a2b3c4',
  end: '/contest end c1a2b3c4',
  cancel: '/contest cancel c1a2b3c4',
  recompute: '/contest recompute c1a2b3c4',
  report: '/contest report c1a2b3c4',
  extend: '/contest extend c1a2b3c4 2d',
  help: '/contest help',
} as const;

export const SUBCOMMANDS = [
  'start',
  'draft',
  'preview',
  'list',
  'status',
  'end',
  'cancel',
  'extend',
  'recompute',
  'report',
  'help',
];

export type Failure = { ok: false; error: string; example: string };
export const failure = (error: string, example: string = EXAMPLES.start): Failure => ({
  ok: false,
  error,
  example,
});

/** Every problem found, in one answer: one reads as before, several as a numbered list. */
export function listProblems(problems: readonly string[]): string {
  if (problems.length <= 1) return problems[0] ?? 'that command could not be read';
  return `${problems.length} problems:\n${problems.map((p, i) => `${i + 1}. ${p}`).join('\n')}`;
}

export const failures = (problems: readonly string[], example: string = EXAMPLES.start): Failure =>
  failure(listProblems(problems), example);

/** What `metric:` accepts, and the metric (and won-by) each name means. */
export const METRIC_ALIASES: Record<string, { metric: Metric; wonBy?: 'amount' }> = {
  followups: { metric: 'followups' },
  'follow-ups': { metric: 'followups' },
  followup: { metric: 'followups' },
  calls: { metric: 'calls' },
  call: { metric: 'calls' },
  first_touch_sla: { metric: 'first_touch_sla' },
  sla_hit_rate: { metric: 'sla_hit_rate' },
  meetings: { metric: 'meetings' },
  conversions: { metric: 'conversions' },
  opportunities_won: { metric: 'opportunities_won' },
  won: { metric: 'opportunities_won' },
  won_amount: { metric: 'opportunities_won', wonBy: 'amount' },
  leads_qualified: { metric: 'leads_qualified' },
  qualified: { metric: 'leads_qualified' },
  handoffs_accepted: { metric: 'handoffs_accepted' },
  accepted: { metric: 'handoffs_accepted' },
  time_to_accept: { metric: 'time_to_accept' },
};
export const METRIC_NAMES = [...METRICS, 'won_amount'];

/** The `key:` options of start and draft; preview also takes `over:`. */
export const DRAFT_KEYS = [
  'name',
  'metric',
  'for',
  'start',
  'in',
  'with',
  'teams',
  'scope',
  'prize',
  'top',
  'goal',
  'template',
  'updates',
];
export const PREVIEW_KEYS = [...DRAFT_KEYS, 'over'];
