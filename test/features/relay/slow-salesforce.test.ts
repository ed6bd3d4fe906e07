import { afterEach, describe, expect, it } from 'vitest';
import type { LocalBullpen } from '../../helpers/app.ts';
import { waitFor } from '../../helpers/process.ts';
import { waitForQueuesToDrain } from '../../helpers/queues.ts';
import { useRedis } from '../../helpers/redis.ts';
import {
  AE,
  ANSWERS,
  dmsTo,
  lead,
  modalOf,
  openQualify,
  QUALIFY_VIEW,
  RETURN_VIEW,
  SDR,
  startRelay,
  tasksOn,
} from './setup.ts';

/*
 * Qualify's and Return's submissions write to Salesforce before answering Slack, which waits 3 s
 * for a view_submission. With Salesforce answering the write after 4 s, the modal used to end in
 * Slack's connection error while the hand-off was written anyway (the SDR told it failed, and a
 * second try refused as already handed off). Now the modal turns into a holding note within the
 * 3 s and shows the outcome once Salesforce answers.
 */

const SLOW_WRITE = { delayMs: 4_000, match: /^POST .*\/composite$/ };
const text = (value: unknown): string => JSON.stringify(value ?? null);

describe('relay modals when Salesforce is slower than Slack waits', () => {
  const fixture = useRedis();
  let local: LocalBullpen | undefined;
  afterEach(async () => {
    await local?.close();
    local = undefined;
  });

  const viewText = (app: LocalBullpen, viewId: string) =>
    text(app.simulator.workspace.views.get(viewId)?.definition['blocks']);

  /** Qualify submitted while Salesforce writes slowly: Slack is answered in time with a holding note. */
  async function slowHandOff(app: LocalBullpen, leadId: string): Promise<string> {
    const viewId = await openQualify(app, SDR.slackId, leadId);
    app.emulator.controls.hangNext(1, SLOW_WRITE);
    const response = await app.simulator.submitView(SDR.slackId, viewId, ANSWERS);
    expect(response.timedOut).toBe(false);
    expect(response.json).toMatchObject({ response_action: 'update' });
    return viewId;
  }

  it('hands off: a holding note in time, then "Handed off" in the same modal, written once', async () => {
    const started = await startRelay(fixture.prefix);
    local = started.local;
    const app = local;
    const viewId = await slowHandOff(app, started.alpha);
    expect(viewText(app, viewId)).toContain('Saving the hand-off to Salesforce');
    await waitFor(
      async () => (viewText(app, viewId).includes('Handed off') ? true : undefined),
      'the modal to say the lead was handed off',
    );
    await waitFor(
      async () => dmsTo(app, AE.slackId).find((m) => text(m.blocks).includes('relay.accept')),
      "the AE's DM",
    );
    await waitForQueuesToDrain(app.app.services.jobs);
    expect(lead(app, started.alpha)).toMatchObject({ Status: 'Handed Off', OwnerId: AE.salesforceId });
    expect(tasksOn(app, started.alpha)).toHaveLength(1);
  });

  it('returns: a holding note in time, then "Returned to nurture", and the hand-off message says so', async () => {
    const started = await startRelay(fixture.prefix);
    local = started.local;
    const app = local;
    const viewId = await openQualify(app, SDR.slackId, started.alpha);
    await app.simulator.submitView(SDR.slackId, viewId, ANSWERS);
    const dm = await waitFor(
      async () => dmsTo(app, AE.slackId).find((m) => text(m.blocks).includes('relay.accept')),
      "the AE's DM",
    );
    await app.simulator.clickButton(AE.slackId, dm.ts, 'relay.return');
    const modal = await modalOf(app, AE.slackId, RETURN_VIEW);

    app.emulator.controls.hangNext(1, SLOW_WRITE);
    const response = await app.simulator.submitView(AE.slackId, modal.id, {
      relay_return_reason: { 'relay.return_reason': 'No budget' },
      relay_return_note: { 'relay.return_note': 'Budget frozen' },
    });

    expect(response.timedOut).toBe(false);
    expect(response.json).toMatchObject({ response_action: 'update' });
    await waitFor(
      async () => (viewText(app, modal.id).includes('Returned to nurture') ? true : undefined),
      'the modal to say the lead was returned',
    );
    await waitFor(
      async () =>
        text(app.simulator.workspace.findMessageByTs(dm.ts)?.blocks).includes('Returned') ? true : undefined,
      'the hand-off DM to show the return',
    );
    await waitForQueuesToDrain(app.app.services.jobs);
    expect(lead(app, started.alpha)['Status']).toBe('Nurture');
  });

  it('says the outcome by DM when the person closed the holding note before Salesforce answered', async () => {
    const started = await startRelay(fixture.prefix);
    local = started.local;
    const app = local;
    const viewId = await slowHandOff(app, started.alpha);
    await app.simulator.closeView(SDR.slackId, viewId);

    const dm = await waitFor(
      async () => dmsTo(app, SDR.slackId).find((m) => String(m.text).includes('Handed off')),
      'the outcome by DM',
    );
    expect(dm.text).toContain('the AE has it');
    await waitForQueuesToDrain(app.app.services.jobs);
    expect(lead(app, started.alpha)).toMatchObject({ Status: 'Handed Off', OwnerId: AE.salesforceId });
  });

  it('opens a holding modal in time when reading the lead is slow, then the Qualify form in it', async () => {
    const started = await startRelay(fixture.prefix);
    local = started.local;
    const app = local;
    // The lead is read with a composite query before the modal opens; the trigger lasts 3 s.
    app.emulator.controls.hangNext(1, SLOW_WRITE);
    await app.simulator.sendSlashCommand(SDR.slackId, 'C0DEMOSALES', '/qualify', started.alpha);
    const viewId = await waitFor(
      async () => app.simulator.workspace.modalStacks.get(SDR.slackId)?.at(-1),
      'a modal',
    );
    expect(viewText(app, viewId)).toContain('Reading the lead from Salesforce');
    const form = await modalOf(app, SDR.slackId, QUALIFY_VIEW, undefined);
    expect(form.id).toBe(viewId);

    const response = await app.simulator.submitView(SDR.slackId, viewId, ANSWERS);
    expect(response.json).toBeFalsy();
    await waitForQueuesToDrain(app.app.services.jobs);
    expect(lead(app, started.alpha)).toMatchObject({ Status: 'Handed Off', OwnerId: AE.salesforceId });
  });
});
