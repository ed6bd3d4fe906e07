import {
  clip,
  parseParticipants,
  parseScope,
  parseStart,
  parseUpdates,
  splitList,
} from './command-options.ts';
import type { ContestDraft } from './draft.ts';

import { parseContestDuration, parseDuration } from './duration.ts';
import {
  isContestId,
  MAX_CONTEST_MS,
  MAX_NAME_LENGTH,
  MAX_PRIZE_LENGTH,
  METRICS,
  type Metric,
} from './model.ts';
import { findTemplate, CONTEST_TEMPLATES } from './templates.ts';
import {
  channelFromText,
  closestMatch,
  tokenize,
  unescapeSlackText,
  userIdFromMention,
  usergroupIdFromMention,
  type Token,
} from './tokenize.ts';

export { validateParticipants, type ParticipantCheck } from './command-options.ts';

/**
 * `/contest …` text -> a command, or the exact problem plus a corrected example. Nothing here
 * resolves names or touches Slack: channel names, user groups and sources come back as written
 * (ids where Slack escaped them) for the adapter to resolve.
 */

export const MAX_COMMAND_LENGTH = 2_000;

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
  'help',
];

const METRIC_ALIASES: Record<string, { metric: Metric; wonBy?: 'amount' }> = {
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
};
const METRIC_NAMES = [...METRICS, 'won_amount'];

const DRAFT_KEYS = [
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
  'template',
  'updates',
];
const PREVIEW_KEYS = [...DRAFT_KEYS, 'over'];

type Failure = { ok: false; error: string; example: string };
const failure = (error: string, example: string = EXAMPLES.start): Failure => ({ ok: false, error, example });

export function parseContestCommand(text: string, context: CommandContext): ParseResult {
  if (text.length > MAX_COMMAND_LENGTH) {
    return failure(`that command is ${text.length} characters; the limit is ${MAX_COMMAND_LENGTH}`);
  }
  const tokenized = tokenize(text);
  if (!tokenized.ok) return failure(tokenized.error);
  const [first, ...rest] = tokenized.tokens;
  if (first === undefined) return { ok: true, command: { kind: 'open_modal' } };
  const subcommand = first.text.toLowerCase();
  switch (subcommand) {
    case 'help':
      return { ok: true, command: { kind: 'help' } };
    case 'list':
      return rest.length === 0
        ? { ok: true, command: { kind: 'list' } }
        : failure("'list' takes nothing after it", '/contest list');
    case 'status': {
      if (rest.length === 0) return { ok: true, command: { kind: 'status', contestId: null } };
      const id = parseContestIdArg(rest, 'status');
      return id.ok ? { ok: true, command: { kind: 'status', contestId: id.contestId } } : id;
    }
    case 'end':
    case 'cancel':
    case 'recompute': {
      const id = parseContestIdArg(rest, subcommand);
      return id.ok ? { ok: true, command: { kind: subcommand, contestId: id.contestId } } : id;
    }
    case 'extend':
      return parseExtend(rest);
    case 'start':
    case 'draft':
    case 'preview':
      return parseDraftCommand(subcommand, rest, context);
    default: {
      const hint = closestMatch(subcommand, SUBCOMMANDS);
      const didYouMean = hint ? ` Did you mean '${hint}'?` : '';
      return failure(
        `'${clip(first.text)}' is not a /contest command.${didYouMean} Try: ${SUBCOMMANDS.join(', ')}`,
      );
    }
  }
}

function parseContestIdArg(
  args: Token[],
  subcommand: 'status' | 'end' | 'cancel' | 'recompute' | 'extend',
): { ok: true; contestId: string } | Failure {
  const example = EXAMPLES[subcommand];
  const [idToken] = args;
  if (idToken === undefined)
    return failure(`'${subcommand}' needs a contest id (see /contest list)`, example);
  const id = idToken.text.toLowerCase();
  if (!isContestId(id))
    return failure(`'${clip(idToken.text)}' is not a contest id (see /contest list)`, example);
  if (subcommand !== 'extend' && args.length > 1) {
    return failure(`'${subcommand}' takes only a contest id; remove '${clip(args[1]?.text ?? '')}'`, example);
  }
  return { ok: true, contestId: id };
}

function parseExtend(args: Token[]): ParseResult {
  const id = parseContestIdArg(args, 'extend');
  if (!id.ok) return id;
  const amount = args[1];
  if (amount === undefined || args.length > 2) {
    return failure("'extend' needs a contest id and how much longer, nothing else", EXAMPLES.extend);
  }
  const duration = parseDuration(amount.text);
  if (!duration.ok) return failure(duration.error, EXAMPLES.extend);
  return { ok: true, command: { kind: 'extend', contestId: id.contestId, byMs: duration.ms } };
}

interface KeyValue {
  key: string;
  value: string;
}

function splitKey(token: Token): KeyValue | null {
  const match = /^([a-z][a-z0-9_-]*):/i.exec(token.text);
  if (!match?.[1]) return null;
  if (token.quotedFrom !== -1 && token.quotedFrom < match[0].length) return null;
  return { key: match[1].toLowerCase(), value: token.text.slice(match[0].length) };
}

