import {
  clip,
  parseParticipants,
  parseScope,
  parseStart,
  parseUpdates,
  splitList,
} from './command-options.ts';
import {
  DRAFT_KEYS,
  EXAMPLES,
  failure,
  METRIC_ALIASES,
  METRIC_NAMES,
  PREVIEW_KEYS,
  type CommandContext,
  type Failure,
  type ParseResult,
} from './command-syntax.ts';
import type { ChannelRef, ContestDraft, ParticipantsSpec } from './draft.ts';
import { parseContestDuration, parseDuration } from './duration.ts';
import { MAX_CONTEST_MS, MAX_NAME_LENGTH, MAX_PRIZE_LENGTH, type Metric } from './model.ts';
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
 * the first problem found is the answer, with the subcommand's example.
 */

type Subcommand = 'start' | 'draft' | 'preview';
type Step<T> = { ok: true; value: T } | Failure;

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

/** The name words, the key:value options (known keys, each once) and the people @-mentioned. */
function collectOptions(args: Token[], validKeys: readonly string[], example: string): Step<Options> {
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
  return { ok: true, value: { values, nameParts, mentionedUsers } };
}

/** The template (if named) and the contest's name, which a template may supply. */
function readNameAndTemplate(
  subcommand: Subcommand,
  { values, nameParts }: Options,
  example: string,
): Step<{ template: ContestTemplate | undefined; name: string | undefined }> {
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
  return { ok: true, value: { template, name } };
}

function readMetric(
  values: Map<string, string>,
  template: ContestTemplate | undefined,
  example: string,
): Step<{ metric: Metric; wonBy: 'count' | 'amount' }> {
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
  return { ok: true, value: { metric, wonBy } };
}

interface Timing {
  lookbackMs: number;
  durationMs: number;
  startAt: Date | null;
}

/** How far a preview looks back, how long the contest runs, and when it starts. */
function readTiming(
  subcommand: Subcommand,
  values: Map<string, string>,
  template: ContestTemplate | undefined,
  context: CommandContext,
  example: string,
): Step<Timing> {
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
  return { ok: true, value: { lookbackMs, durationMs, startAt: startAt.value } };
}

interface Placement {
  channel: ChannelRef;
  participants: ParticipantsSpec;
  teamUsergroupIds: string[];
}

/** Where it is posted, who plays and the teams. */
function readPlacement(
  { values, mentionedUsers }: Options,
  context: CommandContext,
  example: string,
): Step<Placement> {
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
  return {
    ok: true,
    value: { channel, participants: participants.value, teamUsergroupIds: [...new Set(teamUsergroupIds)] },
  };
}

type Extras = Pick<ContestDraft, 'scope' | 'prize' | 'publicTopN' | 'cadence'>;

/** Scope, prize, how many rows the public board shows, and the update cadence. */
function readExtras(
  values: Map<string, string>,
  template: ContestTemplate | undefined,
  context: CommandContext,
  example: string,
): Step<Extras> {
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
  return { ok: true, value: { scope: scope.value, prize, publicTopN, cadence: cadence.value } };
}

export function parseDraftCommand(
  subcommand: Subcommand,
  args: Token[],
  context: CommandContext,
): ParseResult {
  const example = subcommand === 'preview' ? EXAMPLES.preview : EXAMPLES.start;
  const options = collectOptions(args, subcommand === 'preview' ? PREVIEW_KEYS : DRAFT_KEYS, example);
  if (!options.ok) return options;
  const { values } = options.value;
  const named = readNameAndTemplate(subcommand, options.value, example);
  if (!named.ok) return named;
  const { template, name } = named.value;
  const metric = readMetric(values, template, example);
  if (!metric.ok) return metric;
  const timing = readTiming(subcommand, values, template, context, example);
  if (!timing.ok) return timing;
  const placement = readPlacement(options.value, context, example);
  if (!placement.ok) return placement;
  const extras = readExtras(values, template, context, example);
  if (!extras.ok) return extras;
  const draft: ContestDraft = {
    name: name ?? 'Preview',
    ...metric.value,
    durationMs: timing.value.durationMs,
    startAt: timing.value.startAt,
    ...placement.value,
    ...extras.value,
    templateId: template?.id,
  };
  if (subcommand === 'preview') {
    return { ok: true, command: { kind: 'preview', draft, lookbackMs: timing.value.lookbackMs } };
  }
  return { ok: true, command: { kind: subcommand, draft } };
}
