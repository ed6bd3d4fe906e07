import { describe, expect, it } from 'vitest';
import { rankStandings } from '../../../../src/features/contests/domain/ranking.ts';
import {
  ledgerDiff,
  scoreActivities,
  standingsFromLedger,
} from '../../../../src/features/contests/domain/scoring.ts';
import type {
  LedgerEntry,
  ScoringContext,
  ScoringRecords,
} from '../../../../src/features/contests/domain/scoring-types.ts';
import type { Lead } from '../../../../src/platform/salesforce/records.ts';
import {
  ANA,
  BEN,
  makeCampaignMember,
  makeContest,
  makeEvent,
  makeLead,
  makeOpportunity,
  makeTask,
  SF_BEN,
  SF_CARL,
  sfId,
  slackUserFor,
} from '../fixtures.ts';

/*
 * Fixture: contest 2026-03-02 14:00Z .. 2026-03-05 14:00Z (09:00 Mon .. 09:00 Thu, New York, UTC-5),
 * scope LeadSource = Webinar, participants Ana and Ben (Carl is not playing).
 *
 * Leads: L1 Ana Webinar · L2 Ben Webinar (created before the window) · L3 Ana Trade Show (out of
 * scope) · L4 Ana Webinar, deleted · L5 Ben Webinar · L6 Ana Webinar, converted to contact C6 and
 * opportunity O1 · L7 Ana Webinar, never touched · L8 Ben Webinar, created an hour before the end.
 *
 * Follow-up points by hand:
 *   T1  Ana call  L1 Mar 2 10:00 local            +1 (Ana 1)
 *   T2  Ana email L1 Mar 2 13:00 local            0, same lead same day as T1
 *   T3  Ana call  L1 Mar 3 10:00 local            +1 next day (Ana 2)
 *   T4  Ana call  L3                              0, out of scope
 *   T5  Carl call L2                              0, not a participant
 *   T6  Ben call  L2 ActivityDate Feb 27          0, backdated
 *   T7  Ben email L2 created Mar 1                0, created before the window
 *   T8  Ben call  L2 Mar 3 01:00Z = Mar 2 20:00   +1 (Ben 1)
 *   T9  Ben call  L2 status Not Started           0, not completed
 *   T10 Ben ListEmail L2                          0, mass email
 *   T11 Ben call  L2 Mar 3 05:30Z = Mar 3 00:30   +1, a new local day though the same UTC day as T8 (Ben 2)
 *   T12 Ana call  L4                              0, lead deleted
 *   T13 Ana call  L1 after the end                0
 *   T14 Ben email L5 Mar 4 16:00Z                 +1 (Ben 3, reached Mar 4 16:00Z)
 *   T15 Ana call  C6 (converted L6) Mar 4 17:00Z  +1 (Ana 3, reached Mar 4 17:00Z)
 * => followups Ana 3, Ben 3; Ben got there first so Ben is listed first, both rank 1.
 * => calls (email excluded): Ana T1 T3 T15 = 3, Ben T8 T11 = 2.
 */
