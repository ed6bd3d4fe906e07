import type { InputBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import {
  parseContestCommand,
  type CommandContext,
} from '../../../../src/features/contests/domain/command-parser.ts';
import { draftToContest } from '../../../../src/features/contests/domain/draft.ts';
import { contestSchema } from '../../../../src/features/contests/domain/model.ts';
import { rankStandings } from '../../../../src/features/contests/domain/ranking.ts';
import {
  actionIdFor,
  buildContestModal,
  CONTEST_BLOCK_IDS,
  finalResultsMessage,
  kickoffMessage,
  leaderboardMessage,
  modalSubmissionToDraft,
  type StateValues,
} from '../../../../src/features/contests/slack/blocks.ts';
import { ANA, BEN, makeContest } from '../fixtures.ts';

/** "% to goal": a per-rep target on every count metric, from the one-line command and the form. */

const context: CommandContext = {
  channelId: 'C0HERE001',
  now: new Date('2026-11-20T12:00:00Z'),
  timeZone: 'America/New_York',
};
const NOW = new Date('2026-03-03T14:00:00Z');

describe('goal: on /contest start', () => {
  it('takes a whole-number target per rep for any count metric, and keeps it on the contest', () => {
    for (const metric of ['followups', 'calls', 'meetings', 'conversions', 'won', 'won_amount']) {
      const result = parseContestCommand(`start "Blitz" metric:${metric} for:3d goal:20`, context);
      expect(result.ok && result.command.kind === 'start' && result.command.draft.goal).toBe(20);
    }
    const result = parseContestCommand('start "Blitz" metric:calls for:3d goal:20', context);
    if (!result.ok || result.command.kind !== 'start') throw new Error('expected a start');
    const built = draftToContest(result.command.draft, {
      id: 'cgoal01',
      createdBy: 'U0BOSS001',
      now: context.now,
      timeZone: context.timeZone,
      channelId: 'C0HERE001',
    });
    expect(built.ok && built.contest.goal).toBe(20);
  });

  it('refuses a goal on the SLA hit rate and a goal that is not a whole number, with every other problem', () => {
    const result = parseContestCommand('start "Blitz" metric:sla_hit_rate for:99d goal:20 top:0', context);
    expect(result.ok).toBe(false);
    const error = result.ok ? '' : result.error;
    expect(error).toMatch(/^3 problems:/);
    expect(error).toContain('goal: the SLA hit rate is a rate, not a count');
    expect(error).toContain('longer than 30 days');
    expect(error).toContain('top:');
    for (const bad of ['0', '12.5', 'twenty', '-3', '2000000000']) {
      const parsed = parseContestCommand(`start "Blitz" metric:calls for:3d goal:${bad}`, context);
      expect(parsed.ok ? '' : parsed.error).toContain(`goal: '${bad}' should be each rep's target`);
    }
  });
});

describe('the goal in the stored contest', () => {
  it('parses contests stored before goals existed, and refuses a goal on a rate', () => {
    const stored = JSON.parse(JSON.stringify(makeContest())) as Record<string, unknown>;
    delete stored['goal'];
    expect(contestSchema.parse(stored).goal).toBeUndefined();
    const onRate = contestSchema.safeParse({ ...stored, metric: 'sla_hit_rate', goal: 10 });
    expect(onRate.success).toBe(false);
    expect(onRate.error?.issues[0]?.message).toContain('a rate, not a count');
  });
});

describe('the goal on the board', () => {
  const contest = makeContest({ goal: 20 });
  const rows = rankStandings([
    { repId: ANA, points: 12, reachedAt: NOW },
    { repId: BEN, points: 25, reachedAt: NOW },
  ]);
  const names = new Map([
    [ANA, 'Ana'],
    [BEN, 'Ben'],
  ]);

  it('shows each rep\'s "% to goal" next to their points, live and in the final results', () => {
    const board = JSON.stringify(leaderboardMessage(contest, rows, { now: NOW, names }).blocks);
    expect(board).toContain('🥇 Ben · 25 follow-ups · 125% to goal');
    expect(board).toContain('🥈 Ana · 12 follow-ups · 60% to goal');
    const final = JSON.stringify(
      finalResultsMessage(contest, rows, { now: NOW, names, publicTopN: 10 }).blocks,
    );
    expect(final).toContain('Ana · 12 follow-ups · 60% to goal');
    expect(final).toContain('with 25 follow-ups · 125% to goal');
    expect(JSON.stringify(kickoffMessage(contest, { now: NOW }).blocks)).toContain(
      '*Goal:* 20 follow-ups per rep',
    );
    // No goal, no percentage.
    const plain = JSON.stringify(leaderboardMessage(makeContest(), rows, { now: NOW, names }).blocks);
    expect(plain).not.toContain('to goal');
  });
});

describe('"Goal per rep" in the /contest form', () => {
  const view = buildContestModal({ originChannelId: 'C0HERE001', usergroups: [], leadSources: ['Webinar'] });
  const goalBlock = view.blocks.find(
    (block): block is InputBlock => block.type === 'input' && block.block_id === CONTEST_BLOCK_IDS.goal,
  );
  const opt = (value: string) => ({ text: { type: 'plain_text' as const, text: value }, value });
  const submit = (metric: string, goal: string): ReturnType<typeof modalSubmissionToDraft> => {
    const values: StateValues = {
      [CONTEST_BLOCK_IDS.name]: { [actionIdFor('name')]: { type: 'plain_text_input', value: 'Blitz' } },
      [CONTEST_BLOCK_IDS.metric]: {
        [actionIdFor('metric')]: { type: 'static_select', selected_option: opt(metric) },
      },
      [CONTEST_BLOCK_IDS.duration]: { [actionIdFor('duration')]: { type: 'plain_text_input', value: '3d' } },
      [CONTEST_BLOCK_IDS.channel]: {
        [actionIdFor('channel')]: { type: 'conversations_select', selected_conversation: 'C0SALES01' },
      },
      [CONTEST_BLOCK_IDS.goal]: { [actionIdFor('goal')]: { type: 'plain_text_input', value: goal } },
    };
    return modalSubmissionToDraft(values, { now: NOW });
  };

  it('is an optional field whose label leaves "(optional)" to Slack', () => {
    expect(goalBlock?.optional).toBe(true);
    expect(goalBlock?.label.text).toBe('Goal per rep');
  });

  it('goes into the draft, and a goal on the SLA hit rate or a non-number is refused on the field', () => {
    const ok = submit('calls', ' 20 ');
    expect(ok.ok && ok.draft.goal).toBe(20);
    const none = submit('calls', '');
    expect(none.ok && none.draft.goal).toBeUndefined();
    const onRate = submit('sla_hit_rate', '20');
    expect(!onRate.ok && onRate.errors).toEqual({
      contest_goal: expect.stringContaining('The SLA hit rate is a rate, not a count'),
    });
    const bad = submit('calls', 'lots');
    expect(!bad.ok && bad.errors['contest_goal']).toContain("should be each rep's target");
  });
});
