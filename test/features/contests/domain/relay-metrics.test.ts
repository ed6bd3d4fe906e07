import { describe, expect, it } from 'vitest';
import { rankStandings } from '../../../../src/features/contests/domain/ranking.ts';
import { acceptMinutes, median } from '../../../../src/features/contests/domain/relay-scorers.ts';
import { scoreActivities, standingsFromLedger } from '../../../../src/features/contests/domain/scoring.ts';
import type { ScoringContext } from '../../../../src/features/contests/domain/scoring-types.ts';
import { contestSchema } from '../../../../src/features/contests/domain/model.ts';
import { parseGoal } from '../../../../src/features/contests/domain/command-options.ts';
import type { Handoff } from '../../../../src/shared/relay/handoff.ts';
import {
  ANA,
  BEN,
  CARL,
  makeContest,
  makeLead,
  makeTask,
  SF_ANA,
  SF_BEN,
  SF_CARL,
  sfId,
  slackUserFor,
} from '../fixtures.ts';

/*
 * The relay's contest metrics, scored from hand-off records. Window: Mon 2 Mar 14:00Z .. Thu 5 Mar
 * 14:00Z, scope LeadSource = Webinar. Carl is the SDR (not playing in the AE contests); Ana and Ben
 * are the AEs. Wall-clock hours stand in for business hours unless the context says otherwise.
 *
 *   H1 L1 Carl → Ana  handed off Mon 15:00Z, accepted Mon 15:30Z     30 min
 *   H2 L2 Carl → Ana  handed off Mon 16:00Z, accepted Mon 18:00Z    120 min
 *   H3 L3 Carl → Ana  handed off Tue 10:00Z, accepted Tue 10:45Z     45 min
 *   H4 L4 Carl → Ben  handed off Tue 11:00Z, accepted Tue 12:00Z     60 min
 *   H5 L5 Carl → Ben  handed off Tue 12:00Z, returned                 (no accept)
 *   H6 L6 Carl → Ben  handed off Sun 1 Mar (before the window), accepted Mon 14:20Z: 20h20m = 1220 min
 *   H7 L7 Carl → Ana  Trade Show lead (out of scope), accepted       (not counted)
 *
 * Leads qualified (Carl): H1..H5 are in the window and in scope = 5 (H6 before it, H7 out of scope).
 * Hand-offs accepted: Ana H1, H2, H3 = 3; Ben H4, H6 = 2 (H6 was accepted in the window).
 * Time to accept: Ana median(30, 120, 45) = 45 min; Ben median(60, 1220) = 640 min. Ana ranks first.
 */

const at = (iso: string) => `${iso}:00.000Z`;

function handoff(
  n: number,
  ae: string,
  handedOffAt: string,
  decided?: { at: string; state: 'accepted' | 'returned' },
): Handoff {
  return {
    leadId: sfId('00Q', n),
    leadName: `Lead ${n}`,
    company: 'Acme',
    sdrSlackId: CARL,
    sdrSalesforceId: SF_CARL,
    aeSalesforceId: ae,
    summary: 'Need: Clear need',
    taskId: sfId('00T', 100 + n),
    handedOffAt: at(handedOffAt),
    dueAt: at('2026-03-09T14:00'),
    state: decided?.state ?? 'pending',
    ...(decided ? { decidedAt: at(decided.at) } : {}),
  };
}

const HANDOFFS: Handoff[] = [
  handoff(1, SF_ANA, '2026-03-02T15:00', { at: '2026-03-02T15:30', state: 'accepted' }),
  handoff(2, SF_ANA, '2026-03-02T16:00', { at: '2026-03-02T18:00', state: 'accepted' }),
  handoff(3, SF_ANA, '2026-03-03T10:00', { at: '2026-03-03T10:45', state: 'accepted' }),
  handoff(4, SF_BEN, '2026-03-03T11:00', { at: '2026-03-03T12:00', state: 'accepted' }),
  handoff(5, SF_BEN, '2026-03-03T12:00', { at: '2026-03-03T13:00', state: 'returned' }),
  handoff(6, SF_BEN, '2026-03-01T18:00', { at: '2026-03-02T14:20', state: 'accepted' }),
  handoff(7, SF_ANA, '2026-03-03T15:00', { at: '2026-03-03T15:10', state: 'accepted' }),
];

const LEADS = [1, 2, 3, 4, 5, 6, 7].map((n) =>
  makeLead(n, { LeadSource: n === 7 ? 'Trade Show' : 'Webinar', OwnerId: SF_ANA }),
);

const context: ScoringContext = {
  now: new Date('2026-03-06T00:00:00Z'),
  slackUserFor,
  firstTouchDueAt: () => null,
};

