import { afterEach, describe, expect, it } from 'vitest';
import { RelayStore } from '../../../src/features/relay/store.ts';
import { classifyLead } from '../../../src/shared/sla/lead-clock.ts';
import { LeadAssignments } from '../../../src/shared/sync/lead-assignments.ts';
import { runSync } from '../../../src/shared/sync/sync-jobs.ts';
import type { LocalBullpen } from '../../helpers/app.ts';
import { waitFor } from '../../helpers/process.ts';
import { waitForQueuesToDrain } from '../../helpers/queues.ts';
import { useRedis } from '../../helpers/redis.ts';
import {
  AE,
  ANSWERS,
  dmsTo,
  lead,
  MARKETING,
  modalOf,
  openQualify,
  RETURN_VIEW,
  SDR,
  startRelay,
  tasksOn,
} from './setup.ts';

/*
 * The relay end to end, through the simulator against the emulator and real Redis: Jordan (SDR)
 * qualifies Alpha with /qualify, the routing rule picks Sam (AE), Sam is told at once and accepts
 * (or returns it with a reason, to marketing's nurture).
 */

const text = (value: unknown): string => JSON.stringify(value ?? []);

describe('the SDR → AE relay', () => {
  const fixture = useRedis();
  let local: LocalBullpen | undefined;
  afterEach(async () => {
    await local?.close();
    local = undefined;
  });

  async function handOff(app: LocalBullpen, leadId: string) {
    const viewId = await openQualify(app, SDR.slackId, leadId);
    const modal = app.simulator.workspace.views.get(viewId);
    expect(text(modal?.definition['blocks'])).toContain(
      `"initial_option":{"text":{"type":"plain_text","text":"${AE.name}"}`,
    );
    const response = await app.simulator.submitView(SDR.slackId, viewId, ANSWERS);
    expect(response.json).toBeFalsy();
    return waitFor(
      async () => dmsTo(app, AE.slackId).find((m) => text(m.blocks).includes('relay.accept')),
      "the AE's DM",
    );
  }

  it('qualify writes the Task, status and owner at once, alerts the AE, and Accept starts their clock', async () => {
    const started = await startRelay(fixture.prefix);
    local = started.local;
    const app = local;
    const before = Date.now();
    const dm = await handOff(app, started.alpha);

    const tasks = tasksOn(app, started.alpha);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]?.['Status']).toBe('Completed');
    expect(String(tasks[0]?.['Description'])).toMatch(
      /^Need: Clear need — Replacing their spreadsheet process\nTiming: This quarter\nBudget: Budget confirmed\nAuthority: not asked/,
    );
    expect(lead(app, started.alpha)).toMatchObject({ Status: 'Handed Off', OwnerId: AE.salesforceId });
    expect(text(dm.blocks)).toContain('Budget confirmed');
    expect(text(dm.blocks)).toContain(`<@${SDR.slackId}>`);
    expect(text(dm.blocks)).toContain(`/lightning/r/Lead/${started.alpha}/view`);

    const assignments = new LeadAssignments(app.app.services.redis, app.app.services.keys);
    const handedOff = await assignments.get(started.alpha);
    expect(handedOff?.ownerId).toBe(AE.salesforceId);

    // A double click accepts once: one restart of the AE's clock.
    await Promise.all([
      app.simulator.clickButton(AE.slackId, dm.ts, 'relay.accept'),
      app.simulator.clickButton(AE.slackId, dm.ts, 'relay.accept'),
    ]);
    await waitFor(
      async () => (lead(app, started.alpha)['Status'] === 'Open - Not Contacted' ? true : undefined),
      'the accepted status',
    );
    const accepted = await waitFor(async () => {
      const record = await assignments.get(started.alpha);
      return record && record.at !== handedOff?.at ? record : undefined;
    }, "the AE's clock to restart");
    expect(accepted.ownerId).toBe(AE.salesforceId);
    await waitForQueuesToDrain(app.app.services.jobs);
    expect((await assignments.get(started.alpha))?.history.filter((e) => e.restart)).toHaveLength(1);
    expect(Date.parse(accepted.at)).toBeGreaterThan(Date.parse(handedOff?.at ?? '') - 1);
    expect(Date.parse(accepted.at)).toBeGreaterThanOrEqual(before);
    expect(
      (await new RelayStore(app.app.services.redis, app.app.services.keys).get(started.alpha))?.state,
    ).toBe('accepted');
    expect(tasksOn(app, started.alpha)).toHaveLength(1);

    // Synced, the lead is the AE's, untouched, on a first-touch clock that started at the accept.
    const { services } = app.app;
    await runSync(services, { force: true });
    const synced = await services.store.get('Lead', started.alpha);
    if (!synced) throw new Error('Alpha did not sync');
    expect((await assignments.get(started.alpha))?.at).toBe(accepted.at);
    const assignedAt = (await assignments.assignedAt([synced])).get(started.alpha) ?? null;
    const context = { ownerTimeZone: 'UTC', policy: services.config.policy.sla, now: new Date() };
    expect(classifyLead({ lead: synced, touches: [], assignedAt }, context)).toMatchObject({
      kind: 'first-touch',
      firstTouchAt: null,
      state: 'on-track',
    });
    await waitFor(
      async () =>
        text(app.simulator.workspace.findMessageByTs(dm.ts)?.blocks).includes('Accepted') ? true : undefined,
      'the DM to show the decision',
    );
    await waitForQueuesToDrain(app.app.services.jobs);
  });

  it('Return puts the lead in nurture with its reason, tells the SDR and records the reason', async () => {
    const started = await startRelay(fixture.prefix);
    local = started.local;
    const app = local;
    const dm = await handOff(app, started.alpha);

    await app.simulator.clickButton(AE.slackId, dm.ts, 'relay.return');
    const modal = await modalOf(app, AE.slackId, RETURN_VIEW);
    const missing = await app.simulator.submitView(AE.slackId, modal.id, {});
    expect(missing.json).toMatchObject({
      response_action: 'errors',
      errors: { relay_return_reason: expect.any(String) },
    });
    expect(lead(app, started.alpha)['Status']).toBe('Handed Off');

    await app.simulator.submitView(AE.slackId, modal.id, {
      relay_return_reason: { 'relay.return_reason': 'No budget' },
      relay_return_note: { 'relay.return_note': 'Budget frozen until next fiscal year' },
    });
    expect(lead(app, started.alpha)).toMatchObject({ Status: 'Nurture', OwnerId: MARKETING.salesforceId });
    const returnTask = tasksOn(app, started.alpha).find((t) => String(t['Subject']).startsWith('Returned'));
    expect(returnTask?.['Subject']).toBe('Returned to nurture: No budget');
    expect(String(returnTask?.['Description'])).toContain('Budget frozen until next fiscal year');
    const store = new RelayStore(app.app.services.redis, app.app.services.keys);
    expect(await store.returns()).toEqual([
      expect.objectContaining({
        leadId: started.alpha,
        reason: 'No budget',
        note: 'Budget frozen until next fiscal year',
      }),
    ]);
    const told = await waitFor(
      async () => dmsTo(app, SDR.slackId).find((m) => m.text.includes('No budget')),
      'the SDR DM',
    );
    expect(told.text).toContain(`<@${AE.slackId}> returned Alpha to nurture: No budget`);
    await waitForQueuesToDrain(app.app.services.jobs);
  });

  it('a double-submitted Qualify makes one Task and one owner change', async () => {
    const started = await startRelay(fixture.prefix);
    local = started.local;
    const app = local;
    const viewId = await openQualify(app, SDR.slackId, started.alpha);
    const answers = await Promise.all([
      app.simulator.submitView(SDR.slackId, viewId, ANSWERS),
      app.simulator.submitView(SDR.slackId, viewId, ANSWERS),
    ]);
    const refusals = answers.filter((a) => a.json);
    expect(refusals).toHaveLength(1);
    expect(text(refusals[0]?.json)).toMatch(/being handed off right now|already handed off/);
    expect(tasksOn(app, started.alpha)).toHaveLength(1);
    const ownerChanges = [...app.emulator.store.records('LeadHistory')].filter(
      (h) => h['LeadId'] === started.alpha && h['Field'] === 'Owner' && h['NewValue'] === AE.salesforceId,
    );
    expect(ownerChanges).toHaveLength(1);
    await waitForQueuesToDrain(app.app.services.jobs);
  });
});
