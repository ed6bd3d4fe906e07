import type { ViewStateValue } from '@slack/bolt';
import type { ContestDraft, ParticipantsSpec } from '../domain/draft.ts';
import { parseGoal } from '../domain/command-options.ts';
import { parseContestDuration } from '../domain/duration.ts';
import {
  DAY_MS,
  defaultCadence,
  MAX_NAME_LENGTH,
  MAX_PRIZE_LENGTH,
  METRICS,
  START_SKEW_MS,
  TEAMS_ON_TIME_ERROR,
  type Cadence,
  type ContestScope,
  type Metric,
} from '../domain/model.ts';
import { findTemplate } from '../domain/templates.ts';
import { truncate } from './format.ts';
import { actionIdFor, blockIdFor, WON_AMOUNT, type BlockKey } from './modal-ids.ts';

/**
 * Reading a submitted contest modal: a draft, or the problems keyed by block_id. Each group of
 * fields is read by its own step, which records its problems in `errors`.
 */

export type StateValues = Record<string, Record<string, ViewStateValue>>;

export interface SubmissionContext {
  now: Date;
  /** The templateId from private_metadata, if the modal was built from one. */
  templateId?: string;
  /** The revision from private_metadata: which block ids the template's fields carry (blockIdFor). */
  revision?: number;
  knownLeadSources?: readonly string[];
}

export type SubmissionResult =
  { ok: true; draft: ContestDraft } | { ok: false; errors: Record<string, string> };

type Errors = Partial<Record<BlockKey, string>>;

/** The submitted values by field, and the problems found so far. */
class Form {
  readonly errors: Errors = {};
  private readonly values: StateValues;
  private readonly revision: number;

  constructor(values: StateValues, revision: number) {
    this.values = values;
    this.revision = revision;
  }

  blockId(key: BlockKey): string {
    return blockIdFor(key, this.revision);
  }

  read(key: BlockKey): ViewStateValue | undefined {
    return this.values[this.blockId(key)]?.[actionIdFor(key)];
  }

  text(key: BlockKey): string {
    return this.read(key)?.value?.trim() ?? '';
  }

  selected(key: BlockKey): string {
    return this.read(key)?.selected_option?.value ?? '';
  }
}

