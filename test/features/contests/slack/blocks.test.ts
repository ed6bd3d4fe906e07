import type { InputBlock } from '@slack/types';
import type { ViewStateValue } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import {
  actionIdFor,
  buildContestModal,
  commandErrorMessage,
  CONTEST_BLOCK_IDS,
  contestHelpMessage,
  contestListMessage,
  decodeModalMetadata,
  finalRankDm,
  finalResultsMessage,
  kickoffMessage,
  leaderboardEphemeral,
  leaderboardMessage,
  modalSubmissionToDraft,
  pointsExplanation,
  reminderMessage,
  type ContestMessage,
  type StateValues,
} from '../../../../src/features/contests/slack/blocks.ts';
import { DAY_MS } from '../../../../src/features/contests/domain/model.ts';
import { driftReport, rankStandings, rankTeams } from '../../../../src/features/contests/domain/ranking.ts';
import type { LedgerEntry } from '../../../../src/features/contests/domain/scoring-types.ts';
import { makeContest, sfId } from '../fixtures.ts';

const NOW = new Date('2026-03-03T14:00:00Z');
const HOSTILE = 'Q4 <!channel> & <script> *blitz*';
const manyIds = Array.from({ length: 500 }, (_, i) => `U0P${String(i).padStart(4, '0')}`);
const contest = makeContest({
  name: HOSTILE,
  prize: 'Lunch <@U0EVIL001> & drinks',
  participants: { kind: 'users', userIds: manyIds },
});
const rows = rankStandings(manyIds.map((repId, i) => ({ repId, points: 1000 - i, reachedAt: NOW })));
const names = new Map(manyIds.map((id, i) => [id, `Rep ${i} <b>`]));

/** Every text string in a block tree, with the key that holds it. */
function texts(value: unknown, key = ''): { key: string; text: string }[] {
  if (typeof value === 'string') return [{ key, text: value }];
  if (Array.isArray(value)) return value.flatMap((item) => texts(item, key));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => texts(v, k));
  return [];
}

function expectWithinMessageLimits(message: ContestMessage) {
  expect(message.blocks.length).toBeLessThanOrEqual(50);
  for (const block of message.blocks) {
    if (block.type === 'section' && block.text) expect(block.text.text.length).toBeLessThanOrEqual(3000);
    if (block.type === 'header') expect(block.text.text.length).toBeLessThanOrEqual(150);
    if (block.type === 'context') expect(block.elements.length).toBeLessThanOrEqual(10);
  }
  // Headers are plain_text (never parsed for mentions); everything else must be escaped.
  const parsed = [message.text, ...message.blocks.filter((block) => block.type !== 'header')];
  const all = texts(parsed)
    .map((t) => t.text)
    .join('\n');
  expect(all).not.toContain('<!channel>');
  expect(all).not.toContain('<script>');
  expect(all).not.toContain('<@U0EVIL001>');
}

