import { formModal } from '../../../platform/slack/modals.ts';
import type { types } from '@slack/bolt';
import { formatDuration } from '../domain/duration.ts';
import { truncate } from './format.ts';
import { MAX_NAME_LENGTH, MAX_PRIZE_LENGTH, METRIC_LABELS, METRICS } from '../domain/model.ts';
import { CONTEST_TEMPLATES, findTemplate, type ContestTemplate } from '../domain/templates.ts';
import {
  actionIdFor,
  blockIdFor,
  CADENCE_CHOICES,
  CONTEST_BLOCK_IDS,
  CONTEST_MODAL_CALLBACK_ID,
  CONTEST_TEMPLATE_ACTION_ID,
  encodeModalMetadata,
  WON_AMOUNT,
  type BlockKey,
} from './modal-ids.ts';

export * from './modal-ids.ts';
export * from './modal-submission.ts';

/**
 * The `/contest` modal (built here) and the reading of its submission (modal-submission.ts). Field
 * problems come back keyed by block_id, ready for `ack({ response_action: 'errors', errors })`.
 */

type KnownBlock = types.KnownBlock;
type ModalView = types.ModalView;
type PlainTextOption = types.PlainTextOption;

const MAX_OPTIONS = 100;

export interface ModalOptions {
  originChannelId: string;
  /** User groups the manager may pick (first 100 shown; a static select holds no more). */
  usergroups: readonly { id: string; name: string }[];
  /** Lead sources from Salesforce (first 100 shown); empty: a free-text field instead. */
  leadSources: readonly string[];
  templateId?: string;
  /** How many templates were picked in this modal so far; gives the template's fields fresh block ids. */
  revision?: number;
}

const option = (value: string, text: string): PlainTextOption => ({
  text: { type: 'plain_text', text: truncate(text, 75) },
  value,
});

type InputBuilder = (
  key: BlockKey,
  label: string,
  element: Record<string, unknown>,
  extra?: Record<string, unknown>,
) => KnownBlock;

/** Input blocks of the modal's `revision` (see blockIdFor). */
const inputsOf =
  (revision: number): InputBuilder =>
  (key, label, element, extra = {}) =>
    ({
      type: 'input',
      block_id: blockIdFor(key, revision),
      label: { type: 'plain_text', text: label },
      element: { ...element, action_id: actionIdFor(key) },
      ...extra,
    }) as KnownBlock;

/** The template picker (an actions block: picking one rebuilds the modal), name and metric. */
function whatBlocks(input: InputBuilder, template: ContestTemplate | undefined): KnownBlock[] {
  const templateOptions = CONTEST_TEMPLATES.map((t) => option(t.id, t.label));
  const metricOptions = METRICS.map((metric) => option(metric, METRIC_LABELS[metric]));
  metricOptions.push(option(WON_AMOUNT, 'Opportunities won (amount)'));
  const initialMetric = metricOptions.find((candidate) => candidate.value === template?.metric);
  return [
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
  ];
}

/** How long, when it starts, and where it is posted. */
function whenAndWhereBlocks(
  input: InputBuilder,
  template: ContestTemplate | undefined,
  originChannelId: string,
): KnownBlock[] {
  return [
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
      initial_conversation: originChannelId,
      filter: { include: ['public', 'private'], exclude_bot_users: true },
    }),
  ];
}

/** Who plays: the channel, a user group or listed people; user groups also make teams. */
function whoBlocks(input: InputBuilder, groups: PlainTextOption[]): KnownBlock[] {
  const participantOptions = [
    option('channel_members', 'Members of the channel'),
    ...(groups.length > 0 ? [option('usergroup', 'A Slack user group')] : []),
    option('users', 'People I list'),
  ];
  const blocks = [
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
  if (groups.length === 0) return blocks;
  return [
    ...blocks,
    input(
      'participantGroup',
      'User group (if a user group plays)',
      { type: 'static_select', options: groups },
      { optional: true },
    ),
    input(
      'teams',
      'Teams',
      { type: 'multi_static_select', options: groups, max_selected_items: 20 },
      {
        optional: true,
        hint: { type: 'plain_text', text: 'Each user group is a team; team totals sum members.' },
      },
    ),
  ];
}

/** Which leads count: all, some lead sources (picked, or typed when none are known) or a campaign. */
function scopeBlocks(
  input: InputBuilder,
  template: ContestTemplate | undefined,
  leadSources: readonly string[],
): KnownBlock[] {
  const sources = leadSources.slice(0, MAX_OPTIONS).map((source) => option(source, source));
  const initialSources = sources.filter(
    (s) => template?.scope.kind === 'sources' && template.scope.sources.includes(s.value ?? ''),
  );
  const scopeOptions = [
    option('all', 'All leads'),
    option('sources', 'Lead sources'),
    option('campaign', 'A Salesforce campaign'),
  ];
  return [
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
  ];
}

/** Prize, update cadence, how much of the board is public, and each rep's goal. */
function extrasBlocks(input: InputBuilder, template: ContestTemplate | undefined): KnownBlock[] {
  const cadenceOptions = Object.entries(CADENCE_CHOICES).map(([value, text]) => option(value, text));
  const topOptions = [
    option('all', 'Everyone'),
    option('3', 'Top 3'),
    option('5', 'Top 5'),
    option('10', 'Top 10'),
  ];
  return [
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
    // Slack appends "(optional)" to an optional input's label itself: the label must not say it.
    input(
      'goal',
      'Goal per rep',
      { type: 'plain_text_input', max_length: 13, placeholder: { type: 'plain_text', text: 'e.g. 20' } },
      {
        optional: true,
        hint: {
          type: 'plain_text',
          text: 'Each rep\'s target; boards show "12 · 60% to goal". Count metrics only, not the SLA hit rate or time to accept.',
        },
      },
    ),
  ];
}

export function buildContestModal(options: ModalOptions): ModalView {
  const template = options.templateId ? findTemplate(options.templateId) : undefined;
  const groups = options.usergroups.slice(0, MAX_OPTIONS).map((group) => option(group.id, `@${group.name}`));
  const revision = options.revision ?? 0;
  const input = inputsOf(revision);
  return formModal({
    callbackId: CONTEST_MODAL_CALLBACK_ID,
    title: 'New contest',
    submit: 'Launch',
    privateMetadata: encodeModalMetadata({
      originChannelId: options.originChannelId,
      templateId: template?.id,
      ...(revision > 0 ? { revision } : {}),
    }),
    blocks: [
      ...whatBlocks(input, template),
      ...whenAndWhereBlocks(input, template, options.originChannelId),
      ...whoBlocks(input, groups),
      ...scopeBlocks(input, template, options.leadSources),
      ...extrasBlocks(input, template),
    ],
  });
}