const sentence = (text: string): string => `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
const splitList = (text: string): string[] =>
  text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);

function readName(form: Form): string {
  const name = form.text('name');
  if (name.length === 0) form.errors.name = 'Give the contest a name.';
  else if (name.length > MAX_NAME_LENGTH)
    form.errors.name = `Keep the name to ${MAX_NAME_LENGTH} characters.`;
  return name;
}

function readMetric(form: Form): { metric: Metric | undefined; wonBy: 'count' | 'amount' } {
  const metricValue = form.selected('metric');
  const metric: Metric | undefined =
    metricValue === WON_AMOUNT ? 'opportunities_won' : METRICS.find((candidate) => candidate === metricValue);
  if (metric === undefined) form.errors.metric = 'Choose what scores.';
  return { metric, wonBy: metricValue === WON_AMOUNT ? 'amount' : 'count' };
}

/** When it starts: empty (now), not in the past, at most 90 days ahead. */
function readStart(form: Form, now: Date): Date | null {
  const startSeconds = form.read('startAt')?.selected_date_time ?? null;
  const startAt = startSeconds === null ? null : new Date(startSeconds * 1000);
  if (startAt && startAt.getTime() < now.getTime() - START_SKEW_MS) {
    form.errors.startAt = 'That time has passed; pick a later one or leave it empty to start now.';
  } else if (startAt && startAt.getTime() > now.getTime() + 90 * DAY_MS) {
    form.errors.startAt = 'Schedule contests at most 90 days ahead.';
  }
  return startAt;
}

function readParticipants(form: Form): ParticipantsSpec {
  const participantsKind = form.selected('participantsKind') || 'channel_members';
  if (participantsKind === 'users') {
    const userIds = form.read('participantUsers')?.selected_users ?? [];
    if (userIds.length === 0)
      form.errors.participantUsers = 'List at least one person, or choose another option.';
    return { kind: 'users', userIds: [...new Set(userIds)] };
  }
  if (participantsKind === 'usergroup') {
    const usergroupId = form.selected('participantGroup');
    if (usergroupId === '') form.errors.participantGroup = 'Pick the user group that plays.';
    return { kind: 'usergroup', usergroupId };
  }
  return { kind: 'channel_members' };
}

function readScope(form: Form, knownLeadSources: readonly string[] | undefined): ContestScope {
  const scopeKind = form.selected('scopeKind') || 'all';
  if (scopeKind === 'sources') {
    const picked =
      form.read('scopeSources')?.selected_options?.map((o) => o.value) ??
      splitList(form.text('scopeSources'));
    const unknown = knownLeadSources
      ? picked.filter((s) => !knownLeadSources.some((k) => k.toLowerCase() === s.toLowerCase()))
      : [];
    if (picked.length === 0) form.errors.scopeSources = 'Pick at least one lead source, or count all leads.';
    else if (unknown.length > 0)
      form.errors.scopeSources = `Unknown lead source: ${truncate(unknown.join(', '), 200)}.`;
    return { kind: 'sources', sources: [...new Set(picked)] };
  }
  if (scopeKind === 'campaign') {
    const campaignId = form.text('scopeCampaign');
    if (!/^701[a-zA-Z0-9]{12}(?:[a-zA-Z0-9]{3})?$/.test(campaignId)) {
      form.errors.scopeCampaign =
        'Paste the campaign Id from Salesforce (15 or 18 characters, starting 701).';
    }
    return { kind: 'campaign', campaignId };
  }
  return { kind: 'all' };
}

/** Prize, update cadence and how much of the board is public. */
function readExtras(form: Form): Pick<ContestDraft, 'prize' | 'cadence' | 'publicTopN'> {
  const prize = form.text('prize');
  if (prize.length > MAX_PRIZE_LENGTH)
    form.errors.prize = `Keep the prize to ${MAX_PRIZE_LENGTH} characters.`;
  const cadence: Cadence = defaultCadence();
  const cadenceChoice = form.selected('cadence') || 'both';
  if (cadenceChoice === 'live') cadence.dailyStandingsAt = null;
  if (cadenceChoice === 'daily') cadence.liveUpdates = false;
  const top = form.selected('publicTopN');
  return {
    prize: prize.length > 0 ? prize : undefined,
    cadence,
    publicTopN: /^\d+$/.test(top) ? Number(top) : undefined,
  };
}

/** Each rep's target: empty for none; a whole number, and never for the SLA hit rate. */
function readGoal(form: Form, metric: Metric | undefined): number | undefined {
  const text = form.text('goal');
  if (text === '') return undefined;
  const goal = parseGoal(text, metric);
  if (!goal.ok) form.errors.goal = sentence(goal.error.replace(/^goal: /, ''));
  return goal.ok ? goal.value : undefined;
}

export function modalSubmissionToDraft(values: StateValues, context: SubmissionContext): SubmissionResult {
  const form = new Form(values, context.revision ?? 0);
  const name = readName(form);
  const { metric, wonBy } = readMetric(form);
  const duration = parseContestDuration(form.text('duration'));
  if (!duration.ok) form.errors.duration = sentence(duration.error);
  const startAt = readStart(form, context.now);
  const channelId = form.read('channel')?.selected_conversation ?? '';
  if (channelId === '') form.errors.channel = 'Pick the channel for the leaderboard.';
  const participants = readParticipants(form);
  const teamUsergroupIds = (form.read('teams')?.selected_options ?? []).map((o) => o.value);
  const scope = readScope(form, context.knownLeadSources);
  const extras = readExtras(form);
  const goal = readGoal(form, metric);
  if (metric === 'time_to_accept' && teamUsergroupIds.length > 0)
    form.errors.teams = sentence(TEAMS_ON_TIME_ERROR);

  const errorEntries = Object.entries(form.errors) as [BlockKey, string][];
  if (errorEntries.length > 0 || metric === undefined || !duration.ok) {
    return {
      ok: false,
      errors: Object.fromEntries(errorEntries.map(([key, message]) => [form.blockId(key), message])),
    };
  }
  return {
    ok: true,
    draft: {
      name,
      metric,
      wonBy,
      durationMs: duration.ms,
      startAt,
      channel: { kind: 'id', id: channelId },
      participants,
      teamUsergroupIds,
      scope,
      prize: extras.prize,
      publicTopN: extras.publicTopN,
      ...(goal === undefined ? {} : { goal }),
      cadence: extras.cadence,
      templateId: context.templateId && findTemplate(context.templateId) ? context.templateId : undefined,
    },
  };
}
