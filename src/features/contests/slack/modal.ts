import type { types, ViewStateValue } from '@slack/bolt';
import { z } from 'zod';
import type { ContestDraft, ParticipantsSpec } from '../domain/draft.ts';
import { parseContestDuration, formatDuration } from '../domain/duration.ts';
import { truncate } from './format.ts';
import {
  DAY_MS,
  defaultCadence,
  MAX_NAME_LENGTH,
  MAX_PRIZE_LENGTH,
  METRIC_LABELS,
  METRICS,
  START_SKEW_MS,
  type Cadence,
  type ContestScope,
  type Metric,
} from '../domain/model.ts';
import { CONTEST_TEMPLATES, findTemplate } from '../domain/templates.ts';

/**
 * The `/contest` modal and the reading of its submission. Field problems come back keyed by
 * block_id, ready for `ack({ response_action: 'errors', errors })`.
 */

type KnownBlock = types.KnownBlock;
type ModalView = types.ModalView;
type PlainTextOption = types.PlainTextOption;

export const CONTEST_MODAL_CALLBACK_ID = 'contest_create';
/** An actions-block select: picking a template should views.update the modal with its defaults. */
export const CONTEST_TEMPLATE_ACTION_ID = 'contest_template_pick';

export const CONTEST_BLOCK_IDS = {
  template: 'contest_template',
  name: 'contest_name',
  metric: 'contest_metric',
  duration: 'contest_duration',
  startAt: 'contest_start_at',
  channel: 'contest_channel',
  participantsKind: 'contest_participants_kind',
  participantUsers: 'contest_participant_users',
  participantGroup: 'contest_participant_group',
  teams: 'contest_teams',
  scopeKind: 'contest_scope_kind',
  scopeSources: 'contest_scope_sources',
  scopeCampaign: 'contest_scope_campaign',
  prize: 'contest_prize',
  cadence: 'contest_cadence',
  publicTopN: 'contest_public_top_n',
} as const;
type BlockKey = keyof typeof CONTEST_BLOCK_IDS;
/** Each input block holds one element whose action_id is the block_id plus `_input`. */
export const actionIdFor = (key: BlockKey): string => `${CONTEST_BLOCK_IDS[key]}_input`;

const MAX_OPTIONS = 100;
const WON_AMOUNT = 'opportunities_won_amount';
const CADENCE_CHOICES = {
  both: 'Live board + daily standings at 09:00',
  live: 'Live board only',
  daily: 'Daily standings only',
};