const leads = [
  makeLead(1),
  makeLead(2, { OwnerId: SF_BEN, CreatedDate: '2026-03-01T12:00:00.000+0000' }),
  makeLead(3, { LeadSource: 'Trade Show' }),
  makeLead(4, { IsDeleted: true }),
  makeLead(5, { OwnerId: SF_BEN, CreatedDate: '2026-03-04T12:00:00.000+0000' }),
  makeLead(6, {
    CreatedDate: '2026-03-01T09:00:00.000+0000',
    IsConverted: true,
    ConvertedDate: '2026-03-04',
    ConvertedContactId: sfId('003', 6),
    ConvertedOpportunityId: sfId('006', 1),
    SystemModstamp: '2026-03-04T18:00:00.000+0000',
  }),
  makeLead(7, { CreatedDate: '2026-03-03T12:00:00.000+0000' }),
  makeLead(8, { OwnerId: SF_BEN, CreatedDate: '2026-03-05T13:00:00.000+0000' }),
];
const L = (n: number) => sfId('00Q', n);
const tasks = [
  makeTask(1, { CreatedDate: '2026-03-02T15:00:00.000+0000' }),
  makeTask(2, { TaskSubtype: 'Email', CreatedDate: '2026-03-02T18:00:00.000+0000' }),
  makeTask(3, { CreatedDate: '2026-03-03T15:00:00.000+0000' }),
  makeTask(4, { WhoId: L(3) }),
  makeTask(5, { WhoId: L(2), OwnerId: SF_CARL }),
  makeTask(6, {
    WhoId: L(2),
    OwnerId: SF_BEN,
    ActivityDate: '2026-02-27',
    CreatedDate: '2026-03-02T20:00:00.000+0000',
  }),
  makeTask(7, {
    WhoId: L(2),
    OwnerId: SF_BEN,
    TaskSubtype: 'Email',
    CreatedDate: '2026-03-01T20:00:00.000+0000',
  }),
  makeTask(8, { WhoId: L(2), OwnerId: SF_BEN, CreatedDate: '2026-03-03T01:00:00.000+0000' }),
  makeTask(9, {
    WhoId: L(2),
    OwnerId: SF_BEN,
    Status: 'Not Started',
    CreatedDate: '2026-03-04T15:00:00.000+0000',
  }),
  makeTask(10, {
    WhoId: L(2),
    OwnerId: SF_BEN,
    TaskSubtype: 'ListEmail',
    CreatedDate: '2026-03-04T15:00:00.000+0000',
  }),
  makeTask(11, { WhoId: L(2), OwnerId: SF_BEN, CreatedDate: '2026-03-03T05:30:00.000+0000' }),
  makeTask(12, { WhoId: L(4) }),
  makeTask(13, { CreatedDate: '2026-03-05T15:00:00.000+0000' }),
  makeTask(14, {
    WhoId: L(5),
    OwnerId: SF_BEN,
    TaskSubtype: null,
    Type: 'Email',
    CreatedDate: '2026-03-04T16:00:00.000+0000',
  }),
  makeTask(15, { WhoId: sfId('003', 6), CreatedDate: '2026-03-04T17:00:00.000+0000' }),
];
const records: ScoringRecords = {
  leads,
  tasks,
  events: [
    makeEvent(1),
    makeEvent(2, { CreatedDate: '2026-03-03T20:00:00.000+0000' }),
    makeEvent(3, { WhoId: L(2), OwnerId: SF_BEN, StartDateTime: '2026-02-20T15:00:00.000+0000' }),
  ],
  opportunities: [makeOpportunity(1, { Amount: 12_000.4 }), makeOpportunity(2, { OwnerId: SF_BEN })],
};
const END = new Date('2026-03-05T14:00:00Z');
const context: ScoringContext = {
  now: END,
  slackUserFor,
  firstTouchDueAt: (lead: Lead) => new Date(new Date(lead.CreatedDate).getTime() + 24 * 3_600_000),
};
const totals = (entries: LedgerEntry[]) => {
  const byRep: Record<string, number> = {};
  for (const entry of entries) byRep[entry.repId] = (byRep[entry.repId] ?? 0) + entry.points;
  return byRep;
};
const taskIds = (entries: LedgerEntry[]) => entries.map((entry) => entry.recordId).sort();

