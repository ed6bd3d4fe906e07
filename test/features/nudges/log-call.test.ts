import { roundTheClockSla } from '@bullpen/demo-company';
import { afterEach, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { createContestEngine } from '../../../src/features/contests/index.ts';
import { digestJobId, digestWindowId } from '../../../src/features/nudges/domain/digest.ts';
import { runNudgeScan } from '../../../src/features/nudges/app/scan.ts';
import { repLeadsSection } from '../../../src/features/nudges/slack/home-sections.ts';
import { NudgeState } from '../../../src/features/nudges/store.ts';
import { runSync } from '../../../src/shared/sync/sync-jobs.ts';
import type { LocalBullpen } from '../../helpers/app.ts';
import { waitFor } from '../../helpers/process.ts';
import { waitForQueuesToDrain } from '../../helpers/queues.ts';
import { useRedis } from '../../helpers/redis.ts';
import { MGR1, REP1, startWithLeads, waitForDigest } from './local-setup.ts';

/*
 * Log call asks for an outcome, through the simulator against the emulator: two overdue Web leads
 * of REP1 (4 h SLA, created 10 h and 9 h ago) and a follow-up contest REP1 plays in. A "Wrong number"
 * writes the outcome and note but leaves the lead overdue and scores nothing; "Connected" stops the
 * clock and scores; the next modal opens with the last outcome picked.
 */
const FIXTURE = [
  { name: 'Alpha', owner: REP1.salesforceId, source: 'Web', createdHoursAgo: 10 },
  { name: 'Bravo', owner: REP1.salesforceId, source: 'Web', createdHoursAgo: 9 },
];
const OUTCOME = { blockId: 'call_outcome', actionId: 'nudge.call_outcome' };
const NOTE = { blockId: 'call_note', actionId: 'nudge.call_note' };

const text = (value: unknown): string => JSON.stringify(value ?? []);

/** The nudge tests' policy with room for a second digest the same day. */
const TWO_DIGESTS_A_DAY = YAML.stringify({
  roles: { admins: ['U0DEMOADMIN'] },
  sla: { ...roundTheClockSla, nudges: { ...roundTheClockSla.nudges, maxDigestsPerDay: 2 } },
});

describe('Log call with an outcome', () => {
  const fixture = useRedis();
  let local: LocalBullpen | undefined;
  afterEach(async () => {
    await local?.close();
    local = undefined;
  });

  /** Waits for a Log call modal other than `previous` on top of the rep's stack. */
  const logCallModal = (app: LocalBullpen, previous?: string) =>
    waitFor(async () => {
      const id = app.simulator.workspace.modalStacks.get(REP1.slackId)?.at(-1);
      const view = id && id !== previous ? app.simulator.workspace.views.get(id) : undefined;
      return view?.definition['callback_id'] === 'nudge.log_call_modal' ? view : undefined;
    }, 'the Log call modal');

  const preselected = (view: { definition: Record<string, unknown> }): string | undefined => {
    const blocks = view.definition['blocks'] as { block_id?: string; element?: Record<string, unknown> }[];
    const element = blocks.find((b) => b.block_id === OUTCOME.blockId)?.element;
    return (element?.['initial_option'] as { value?: string } | undefined)?.value;
  };

  const callsOn = (app: LocalBullpen, leadId: string) =>
    [...app.emulator.store.records('Task')].filter(
      (t) => t['WhoId'] === leadId && t['TaskSubtype'] === 'Call',
    );

  async function homeOf(app: LocalBullpen): Promise<string> {
    const { services } = app.app;
    const viewer = {
      slackUserId: REP1.slackId,
      salesforceUserId: await services.people.salesforceIdFor(REP1.slackId),
      roles: await services.roles.rolesOf(REP1.slackId),
      now: new Date(),
    };
    return text(await repLeadsSection(services).render(viewer, 30));
  }

  async function startContest(app: LocalBullpen) {
    const command = `start "Dial-a-thon" metric:followups for:1h with:<@${REP1.slackId}>`;
    await app.simulator.sendSlashCommand(MGR1.slackId, 'C0DEMOSALES', '/contest', command);
    const engine = createContestEngine(app.app.services);
    return waitFor(
      async () => (await engine.contests.list()).find((c) => c.status === 'running'),
      'the contest to run',
    );
  }

  async function rep1Points(app: LocalBullpen, contest: Awaited<ReturnType<typeof startContest>>) {
    const rows = await createContestEngine(app.app.services).ledger.standings(contest);
    return rows.find((row) => row.repId === REP1.slackId)?.points ?? 0;
  }

  it('opens a modal, writes the outcome and note, and only a clock-stopping, scoring outcome counts', async () => {
    const started = await startWithLeads(fixture.prefix, FIXTURE, Date.now(), TWO_DIGESTS_A_DAY);
    local = started.local;
    const app = local;
    const { services } = app.app;
    const [alpha, bravo] = [started.ids['Alpha'] ?? '', started.ids['Bravo'] ?? ''];
    const contest = await startContest(app);
    const now = new Date();
    await runNudgeScan(services, { now });
    const { ts } = await waitForDigest(
      app,
      digestJobId(REP1.salesforceId, digestWindowId(now, services.config.policy.sla)),
    );

    // One click opens the modal and writes nothing; the first time nothing is pre-selected.
    await app.simulator.clickButton(REP1.slackId, ts, 'nudge.log_call', undefined, {
      blockId: `nudge.lead.${alpha}`,
    });
    const first = await logCallModal(app);
    expect(preselected(first)).toBeUndefined();
    await waitForQueuesToDrain(services.jobs);
    expect(callsOn(app, alpha)).toHaveLength(0);

    // No outcome: a field error, nothing written.
    const missing = await app.simulator.submitView(REP1.slackId, first.id, {});
    expect(missing.json).toMatchObject({
      response_action: 'errors',
      errors: { [OUTCOME.blockId]: expect.any(String) },
    });

    // "Wrong number" with a note: the Task carries both, but the lead stays overdue and scores nothing.
    await app.simulator.submitView(REP1.slackId, first.id, {
      [OUTCOME.blockId]: { [OUTCOME.actionId]: 'Wrong number' },
      [NOTE.blockId]: { [NOTE.actionId]: 'Number is disconnected' },
    });
    const [wrong] = await waitFor(
      async () => (callsOn(app, alpha).length > 0 ? callsOn(app, alpha) : undefined),
      'the Task',
    );
    expect(wrong?.['CallDisposition']).toBe('Wrong number');
    expect(String(wrong?.['Description'])).toMatch(
      /^Number is disconnected\n\nLogged with bullpen \[bullpen:/,
    );
    expect(await new NudgeState(services).pendingTouches([alpha])).toEqual(new Map());
    await waitForQueuesToDrain(services.jobs);
    await runSync(services, { force: true });
    await waitForQueuesToDrain(services.jobs);
    const afterWrong = await homeOf(app);
    expect(afterWrong).toContain(`nudge.lead.${alpha}`);
    expect(afterWrong).toContain('Overdue by');
    expect(await rep1Points(app, contest)).toBe(0);
    // The next window's digest lists it again.
    const later = new Date(now.getTime() + services.config.policy.sla.nudges.digestWindowMinutes * 60_000);
    const rescan = await runNudgeScan(services, { now: later });
    const nextDigestId = digestJobId(REP1.salesforceId, digestWindowId(later, services.config.policy.sla));
    expect(rescan.repDigests).toContain(nextDigestId);
    const next = await waitForDigest(app, nextDigestId);
    expect(text(app.simulator.workspace.findMessageByTs(next.ts)?.blocks)).toContain(`nudge.lead.${alpha}`);

    // The next Log call opens with "Wrong number" selected; "Connected" stops the clock and scores.
    await app.simulator.clickButton(REP1.slackId, ts, 'nudge.log_call', undefined, {
      blockId: `nudge.lead.${bravo}`,
    });
    const second = await logCallModal(app, first.id);
    expect(preselected(second)).toBe('Wrong number');
    await app.simulator.submitView(REP1.slackId, second.id, {
      [OUTCOME.blockId]: { [OUTCOME.actionId]: 'Connected' },
    });
    await waitFor(async () => (callsOn(app, bravo).length > 0 ? true : undefined), 'the Connected Task');
    expect(callsOn(app, bravo)[0]?.['CallDisposition']).toBe('Connected');
    expect((await new NudgeState(services).pendingTouches([bravo])).has(bravo)).toBe(true);
    await waitForQueuesToDrain(services.jobs);
    await runSync(services, { force: true });
    await waitFor(
      async () => ((await rep1Points(app, contest)) === 1 ? true : undefined),
      'the point for Connected',
    );
    await waitForQueuesToDrain(services.jobs);
    // Alpha's wrong number still scores nothing once Bravo's call has scored.
    expect(await rep1Points(app, contest)).toBe(1);
    expect(await homeOf(app)).not.toContain(`nudge.lead.${bravo}`);

    // From Home, the modal opens with the last outcome, "Connected".
    await app.simulator.openHome(REP1.slackId);
    const home = await waitFor(async () => app.simulator.workspace.homeView(REP1.slackId), 'Home');
    await app.simulator.clickButton(REP1.slackId, home.id, 'nudge.log_call', undefined, {
      blockId: `nudge.lead.${alpha}`,
    });
    expect(preselected(await logCallModal(app, second.id))).toBe('Connected');
  });
});