export interface ModalMetadata {
  originChannelId: string;
  templateId?: string;
}
const metadataSchema = z.object({ originChannelId: z.string(), templateId: z.string().optional() });
export const encodeModalMetadata = (metadata: ModalMetadata): string => JSON.stringify(metadata);
export function decodeModalMetadata(text: string): ModalMetadata | null {
  try {
    const parsed = metadataSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export interface ModalOptions {
  originChannelId: string;
  /** User groups the manager may pick (first 100 shown; a static select holds no more). */
  usergroups: readonly { id: string; name: string }[];
  /** Lead sources from Salesforce (first 100 shown); empty: a free-text field instead. */
  leadSources: readonly string[];
  templateId?: string;
}

const option = (value: string, text: string): PlainTextOption => ({
  text: { type: 'plain_text', text: truncate(text, 75) },
  value,
});

export function buildContestModal(options: ModalOptions): ModalView {
  const template = options.templateId ? findTemplate(options.templateId) : undefined;
  const metricOptions = METRICS.map((metric) => option(metric, METRIC_LABELS[metric]));
  metricOptions.push(option(WON_AMOUNT, 'Opportunities won (amount)'));
  const initialMetric = metricOptions.find((candidate) => candidate.value === template?.metric);
  const groups = options.usergroups.slice(0, MAX_OPTIONS).map((group) => option(group.id, `@${group.name}`));
  const sources = options.leadSources.slice(0, MAX_OPTIONS).map((source) => option(source, source));
  const templateOptions = CONTEST_TEMPLATES.map((t) => option(t.id, t.label));
  const initialSources = sources.filter(
    (s) => template?.scope.kind === 'sources' && template.scope.sources.includes(s.value ?? ''),
  );
  const scopeOptions = [
    option('all', 'All leads'),
    option('sources', 'Lead sources'),
    option('campaign', 'A Salesforce campaign'),
  ];
  const participantOptions = [
    option('channel_members', 'Members of the channel'),
    ...(groups.length > 0 ? [option('usergroup', 'A Slack user group')] : []),
    option('users', 'People I list'),
  ];
  const cadenceOptions = Object.entries(CADENCE_CHOICES).map(([value, text]) => option(value, text));
  const topOptions = [
    option('all', 'Everyone'),
    option('3', 'Top 3'),
    option('5', 'Top 5'),
    option('10', 'Top 10'),
  ];

  const input = (
    key: BlockKey,
    label: string,
    element: Record<string, unknown>,
    extra: Record<string, unknown> = {},
  ) =>
    ({
      type: 'input',
      block_id: CONTEST_BLOCK_IDS[key],
      label: { type: 'plain_text', text: label },
      element: { ...element, action_id: actionIdFor(key) },
      ...extra,
    }) as KnownBlock;

  const blocks: KnownBlock[] = [
    {
      type: 'actions',
      block_id: CONTEST_BLOCK_IDS.template,
      elements: [
        {
          type: 'static_select',
          action_id: CONTEST_TEMPLATE_ACTION_ID,
          placeholder: { type: 'plain_text', text: 'Start from a template' },
          options: templateOptions,
          ...(template ? { initial_option: templateOptions.find((o) => o.value === template.id) } : {}),
        },
      ],
    },
    input('name', 'Name', {
      type: 'plain_text_input',
      max_length: MAX_NAME_LENGTH,
      ...(template ? { initial_value: template.defaultName } : {}),
    }),
    input('metric', 'What scores', {
      type: 'static_select',
      options: metricOptions,
      ...(initialMetric ? { initial_option: initialMetric } : {}),
    }),
    input(
      'duration',
      'How long',
      {
        type: 'plain_text_input',
        placeholder: { type: 'plain_text', text: 'e.g. 1h, 3d, 1d12h' },
        initial_value: template ? formatDuration(template.durationMs).replaceAll(' ', '') : '3d',
      },
      { hint: { type: 'plain_text', text: 'From 1 hour to 30 days.' } },
    ),
    input(
      'startAt',
      'Starts',
      { type: 'datetimepicker' },
      { optional: true, hint: { type: 'plain_text', text: 'Leave empty to start now.' } },
    ),
    input('channel', 'Post in', {
      type: 'conversations_select',
      initial_conversation: options.originChannelId,
      filter: { include: ['public', 'private'], exclude_bot_users: true },
    }),
    input('participantsKind', 'Who plays', {
      type: 'radio_buttons',
      options: participantOptions,
      initial_option: participantOptions[0],
    }),
    input(
      'participantUsers',
      'People (if listing people)',
      { type: 'multi_users_select' },
      { optional: true },
    ),
  ];
  if (groups.length > 0) {
    blocks.push(
      input(
        'participantGroup',
        'User group (if a user group plays)',
        { type: 'static_select', options: groups },
        { optional: true },
      ),
      input(
        'teams',
        'Teams (optional)',
        { type: 'multi_static_select', options: groups, max_selected_items: 20 },
        {
          optional: true,
          hint: { type: 'plain_text', text: 'Each user group is a team; team totals sum members.' },
        },
      ),
    );
  }
  blocks.push(
    input('scopeKind', 'Which leads count', {
      type: 'radio_buttons',
      options: scopeOptions,
      initial_option: scopeOptions[template?.scope.kind === 'sources' ? 1 : 0],
    }),
    sources.length > 0
      ? input(
          'scopeSources',
          'Lead sources',
          {
            type: 'multi_static_select',
            options: sources,
            ...(initialSources.length ? { initial_options: initialSources } : {}),
          },
          { optional: true },
        )
      : input(
          'scopeSources',
          'Lead sources (comma-separated)',
          { type: 'plain_text_input', max_length: 1000 },
          { optional: true },
        ),
    input(
      'scopeCampaign',
      'Campaign Id',
      { type: 'plain_text_input', placeholder: { type: 'plain_text', text: '701…' }, max_length: 18 },
      { optional: true },
    ),
    input('prize', 'Prize', { type: 'plain_text_input', max_length: MAX_PRIZE_LENGTH }, { optional: true }),
    input('cadence', 'Updates', {
      type: 'static_select',
      options: cadenceOptions,
      initial_option: cadenceOptions[template?.dailyStandingsAt === null ? 1 : 0],
    }),
    input('publicTopN', 'Show publicly', {
      type: 'static_select',
      options: topOptions,
      initial_option: topOptions[0],
    }),
  );
  return {
    type: 'modal',
    callback_id: CONTEST_MODAL_CALLBACK_ID,
    title: { type: 'plain_text', text: 'New contest' },
    submit: { type: 'plain_text', text: 'Launch' },
    close: { type: 'plain_text', text: 'Cancel' },
    private_metadata: encodeModalMetadata({
      originChannelId: options.originChannelId,
      templateId: template?.id,
    }),
    blocks,
  };
}

export type StateValues = Record<string, Record<string, ViewStateValue>>;

export interface SubmissionContext {
  now: Date;
  /** The templateId from private_metadata, if the modal was built from one. */
  templateId?: string;
  knownLeadSources?: readonly string[];
}

export type SubmissionResult =
  { ok: true; draft: ContestDraft } | { ok: false; errors: Record<string, string> };

export function modalSubmissionToDraft(values: StateValues, context: SubmissionContext): SubmissionResult {
  const read = (key: BlockKey): ViewStateValue | undefined =>
    values[CONTEST_BLOCK_IDS[key]]?.[actionIdFor(key)];
  const text = (key: BlockKey) => read(key)?.value?.trim() ?? '';
  const selected = (key: BlockKey) => read(key)?.selected_option?.value ?? '';
  const errors: Partial<Record<BlockKey, string>> = {};

  const name = text('name');
  if (name.length === 0) errors.name = 'Give the contest a name.';
  else if (name.length > MAX_NAME_LENGTH) errors.name = `Keep the name to ${MAX_NAME_LENGTH} characters.`;

  const metricValue = selected('metric');
  const metric: Metric | undefined =
    metricValue === WON_AMOUNT ? 'opportunities_won' : METRICS.find((candidate) => candidate === metricValue);
  if (metric === undefined) errors.metric = 'Choose what scores.';

  const duration = parseContestDuration(text('duration'));
  if (!duration.ok) errors.duration = sentence(duration.error);

  const startSeconds = read('startAt')?.selected_date_time ?? null;
  const startAt = startSeconds === null ? null : new Date(startSeconds * 1000);
  if (startAt && startAt.getTime() < context.now.getTime() - START_SKEW_MS) {
    errors.startAt = 'That time has passed; pick a later one or leave it empty to start now.';
  } else if (startAt && startAt.getTime() > context.now.getTime() + 90 * DAY_MS) {
    errors.startAt = 'Schedule contests at most 90 days ahead.';
  }

  const channelId = read('channel')?.selected_conversation ?? '';
  if (channelId === '') errors.channel = 'Pick the channel for the leaderboard.';

  let participants: ParticipantsSpec = { kind: 'channel_members' };
  const participantsKind = selected('participantsKind') || 'channel_members';
  if (participantsKind === 'users') {
    const userIds = read('participantUsers')?.selected_users ?? [];
    if (userIds.length === 0) errors.participantUsers = 'List at least one person, or choose another option.';
    participants = { kind: 'users', userIds: [...new Set(userIds)] };
  } else if (participantsKind === 'usergroup') {
    const usergroupId = selected('participantGroup');
    if (usergroupId === '') errors.participantGroup = 'Pick the user group that plays.';
    participants = { kind: 'usergroup', usergroupId };
  }
  const teamUsergroupIds = (read('teams')?.selected_options ?? []).map((o) => o.value);

  let scope: ContestScope = { kind: 'all' };
  const scopeKind = selected('scopeKind') || 'all';
  if (scopeKind === 'sources') {
    const picked =
      read('scopeSources')?.selected_options?.map((o) => o.value) ?? splitList(text('scopeSources'));
    const unknown = context.knownLeadSources
      ? picked.filter((s) => !context.knownLeadSources?.some((k) => k.toLowerCase() === s.toLowerCase()))
      : [];
    if (picked.length === 0) errors.scopeSources = 'Pick at least one lead source, or count all leads.';
    else if (unknown.length > 0)
      errors.scopeSources = `Unknown lead source: ${truncate(unknown.join(', '), 200)}.`;
    scope = { kind: 'sources', sources: [...new Set(picked)] };
  } else if (scopeKind === 'campaign') {
    const campaignId = text('scopeCampaign');
    if (!/^701[a-zA-Z0-9]{12}(?:[a-zA-Z0-9]{3})?$/.test(campaignId)) {
      errors.scopeCampaign = 'Paste the campaign Id from Salesforce (15 or 18 characters, starting 701).';
    }
    scope = { kind: 'campaign', campaignId };
  }

  const prize = text('prize');
  if (prize.length > MAX_PRIZE_LENGTH) errors.prize = `Keep the prize to ${MAX_PRIZE_LENGTH} characters.`;

  const cadence: Cadence = defaultCadence();
  const cadenceChoice = selected('cadence') || 'both';
  if (cadenceChoice === 'live') cadence.dailyStandingsAt = null;
  if (cadenceChoice === 'daily') cadence.liveUpdates = false;
  const top = selected('publicTopN');
  const publicTopN = /^\d+$/.test(top) ? Number(top) : undefined;

  const errorEntries = Object.entries(errors) as [BlockKey, string][];
  if (errorEntries.length > 0 || metric === undefined || !duration.ok) {
    return {
      ok: false,
      errors: Object.fromEntries(errorEntries.map(([key, message]) => [CONTEST_BLOCK_IDS[key], message])),
    };
  }
  return {
    ok: true,
    draft: {
      name,
      metric,
      wonBy: metricValue === WON_AMOUNT ? 'amount' : 'count',
      durationMs: duration.ms,
      startAt,
      channel: { kind: 'id', id: channelId },
      participants,
      teamUsergroupIds,
      scope,
      prize: prize.length > 0 ? prize : undefined,
      publicTopN,
      cadence,
      templateId: context.templateId && findTemplate(context.templateId) ? context.templateId : undefined,
    },
  };
}

const sentence = (text: string): string => `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
const splitList = (text: string): string[] =>
  text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
