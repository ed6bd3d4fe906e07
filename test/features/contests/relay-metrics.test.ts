import { afterEach, describe, expect, it } from 'vitest';
import { createContestEngine } from '../../../src/features/contests/index.ts';
import { contestSchema, type Contest, type Metric } from '../../../src/features/contests/domain/model.ts';
import { HandoffRecords } from '../../../src/shared/relay/handoff-records.ts';
import type { LocalBullpen } from '../../helpers/app.ts';
import { waitFor } from '../../helpers/process.ts';
import { waitForQueuesToDrain } from '../../helpers/queues.ts';
import { useRedis } from '../../helpers/redis.ts';
import { AE, ANSWERS, dmsTo, OTHER_AE, openQualify, SDR, startRelay } from '../relay/setup.ts';

/*
 * Contests on the relay metrics, live, through the simulator against the emulator and real Redis:
 * Jordan (SDR) qualifies Alpha to Sam (AE, the routing rule), Sam accepts. The relay publishes each
 * step as a domain event, so the running contests re-score without a sync.
 *
 * By hand: leads qualified, Jordan 1, the AEs 0; hand-offs accepted, Sam 1; time to accept, Sam's
 * median is his one accept, in whole minutes rounded up (the calendar runs round the clock, so
 * business time is wall time), and Riley, who accepted nothing, ranks after him.
 */

const WINDOW_MS = 2 * 3_600_000;

function relayContest(id: string, metric: Metric, now: number): Contest {
  return contestSchema.parse({
    id,
    name: `Relay ${metric}`,
    metric,
    window: { start: new Date(now - 60_000).toISOString(), end: new Date(now + WINDOW_MS).toISOString() },
    timeZone: 'UTC',
    channelId: 'C0DEMOSALES',
    participants: { kind: 'users', userIds: [SDR.slackId, AE.slackId, OTHER_AE.slackId] },
    scope: { kind: 'all' },
    createdBy: 'U0DEMOADMIN',
    createdAt: new Date(now - 120_000).toISOString(),
    status: 'running',
    startedAt: new Date(now - 60_000).toISOString(),
  });
}

const pointsOf = (rows: { repId: string; points: number; rank: number }[]) =>
  rows.map((row) => [row.repId, row.points, row.rank]);

describe('contests on the relay metrics', () => {
  const fixture = useRedis();
  let local: LocalBullpen | undefined;
  afterEach(async () => {
    await local?.close();
    local = undefined;
  });

  it('score the SDR for qualifying and the AE for accepting, and time to accept ranks lower first', async () => {
    const started = await startRelay(fixture.prefix);
    local = started.local;
    const app = local;
    const { services } = app.app;
    const engine = createContestEngine(services);
    const now = Date.now();
    const contests = {
      qualified: relayContest('crelayq1', 'leads_qualified', now),
      accepted: relayContest('crelaya1', 'handoffs_accepted', now),
      time: relayContest('crelayt1', 'time_to_accept', now),
    };
    for (const contest of Object.values(contests)) {
      await engine.contests.create(contest);
      await engine.ledger.seedBoard(contest);
    }

    const viewId = await openQualify(app, SDR.slackId, started.alpha);
    await app.simulator.submitView(SDR.slackId, viewId, ANSWERS);
    const dm = await waitFor(
      async () => dmsTo(app, AE.slackId).find((m) => JSON.stringify(m.blocks).includes('relay.accept')),
      "the AE's DM",
    );
    await waitForQueuesToDrain(services.jobs);
    expect(pointsOf(await engine.standings(contests.qualified))[0]).toEqual([SDR.slackId, 1, 1]);
    expect((await engine.standings(contests.accepted)).every((row) => row.points === 0)).toBe(true);

    await app.simulator.clickButton(AE.slackId, dm.ts, 'relay.accept');
    const handoffs = new HandoffRecords(services.redis, services.keys);
    const accepted = await waitFor(async () => {
      const handoff = await handoffs.get(started.alpha);
      return handoff?.state === 'accepted' ? handoff : undefined;
    }, 'the accept');
    await waitForQueuesToDrain(services.jobs);

    const minutes = Math.max(
      1,
      Math.ceil((Date.parse(accepted.decidedAt ?? '') - Date.parse(accepted.handedOffAt)) / 60_000),
    );
    const live = {
      qualified: await engine.standings(contests.qualified),
      accepted: await engine.standings(contests.accepted),
      time: await engine.standings(contests.time),
    };
    expect(pointsOf(live.qualified)).toEqual([
      [SDR.slackId, 1, 1],
      ...[AE.slackId, OTHER_AE.slackId].sort().map((id) => [id, 0, 2]),
    ]);
    expect(pointsOf(live.accepted)[0]).toEqual([AE.slackId, 1, 1]);
    expect(pointsOf(live.time)).toEqual([
      [AE.slackId, minutes, 1],
      ...[SDR.slackId, OTHER_AE.slackId].sort().map((id) => [id, 0, 2]),
    ]);
    // The scoring "why" names the records behind the points.
    const why = await engine.ledger.entriesForRep(contests.qualified, SDR.slackId);
    expect(why.map((entry) => [entry.rule, entry.recordId, entry.leadId])).toEqual([
      ['lead_qualified', accepted.taskId, started.alpha],
    ]);

    // A recount (Salesforce for the leads, bullpen's hand-off records for the relay) agrees.
    for (const contest of Object.values(contests)) {
      const recount = await engine.recomputeFromSalesforce(contest);
      expect(recount.drift.hasDrift).toBe(false);
      expect(pointsOf(recount.rows)).toEqual(pointsOf(await engine.standings(contest)));
    }

    // The qualification stands on its "Qualified" Task: deleted in Salesforce, the recount takes it back.
    app.emulator.store.delete('Task', accepted.taskId);
    const recount = await engine.recomputeFromSalesforce(contests.qualified);
    expect(recount.drift.changes.map((c) => [c.repId, c.delta])).toEqual([[SDR.slackId, -1]]);
    expect(recount.rows.every((row) => row.points === 0)).toBe(true);
  });
});
