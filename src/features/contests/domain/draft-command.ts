import {
  clip,
  parseGoal,
  parseParticipants,
  parseScope,
  parseStart,
  parseUpdates,
  splitList,
} from './command-options.ts';
import {
  DRAFT_KEYS,
  EXAMPLES,
  failures,
  METRIC_ALIASES,
  METRIC_NAMES,
  PREVIEW_KEYS,
  type CommandContext,
  type ParseResult,
} from './command-syntax.ts';
import type { ChannelRef, ContestDraft, ParticipantsSpec } from './draft.ts';
import { parseContestDuration, parseDuration } from './duration.ts';
import {
  MAX_CONTEST_MS,
  MAX_NAME_LENGTH,
  MAX_PRIZE_LENGTH,
  TEAMS_ON_TIME_ERROR,
  type Metric,
} from './model.ts';
import { CONTEST_TEMPLATES, findTemplate, type ContestTemplate } from './templates.ts';
import {
  channelFromText,
  closestMatch,
  unescapeSlackText,
  userIdFromMention,
  usergroupIdFromMention,
  type Token,
} from './tokenize.ts';

/**
 * `/contest start | draft | preview "Name" key:value …` -> a draft. Each group of options (the
 * name and template, the metric, the timing, where and who, the extras) is read by its own step;
 * every step notes its problems in one list, so the manager gets them all in one answer instead of
 * fixing one, resending and meeting the next.
 */

type Subcommand = 'start' | 'draft' | 'preview';

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

interface Options {
  values: Map<string, string>;
  nameParts: string[];
  mentionedUsers: string[];
}

/** What every step reads from and writes its problems to. */
interface Reading {
  values: Map<string, string>;
  template: ContestTemplate | undefined;
  /** A template was named but does not exist: what it would have supplied is not asked for. */
  templateUnknown: boolean;
  problems: string[];
}

/** The name words, the key:value options (known keys, each once) and the people @-mentioned. */
function collectOptions(args: Token[], validKeys: readonly string[], problems: string[]): Options {
  const values = new Map<string, string>();
  const nameParts: string[] = [];
  const mentionedUsers: string[] = [];
  for (const token of args) {
    const pair = splitKey(token);
    if (pair) {
      if (!validKeys.includes(pair.key)) {
        const hint = closestMatch(pair.key, validKeys);
        const didYouMean = hint ? ` Did you mean '${hint}:'?` : '';
        problems.push(`unknown key '${clip(pair.key)}:'.${didYouMean} Valid keys: ${validKeys.join(', ')}`);
      } else if (values.has(pair.key)) {
        problems.push(`'${pair.key}:' is given twice; keep one`);
      } else {
        values.set(pair.key, pair.value);
      }
      continue;
    }
    const mentioned = userIdFromMention(token.text);
    if (mentioned) {
      mentionedUsers.push(mentioned);
    } else if (values.size > 0) {
      const asDuration = parseDuration(token.text).ok ? ` Did you mean 'for:${token.text}'?` : '';
      problems.push(
        `'${clip(token.text)}' is not a key:value.${asDuration} Put the contest name first, in quotes`,
      );
    } else {
      nameParts.push(token.text);
    }
  }
  if (nameParts.length > 0 && values.has('name')) {
    problems.push('the name is given twice (before the options and as name:)');
  }
  return { values, nameParts, mentionedUsers };
}

/** The template (if named), read first: the other steps take their defaults from it. */
function readTemplate(values: Map<string, string>, problems: string[]): Reading {
  const named = values.get('template');
  const template = named === undefined ? undefined : findTemplate(named);
  const templateUnknown = named !== undefined && template === undefined;
  if (templateUnknown) {
    const ids = CONTEST_TEMPLATES.map((t) => t.id).join(', ');
    problems.push(`there is no template '${clip(named)}'; templates: ${ids}`);
  }
  return { values, template, templateUnknown, problems };
}