describe('contest messages', () => {
  it('kick-off escapes the name and prize', () => {
    const message = kickoffMessage(contest, { now: NOW });
    expectWithinMessageLimits(message);
    expect(JSON.stringify(message)).toContain('Lunch &lt;@U0EVIL001&gt; &amp; drinks');
  });

  it('live leaderboard with 500 participants stays within limits and highlights the viewer', () => {
    const message = leaderboardMessage(contest, rows, { now: NOW, viewerId: 'U0P0002' });
    expectWithinMessageLimits(message);
    const body = texts(message.blocks)
      .map((t) => t.text)
      .join('\n');
    expect(body).toContain('🥇 <@U0P0000>');
    expect(body).toContain('🥉 <@U0P0002>');
    expect(body).toContain('*🥉 <@U0P0002> · 998 follow-ups*  ← you');
    expect(body).toContain('left');
  });

  it('renders escaped names instead of mentions when names are given, and shows only the top N publicly', () => {
    const topFive = makeContest({ publicTopN: 5, participants: { kind: 'users', userIds: manyIds } });
    const message = leaderboardMessage(topFive, rows, { now: NOW, names });
    expectWithinMessageLimits(message);
    const body = texts(message.blocks)
      .map((t) => t.text)
      .join('\n');
    expect(body).toContain('Rep 0 &lt;b&gt;');
    expect(body).not.toContain('Rep 5 ');
    expect(body).toContain('…and 495 more');
  });

  it('team boards list teams above people', () => {
    const teams = rankTeams(rows, [
      { usergroupId: 'S0EAST01', name: 'East <x>', memberIds: manyIds.slice(0, 10) },
    ]);
    const body = JSON.stringify(leaderboardMessage(contest, rows, { now: NOW, teams }));
    expect(body).toContain('*East &lt;x&gt;*');
  });

  it('final results name tied winners, the prize, and every scorer the top N covers, within limits', () => {
    const tied = rankStandings([
      { repId: 'U0A', points: 5, reachedAt: NOW },
      { repId: 'U0B', points: 5, reachedAt: new Date(NOW.getTime() + 1) },
      ...manyIds.map((repId) => ({ repId, points: 1, reachedAt: NOW })),
    ]);
    const drift = driftReport(tied, tied);
    const message = finalResultsMessage(contest, tied, {
      now: NOW,
      drift,
      shoutOut: 'Great week <!here>',
      publicTopN: 600,
    });
    expectWithinMessageLimits(message);
    const body = texts(message.blocks)
      .map((t) => t.text)
      .join('\n');
    expect(body).toContain('Winners (tied): <@U0A>, <@U0B>');
    expect(body).toContain('*Prize:*');
    expect(body).toContain('<@U0P0499>');
    expect(body).toContain('Great week &lt;!here&gt;');
  });

  it('reminders, DM, ephemeral board, help, list and errors stay within limits', () => {
    const messages = [
      reminderMessage(contest, '1h-left', rows, { now: NOW, publicTopN: 10 }),
      finalRankDm(contest, rows[3] ?? null, rows.length),
      finalRankDm(contest, null, rows.length),
      leaderboardEphemeral(contest, rows, { now: NOW, viewerId: 'U0P0300' }),
      contestHelpMessage(),
      contestListMessage([contest, makeContest({ id: 'cother1', status: 'scheduled' })], NOW),
      commandErrorMessage("unknown key '<!channel>:'", '/contest help'),
    ];
    for (const message of messages) expectWithinMessageLimits(message);
    const ephemeral = texts(messages[3])
      .map((t) => t.text)
      .join('\n');
    expect(ephemeral).toContain('*301. <@U0P0300> · 700 follow-ups*  ← you');
    expect(ephemeral).toContain('299. <@U0P0298>');
    expect(ephemeral).toContain('303. <@U0P0302>');
    expect(ephemeral).not.toContain('<@U0P0303>');
  });

  it('explains points with links to the records, capped to fit a message', () => {
    const entries: LedgerEntry[] = Array.from({ length: 400 }, (_, i) => ({
      key: `k${i}`,
      contestId: contest.id,
      repId: 'U0P0000',
      rule: 'followup',
      recordId: sfId('00T', i),
      points: 1,
      at: NOW,
      leadId: sfId('00Q', i),
    }));
    const message = pointsExplanation(contest, entries, {
      recordUrl: (id) => `https://example.my.salesforce.com/${id}`,
      leadNames: new Map([[sfId('00Q', 0), 'Ann <Acme> | Co']]),
    });
    expectWithinMessageLimits(message);
    const body = texts(message.blocks)
      .map((t) => t.text)
      .join('\n');
    expect(body).toContain(`<https://example.my.salesforce.com/${sfId('00T', 0)}|Ann &lt;Acme&gt; ¦ Co>`);
    expect(body).toContain('(400)');
  });
});