const records = { leads: LEADS, tasks: [], handoffs: HANDOFFS };

describe('relay contest metrics', () => {
  it('leads qualified: a point per lead the SDR handed off in the window and scope, returned ones too', () => {
    const contest = makeContest({
      metric: 'leads_qualified',
      participants: { kind: 'users', userIds: [CARL] },
    });
    const entries = scoreActivities(contest, records, context);
    expect(entries.map((e) => e.leadId)).toEqual([1, 2, 3, 4, 5].map((n) => sfId('00Q', n)));
    expect(entries.every((e) => e.repId === CARL && e.rule === 'lead_qualified' && e.points === 1)).toBe(
      true,
    );
    expect(entries[0]?.recordId).toBe(sfId('00T', 101));
  });

  it('leads qualified: a "Qualified" Task deleted in Salesforce takes its point back', () => {
    const contest = makeContest({
      metric: 'leads_qualified',
      participants: { kind: 'users', userIds: [CARL] },
    });
    const deleted = makeTask(1, {
      Id: sfId('00T', 102),
      WhoId: sfId('00Q', 2),
      OwnerId: SF_CARL,
      IsDeleted: true,
    });
    const entries = scoreActivities(contest, { ...records, tasks: [deleted] }, context);
    expect(entries.map((e) => e.leadId)).toEqual([1, 3, 4, 5].map((n) => sfId('00Q', n)));
  });

  it('hand-offs accepted: a point per hand-off the AE accepted in the window', () => {
    const contest = makeContest({ metric: 'handoffs_accepted' });
    const rows = rankStandings(standingsFromLedger(contest, scoreActivities(contest, records, context)));
    expect(rows.map((r) => [r.repId, r.points, r.rank])).toEqual([
      [ANA, 3, 1],
      [BEN, 2, 2],
    ]);
  });

  it('time to accept: each AE’s median in minutes, one entry per AE, and the lower median ranks first', () => {
    const contest = makeContest({ metric: 'time_to_accept' });
    const entries = scoreActivities(contest, records, context);
    expect(entries.map((e) => [e.repId, e.recordId, e.points, e.at.toISOString()])).toEqual([
      [ANA, SF_ANA, 45, '2026-03-03T10:45:00.000Z'],
      [BEN, SF_BEN, 640, '2026-03-03T12:00:00.000Z'],
    ]);
    const rows = rankStandings(standingsFromLedger(contest, entries), { lowerIsBetter: true });
    expect(rows.map((r) => [r.repId, r.rank])).toEqual([
      [ANA, 1],
      [BEN, 2],
    ]);
  });

  it('time to accept counts business hours when the context gives them', () => {
    const contest = makeContest({ metric: 'time_to_accept' });
    // A calendar on which only half of every interval is working time.
    const half: ScoringContext = {
      ...context,
      businessHoursFor: (_ae, from, to) => (to.getTime() - from.getTime()) / 7_200_000,
    };
    const entries = scoreActivities(contest, records, half);
    // Ana: median(15, 60, 23) = 23 (22.5 rounded up per hand-off); Ben: median(30, 610) = 320.
    expect(entries.map((e) => [e.repId, e.points])).toEqual([
      [ANA, 23],
      [BEN, 320],
    ]);
  });

  it('ranks lower first, ties share a rank, and nobody-accepted-yet comes last', () => {
    const rows = rankStandings(
      [
        { repId: 'A', points: 0, reachedAt: null },
        { repId: 'B', points: 90, reachedAt: new Date('2026-03-03T10:00:00Z') },
        { repId: 'C', points: 30, reachedAt: new Date('2026-03-03T11:00:00Z') },
        { repId: 'D', points: 90, reachedAt: new Date('2026-03-03T09:00:00Z') },
      ],
      { lowerIsBetter: true },
    );
    expect(rows.map((r) => [r.repId, r.rank])).toEqual([
      ['C', 1],
      ['D', 2],
      ['B', 2],
      ['A', 4],
    ]);
  });

  it('median and minutes: the middle value, whole minutes rounded up, never 0', () => {
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 10])).toBe(3.5);
    expect(acceptMinutes(0)).toBe(1);
    expect(acceptMinutes(0.5)).toBe(30);
    expect(acceptMinutes(0.501)).toBe(31);
  });

  it('time to accept takes no goal and no teams: it is a median, not a count', () => {
    expect(parseGoal('10', 'time_to_accept')).toMatchObject({
      ok: false,
      error: expect.stringContaining('median'),
    });
    const parsed = contestSchema.safeParse({
      ...makeContest({ metric: 'time_to_accept' }),
      teams: [{ usergroupId: 'S0TEAM001', name: 'East', memberIds: [ANA] }],
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toContain('team totals apply to the count metrics only');
  });
});