/** The contest's name, which a template may supply. */
function readName(subcommand: Subcommand, reading: Reading, nameParts: string[]): string | undefined {
  const { values, template, problems } = reading;
  const name = unescapeSlackText(values.get('name') ?? nameParts.join(' ')).trim() || template?.defaultName;
  const needsName = subcommand !== 'preview' && !reading.templateUnknown;
  if (needsName && !name) problems.push('give the contest a name, in quotes, right after the subcommand');
  if (name && name.length > MAX_NAME_LENGTH) {
    problems.push(`the name is ${name.length} characters; keep it to ${MAX_NAME_LENGTH}`);
  }
  return name;
}

function readMetric({
  values,
  template,
  templateUnknown,
  problems,
}: Reading): { metric: Metric; wonBy: 'count' | 'amount' } | undefined {
  const metricText = values.get('metric');
  let metric = template?.metric;
  let wonBy: 'count' | 'amount' = 'count';
  if (metricText !== undefined) {
    const found = METRIC_ALIASES[metricText.toLowerCase()];
    if (!found) {
      const hint = closestMatch(metricText, METRIC_NAMES);
      const didYouMean = hint ? ` Did you mean '${hint}'?` : '';
      problems.push(
        `'${clip(metricText)}' is not a metric.${didYouMean} Metrics: ${METRIC_NAMES.join(', ')}`,
      );
      return undefined;
    }
    metric = found.metric;
    wonBy = found.wonBy ?? 'count';
  }
  if (metric === undefined) {
    if (!templateUnknown) problems.push(`choose a metric: metric:${METRIC_NAMES.join('|')}`);
    return undefined;
  }
  return { metric, wonBy };
}

/** How far a preview looks back (0 for a contest). */
function readLookback(subcommand: Subcommand, { values, problems }: Reading): number | undefined {
  if (subcommand !== 'preview') return 0;
  const over = parseDuration(values.get('over') ?? '7d');
  if (!over.ok) problems.push(`over: ${over.error}`);
  else if (over.ms > MAX_CONTEST_MS) problems.push('over: a preview looks back at most 30 days');
  else return over.ms;
  return undefined;
}

/** How long the contest runs, and when it starts. */
function readTiming(
  subcommand: Subcommand,
  reading: Reading,
  context: CommandContext,
): { lookbackMs: number; durationMs: number; startAt: Date | null } | undefined {
  const { values, template, problems } = reading;
  const before = problems.length;
  const lookbackMs = readLookback(subcommand, reading);
  const forText = values.get('for');
  const duration = forText === undefined ? undefined : parseContestDuration(forText);
  if (duration && !duration.ok) problems.push(`for: ${duration.error}`);
  const durationMs = duration?.ok
    ? duration.ms
    : (template?.durationMs ?? (subcommand === 'preview' ? lookbackMs : undefined));
  // Not asked for when for: or over: was given but unreadable, or the template would have said.
  const missing = durationMs === undefined && problems.length === before && !reading.templateUnknown;
  if (missing) problems.push('say how long it runs, e.g. for:3d (1h to 30d)');
  const startAt = parseStart(values.get('start'), context);
  if (!startAt.ok) problems.push(startAt.error);
  if (!startAt.ok || lookbackMs === undefined || durationMs === undefined || problems.length > before)
    return undefined;
  return { lookbackMs, durationMs, startAt: startAt.value };
}

interface Placement {
  channel: ChannelRef;
  participants: ParticipantsSpec;
  teamUsergroupIds: string[];
}