describe('contest modal', () => {
  const groups = Array.from({ length: 150 }, (_, i) => ({
    id: `S0G${String(i).padStart(4, '0')}`,
    name: `group-${i}`,
  }));
  const sources = Array.from({ length: 150 }, (_, i) => `Source ${i}`);

  it('stays within modal limits with many groups and sources', () => {
    const view = buildContestModal({
      originChannelId: 'C0HERE001',
      usergroups: groups,
      leadSources: sources,
      templateId: 'webinar-blitz',
    });
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    expect(view.title.text.length).toBeLessThanOrEqual(24);
    expect(view.submit?.text.length ?? 0).toBeLessThanOrEqual(24);
    expect(view.private_metadata?.length ?? 0).toBeLessThanOrEqual(3000);
    expect(decodeModalMetadata(view.private_metadata ?? '')).toEqual({
      originChannelId: 'C0HERE001',
      templateId: 'webinar-blitz',
    });
    for (const { key, text } of texts(view.blocks)) {
      if (key === 'block_id' || key === 'action_id') expect(text.length).toBeLessThanOrEqual(255);
    }
    const optionCounts = JSON.stringify(view.blocks).match(/"options":\[[^\]]*\]/g) ?? [];
    for (const options of optionCounts)
      expect((options.match(/"value"/g) ?? []).length).toBeLessThanOrEqual(100);
    const blockIds = view.blocks.map((block) => block.block_id);
    expect(blockIds).toEqual(expect.arrayContaining(Object.values(CONTEST_BLOCK_IDS)));
  });

  it('leaves "(optional)" to Slack: no optional input says it in its own label', () => {
    // Slack (and the simulator) append "(optional)" to an optional input's label by themselves.
    const view = buildContestModal({
      originChannelId: 'C0HERE001',
      usergroups: groups,
      leadSources: sources,
    });
    const optionalLabels = view.blocks
      .filter((block): block is InputBlock => block.type === 'input')
      .flatMap((block) => (block.optional === true ? [block.label.text] : []));
    expect(optionalLabels).toContain('Teams');
    for (const label of optionalLabels) expect(label).not.toMatch(/optional/i);
  });

  const state = (fields: Partial<Record<keyof typeof CONTEST_BLOCK_IDS, ViewStateValue>>): StateValues =>
    Object.fromEntries(
      Object.entries(fields).map(([key, value]) => [
        CONTEST_BLOCK_IDS[key as keyof typeof CONTEST_BLOCK_IDS],
        { [actionIdFor(key as keyof typeof CONTEST_BLOCK_IDS)]: value },
      ]),
    );
  const opt = (value: string) => ({ text: { type: 'plain_text' as const, text: value }, value });
  const valid = {
    name: { type: 'plain_text_input', value: '  Webinar blitz ' },
    metric: { type: 'static_select', selected_option: opt('followups') },
    duration: { type: 'plain_text_input', value: '3d' },
    startAt: { type: 'datetimepicker', selected_date_time: null },
    channel: { type: 'conversations_select', selected_conversation: 'C0SALES01' },
    participantsKind: { type: 'radio_buttons', selected_option: opt('channel_members') },
    scopeKind: { type: 'radio_buttons', selected_option: opt('sources') },
    scopeSources: { type: 'multi_static_select', selected_options: [opt('Webinar')] },
    prize: { type: 'plain_text_input', value: 'Team lunch' },
    cadence: { type: 'static_select', selected_option: opt('both') },
    publicTopN: { type: 'static_select', selected_option: opt('10') },
  };

  it('turns a valid submission into a draft', () => {
    const result = modalSubmissionToDraft(state(valid), { now: NOW, knownLeadSources: ['Webinar'] });
    expect(result).toEqual({
      ok: true,
      draft: expect.objectContaining({
        name: 'Webinar blitz',
        metric: 'followups',
        durationMs: 3 * DAY_MS,
        startAt: null,
        channel: { kind: 'id', id: 'C0SALES01' },
        scope: { kind: 'sources', sources: ['Webinar'] },
        prize: 'Team lunch',
        publicTopN: 10,
      }),
    });
  });

  it('maps each invalid field to its block_id', () => {
    const result = modalSubmissionToDraft(
      state({
        ...valid,
        name: { type: 'plain_text_input', value: '   ' },
        metric: { type: 'static_select', selected_option: null },
        duration: { type: 'plain_text_input', value: '31d' },
        startAt: { type: 'datetimepicker', selected_date_time: NOW.getTime() / 1000 - 3600 },
        participantsKind: { type: 'radio_buttons', selected_option: opt('users') },
        participantUsers: { type: 'multi_users_select', selected_users: [] },
        scopeKind: { type: 'radio_buttons', selected_option: opt('campaign') },
        scopeCampaign: { type: 'plain_text_input', value: '123' },
      }),
      { now: NOW },
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors).toEqual({
      contest_name: 'Give the contest a name.',
      contest_metric: 'Choose what scores.',
      contest_duration: expect.stringContaining('longer than 30 days'),
      contest_start_at: expect.stringContaining('passed'),
      contest_participant_users: expect.stringContaining('at least one person'),
      contest_scope_campaign: expect.stringContaining('701'),
    });
  });

  it('reads a modal refilled from a template on its fresh block ids, and puts errors there', () => {
    const view = buildContestModal({
      originChannelId: 'C0HERE001',
      usergroups: groups,
      leadSources: sources,
      templateId: 'power-hour',
      revision: 2,
    });
    const ids = view.blocks.flatMap((block) => (block.block_id ? [block.block_id] : []));
    expect(ids).toEqual(expect.arrayContaining(['contest_name_t2', 'contest_duration_t2', 'contest_prize']));
    expect(ids).not.toContain('contest_name');
    const refilled = Object.fromEntries(
      Object.entries(state(valid)).map(([blockId, value]) => [
        [
          'contest_prize',
          'contest_channel',
          'contest_participants_kind',
          'contest_public_top_n',
          'contest_start_at',
        ].includes(blockId)
          ? blockId
          : `${blockId}_t2`,
        value,
      ]),
    );
    const ok = modalSubmissionToDraft(refilled, { now: NOW, knownLeadSources: ['Webinar'], revision: 2 });
    expect(ok).toMatchObject({ ok: true, draft: { name: 'Webinar blitz', prize: 'Team lunch' } });
    const bad = modalSubmissionToDraft(
      {
        ...refilled,
        contest_duration_t2: { contest_duration_input: { type: 'plain_text_input', value: '31d' } },
      },
      { now: NOW, knownLeadSources: ['Webinar'], revision: 2 },
    );
    expect(!bad.ok && Object.keys(bad.errors)).toEqual(['contest_duration_t2']);
  });

  it('flags unknown or missing lead sources', () => {
    const unknown = modalSubmissionToDraft(
      state({ ...valid, scopeSources: { type: 'multi_static_select', selected_options: [opt('Webnar')] } }),
      { now: NOW, knownLeadSources: ['Webinar'] },
    );
    expect(!unknown.ok && unknown.errors).toEqual({
      contest_scope_sources: expect.stringContaining('Webnar'),
    });
    const none = modalSubmissionToDraft(
      state({ ...valid, scopeSources: { type: 'multi_static_select', selected_options: [] } }),
      { now: NOW },
    );
    expect(!none.ok && Object.keys(none.errors)).toEqual(['contest_scope_sources']);
  });
});