function parseDraftCommand(
  subcommand: 'start' | 'draft' | 'preview',
  args: Token[],
  context: CommandContext,
): ParseResult {
  const example = subcommand === 'preview' ? EXAMPLES.preview : EXAMPLES.start;
  const validKeys = subcommand === 'preview' ? PREVIEW_KEYS : DRAFT_KEYS;
  const values = new Map<string, string>();
  const nameParts: string[] = [];
  const mentionedUsers: string[] = [];
  for (const token of args) {
    const pair = splitKey(token);
    if (pair) {
      if (!validKeys.includes(pair.key)) {
        const hint = closestMatch(pair.key, validKeys);
        const didYouMean = hint ? ` Did you mean '${hint}:'?` : '';
        return failure(
          `unknown key '${clip(pair.key)}:'.${didYouMean} Valid keys: ${validKeys.join(', ')}`,
          example,
        );
      }
      if (values.has(pair.key)) return failure(`'${pair.key}:' is given twice; keep one`, example);
      values.set(pair.key, pair.value);
      continue;
    }
    const mentioned = userIdFromMention(token.text);
    if (mentioned) {
      mentionedUsers.push(mentioned);
    } else if (values.size > 0) {
      const asDuration = parseDuration(token.text).ok ? ` Did you mean 'for:${token.text}'?` : '';
      return failure(
        `'${clip(token.text)}' is not a key:value.${asDuration} Put the contest name first, in quotes`,
        example,
      );
    } else {
      nameParts.push(token.text);
    }
  }
  if (nameParts.length > 0 && values.has('name')) {
    return failure('the name is given twice (before the options and as name:)', example);
  }

  const template = values.has('template') ? findTemplate(values.get('template') ?? '') : undefined;
  if (values.has('template') && template === undefined) {
    const ids = CONTEST_TEMPLATES.map((t) => t.id).join(', ');
    return failure(
      `there is no template '${clip(values.get('template') ?? '')}'; templates: ${ids}`,
      example,
    );
  }

  const name = unescapeSlackText(values.get('name') ?? nameParts.join(' ')).trim() || template?.defaultName;
  const needsName = subcommand !== 'preview';
  if (needsName && !name)
    return failure('give the contest a name, in quotes, right after the subcommand', example);
  if (name && name.length > MAX_NAME_LENGTH) {
    return failure(`the name is ${name.length} characters; keep it to ${MAX_NAME_LENGTH}`, example);
  }

  const metricText = values.get('metric');
  let metric = template?.metric;
  let wonBy: 'count' | 'amount' = 'count';
  if (metricText !== undefined) {
    const found = METRIC_ALIASES[metricText.toLowerCase()];
    if (!found) {
      const hint = closestMatch(metricText, METRIC_NAMES);
      const didYouMean = hint ? ` Did you mean '${hint}'?` : '';
      return failure(
        `'${clip(metricText)}' is not a metric.${didYouMean} Metrics: ${METRIC_NAMES.join(', ')}`,
        example,
      );
    }
    metric = found.metric;
    wonBy = found.wonBy ?? 'count';
  }
  if (metric === undefined) return failure(`choose a metric: metric:${METRIC_NAMES.join('|')}`, example);

  let lookbackMs = 0;
  if (subcommand === 'preview') {
    const over = parseDuration(values.get('over') ?? '7d');
    if (!over.ok) return failure(`over: ${over.error}`, example);
    if (over.ms > MAX_CONTEST_MS) return failure('over: a preview looks back at most 30 days', example);
    lookbackMs = over.ms;
  }
  let durationMs = template?.durationMs ?? (subcommand === 'preview' ? lookbackMs : undefined);
  const forText = values.get('for');
  if (forText !== undefined) {
    const duration = parseContestDuration(forText);
    if (!duration.ok) return failure(`for: ${duration.error}`, example);
    durationMs = duration.ms;
  }
  if (durationMs === undefined) return failure('say how long it runs, e.g. for:3d (1h to 30d)', example);

  const startAt = parseStart(values.get('start'), context);
  if (!startAt.ok) return failure(startAt.error, example);

  const channelText = values.get('in');
  const channel =
    channelText === undefined ? { kind: 'id' as const, id: context.channelId } : channelFromText(channelText);
  if (channel === null)
    return failure(`in: '${clip(channelText ?? '')}' is not a channel; pick one with #`, example);

  const participants = parseParticipants(values.get('with'), mentionedUsers);
  if (!participants.ok) return failure(participants.error, example);

  const teamUsergroupIds: string[] = [];
  for (const part of splitList(values.get('teams'))) {
    const id = usergroupIdFromMention(part);
    if (!id)
      return failure(`teams: '${clip(part)}' is not a user group; mention groups like @sales-east`, example);
    teamUsergroupIds.push(id);
  }

  const scope = parseScope(values.get('scope'), template?.scope, context.knownLeadSources);
  if (!scope.ok) return failure(scope.error, example);

  const prize = values.has('prize') ? unescapeSlackText(values.get('prize') ?? '').trim() : undefined;
  if (prize !== undefined && (prize.length === 0 || prize.length > MAX_PRIZE_LENGTH)) {
    return failure(`prize: describe the prize in 1 to ${MAX_PRIZE_LENGTH} characters`, example);
  }

  let publicTopN: number | undefined;
  const topText = values.get('top');
  if (topText !== undefined) {
    publicTopN = Number(topText);
    if (!/^\d+$/.test(topText) || publicTopN < 1 || publicTopN > 50) {
      return failure(`top: '${clip(topText)}' should be a whole number from 1 to 50`, example);
    }
  }

  const cadence = parseUpdates(values.get('updates'), template?.dailyStandingsAt);
  if (!cadence.ok) return failure(cadence.error, example);

  const draft: ContestDraft = {
    name: name ?? 'Preview',
    metric,
    wonBy,
    durationMs,
    startAt: startAt.value,
    channel,
    participants: participants.value,
    teamUsergroupIds: [...new Set(teamUsergroupIds)],
    scope: scope.value,
    prize,
    publicTopN,
    cadence: cadence.value,
    templateId: template?.id,
  };
  if (subcommand === 'preview') return { ok: true, command: { kind: 'preview', draft, lookbackMs } };
  return { ok: true, command: { kind: subcommand, draft } };
}