describe('scoreActivities: followups', () => {
  const contest = makeContest();
  const entries = scoreActivities(contest, records, context);

  it('scores the hand-checked fixture', () => {
    expect(totals(entries)).toEqual({ [ANA]: 3, [BEN]: 3 });
    expect(taskIds(entries)).toEqual([1, 3, 8, 11, 14, 15].map((n) => sfId('00T', n)).sort());
  });

  it('ties share rank 1 and the earlier to reach the score is listed first', () => {
    const rows = rankStandings(standingsFromLedger(contest, entries));
    expect(rows.map((row) => [row.repId, row.points, row.rank])).toEqual([
      [BEN, 3, 1],
      [ANA, 3, 1],
    ]);
    expect(rows[0]?.reachedAt?.toISOString()).toBe('2026-03-04T16:00:00.000Z');
  });

  it('keys entries by contest, rep, rule and record and links the lead', () => {
    const t1 = entries.find((entry) => entry.recordId === sfId('00T', 1));
    expect(t1).toMatchObject({ key: `ctest01|${ANA}|followup|${sfId('00T', 1)}`, leadId: L(1), points: 1 });
  });

  it('gives one point per lead per rep per day: two calls on day one, one more on day two', () => {
    const sameDay = [makeTask(1), makeTask(2, { CreatedDate: '2026-03-02T16:00:00.000+0000' })];
    const nextDay = [...sameDay, makeTask(3, { CreatedDate: '2026-03-03T16:00:00.000+0000' })];
    expect(scoreActivities(contest, { leads, tasks: sameDay }, context)).toHaveLength(1);
    expect(scoreActivities(contest, { leads, tasks: nextDay }, context)).toHaveLength(2);
  });

  it('stops counting at now while the contest runs', () => {
    const midway = scoreActivities(contest, records, { ...context, now: new Date('2026-03-03T00:00:00Z') });
    expect(taskIds(midway)).toEqual([sfId('00T', 1)]);
  });

  it('scores nothing for a cancelled contest', () => {
    expect(scoreActivities(makeContest({ status: 'cancelled' }), records, context)).toEqual([]);
  });

  it('campaign scope counts only campaign members', () => {
    const campaignId = sfId('701', 9);
    const scoped = makeContest({ scope: { kind: 'campaign', campaignId } });
    const members = [makeCampaignMember(1, 1, campaignId), makeCampaignMember(2, 2, campaignId)];
    const result = scoreActivities(scoped, { ...records, campaignMembers: members }, context);
    // L1: T1, T3 for Ana; L2: T8, T11 for Ben.
    expect(totals(result)).toEqual({ [ANA]: 2, [BEN]: 2 });
  });

  it('an early end moves the cut-off', () => {
    // Ended Mar 3 12:00Z: Ana keeps T1 (T3 came at 15:00Z), Ben keeps T8 and T11.
    const ended = makeContest({ status: 'ended', endedAt: '2026-03-03T12:00:00Z' });
    expect(totals(scoreActivities(ended, records, context))).toEqual({ [ANA]: 1, [BEN]: 2 });
  });
});