/** Where it is posted, who plays and the teams. */
function readPlacement(
  { values, problems }: Reading,
  mentionedUsers: string[],
  context: CommandContext,
): Placement | undefined {
  const channelText = values.get('in');
  const channel =
    channelText === undefined ? { kind: 'id' as const, id: context.channelId } : channelFromText(channelText);
  if (channel === null) problems.push(`in: '${clip(channelText ?? '')}' is not a channel; pick one with #`);
  const participants = parseParticipants(values.get('with'), mentionedUsers);
  if (!participants.ok) problems.push(participants.error);
  const teamUsergroupIds: string[] = [];
  for (const part of splitList(values.get('teams'))) {
    const id = usergroupIdFromMention(part);
    if (id) teamUsergroupIds.push(id);
    else problems.push(`teams: '${clip(part)}' is not a user group; mention groups like @sales-east`);
  }
  if (channel === null || !participants.ok) return undefined;
  return { channel, participants: participants.value, teamUsergroupIds: [...new Set(teamUsergroupIds)] };
}

type Extras = Pick<ContestDraft, 'scope' | 'prize' | 'publicTopN' | 'cadence'>;

function readTop(topText: string | undefined, problems: string[]): number | undefined {
  if (topText === undefined) return undefined;
  const publicTopN = Number(topText);
  if (/^\d+$/.test(topText) && publicTopN >= 1 && publicTopN <= 50) return publicTopN;
  problems.push(`top: '${clip(topText)}' should be a whole number from 1 to 50`);
  return undefined;
}

/** Scope, prize, how many rows the public board shows, and the update cadence. */
function readExtras({ values, template, problems }: Reading, context: CommandContext): Extras | undefined {
  const before = problems.length;
  const scope = parseScope(values.get('scope'), template?.scope, context.knownLeadSources);
  if (!scope.ok) problems.push(scope.error);
  const prize = values.has('prize') ? unescapeSlackText(values.get('prize') ?? '').trim() : undefined;
  if (prize !== undefined && (prize.length === 0 || prize.length > MAX_PRIZE_LENGTH)) {
    problems.push(`prize: describe the prize in 1 to ${MAX_PRIZE_LENGTH} characters`);
  }
  const publicTopN = readTop(values.get('top'), problems);
  const cadence = parseUpdates(values.get('updates'), template?.dailyStandingsAt);
  if (!cadence.ok) problems.push(cadence.error);
  if (!scope.ok || !cadence.ok || problems.length > before) return undefined;
  return { scope: scope.value, prize, publicTopN, cadence: cadence.value };
}

export function parseDraftCommand(
  subcommand: Subcommand,
  args: Token[],
  context: CommandContext,
): ParseResult {
  const example = subcommand === 'preview' ? EXAMPLES.preview : EXAMPLES.start;
  const problems: string[] = [];
  const options = collectOptions(args, subcommand === 'preview' ? PREVIEW_KEYS : DRAFT_KEYS, problems);
  const reading = readTemplate(options.values, problems);
  const name = readName(subcommand, reading, options.nameParts);
  const metric = readMetric(reading);
  const timing = readTiming(subcommand, reading, context);
  const placement = readPlacement(reading, options.mentionedUsers, context);
  const extras = readExtras(reading, context);
  const goal = parseGoal(options.values.get('goal'), metric?.metric);
  if (!goal.ok) problems.push(goal.error);
  if (metric?.metric === 'time_to_accept' && (placement?.teamUsergroupIds.length ?? 0) > 0) {
    problems.push(`teams: ${TEAMS_ON_TIME_ERROR}`);
  }
  if (problems.length > 0 || !metric || !timing || !placement || !extras) {
    return failures(problems, example);
  }
  const draft: ContestDraft = {
    name: name ?? 'Preview',
    ...metric,
    durationMs: timing.durationMs,
    startAt: timing.startAt,
    ...placement,
    ...extras,
    ...(goal.ok && goal.value !== undefined ? { goal: goal.value } : {}),
    templateId: reading.template?.id,
  };
  if (subcommand === 'preview') {
    return { ok: true, command: { kind: 'preview', draft, lookbackMs: timing.lookbackMs } };
  }
  return { ok: true, command: { kind: subcommand, draft } };
}