describe('scoreActivities: other metrics', () => {
  it('calls exclude emails', () => {
    const entries = scoreActivities(makeContest({ metric: 'calls' }), records, context);
    expect(totals(entries)).toEqual({ [ANA]: 3, [BEN]: 2 });
    expect(entries.every((entry) => entry.rule === 'call')).toBe(true);
  });

  it('first touch within SLA: only first touches made in the window and before the due time', () => {
    // L1 first touched by T1 30 min after creation (Ana); L2 first touched by T7 before the window;
    // L5 first touched by T14 4 h after creation (Ben); L6 first touched by T15 3 days late; L7 never.
    const entries = scoreActivities(makeContest({ metric: 'first_touch_sla' }), records, context);
    expect(entries.map((entry) => [entry.repId, entry.recordId])).toEqual(
      expect.arrayContaining([
        [ANA, L(1)],
        [BEN, L(5)],
      ]),
    );
    expect(entries).toHaveLength(2);
  });

  it('SLA hit rate: hits over decided leads assigned in the window', () => {
    // Ana: L1 hit, L7 missed (due Mar 4 12:00Z, untouched) -> 50%. Ben: L5 hit, L8 not yet due -> 100%.
    const contest = makeContest({ metric: 'sla_hit_rate' });
    const entries = scoreActivities(contest, records, context);
    const rows = rankStandings(standingsFromLedger(contest, entries));
    expect(rows.map((row) => [row.repId, row.points])).toEqual([
      [BEN, 10_000],
      [ANA, 5_000],
    ]);
  });

  it('meetings: one per lead per day, not backdated', () => {
    // E1 Ana L1 Mar 3 (+1), E2 Ana L1 same local day (0), E3 Ben meeting that happened Feb 20 (0).
    const entries = scoreActivities(makeContest({ metric: 'meetings' }), records, context);
    expect(totals(entries)).toEqual({ [ANA]: 1 });
  });

  it('conversions need a conversion date in the window and a change since it opened', () => {
    const early = makeLead(9, {
      OwnerId: SF_BEN,
      IsConverted: true,
      ConvertedDate: '2026-03-02',
      SystemModstamp: '2026-03-02T13:00:00.000+0000',
    });
    const entries = scoreActivities(
      makeContest({ metric: 'conversions' }),
      { ...records, leads: [...leads, early] },
      context,
    );
    expect(entries.map((entry) => [entry.repId, entry.recordId])).toEqual([[ANA, L(6)]]);
  });

  it('opportunities won by count or amount, only from in-scope leads unless scope is all', () => {
    const byCount = scoreActivities(makeContest({ metric: 'opportunities_won' }), records, context);
    expect(totals(byCount)).toEqual({ [ANA]: 1 });
    const byAmount = scoreActivities(
      makeContest({ metric: 'opportunities_won', wonBy: 'amount' }),
      records,
      context,
    );
    expect(totals(byAmount)).toEqual({ [ANA]: 12_000 });
    const allScope = makeContest({ metric: 'opportunities_won', scope: { kind: 'all' } });
    expect(totals(scoreActivities(allScope, records, context))).toEqual({ [ANA]: 1, [BEN]: 1 });
  });
});

describe('ledgerDiff', () => {
  const contest = makeContest();
  const before = scoreActivities(contest, records, context);

  it('is empty when nothing changed', () => {
    expect(ledgerDiff(before, scoreActivities(contest, records, context))).toEqual({ add: [], remove: [] });
  });

  it('a deleted task takes its point back', () => {
    const edited = tasks.map((task) => (task.Id === sfId('00T', 3) ? { ...task, IsDeleted: true } : task));
    const diff = ledgerDiff(before, scoreActivities(contest, { ...records, tasks: edited }, context));
    expect(diff.add).toEqual([]);
    expect(diff.remove.map((entry) => entry.recordId)).toEqual([sfId('00T', 3)]);
  });

  it('a task edited out of Completed loses its point and the next one that day takes over', () => {
    const edited = tasks.map((task) => (task.Id === sfId('00T', 1) ? { ...task, Status: 'Open' } : task));
    const diff = ledgerDiff(before, scoreActivities(contest, { ...records, tasks: edited }, context));
    expect(diff.remove.map((entry) => entry.recordId)).toEqual([sfId('00T', 1)]);
    expect(diff.add.map((entry) => entry.recordId)).toEqual([sfId('00T', 2)]);
  });

  it('a task re-typed to a plain to-do loses its point', () => {
    const edited = tasks.map((task) =>
      task.Id === sfId('00T', 14) ? { ...task, Type: 'Other', TaskSubtype: 'Task' } : task,
    );
    const diff = ledgerDiff(before, scoreActivities(contest, { ...records, tasks: edited }, context));
    expect(diff.remove.map((entry) => entry.recordId)).toEqual([sfId('00T', 14)]);
  });

  it('changed points are a remove and an add', () => {
    const amountContest = makeContest({ metric: 'opportunities_won', wonBy: 'amount' });
    const first = scoreActivities(amountContest, records, context);
    const raised = records.opportunities?.map((o) => ({ ...o, Amount: 15_000 }));
    const diff = ledgerDiff(
      first,
      scoreActivities(amountContest, { ...records, opportunities: raised }, context),
    );
    expect(diff.remove.map((entry) => entry.points)).toEqual([12_000]);
    expect(diff.add.map((entry) => entry.points)).toEqual([15_000]);
  });
});
