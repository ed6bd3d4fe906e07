import { afterEach, describe, expect, it } from 'vitest';
import { Decide } from '../../../src/features/relay/app/decide.ts';
import { RelayStore } from '../../../src/features/relay/store.ts';
import type { LocalBullpen } from '../../helpers/app.ts';
import { waitFor } from '../../helpers/process.ts';
import { waitForQueuesToDrain } from '../../helpers/queues.ts';
import { useRedis } from '../../helpers/redis.ts';
import {
  AE,
  ANSWERS,
  dmsTo,
  ephemeralTexts,
  lead,
  modalOf,
  NOT_AE,
  openQualify,
  OTHER_AE,
  QUALIFY_VIEW,
  SDR,
  startRelay,
  tasksOn,
} from './setup.ts';

/*
 * Every refusal of the relay gets its own message and writes nothing: the lead keeps its status and
 * owner and gains no Task. Alpha and Bravo are SDR Jordan's open leads.
 */

const text = (value: unknown): string => JSON.stringify(value ?? null);

describe('relay refusals', () => {
  const fixture = useRedis();
  let local: LocalBullpen | undefined;
  afterEach(async () => {
    await local?.close();
    local = undefined;
  });

  const untouched = (app: LocalBullpen, leadId: string) => {
    expect(tasksOn(app, leadId)).toHaveLength(0);
    expect(lead(app, leadId)).toMatchObject({ Status: 'Open - Not Contacted', OwnerId: SDR.salesforceId });
  };

  const ephemeralMatching = (app: LocalBullpen, userId: string, pattern: RegExp) =>
    waitFor(
      async () => ephemeralTexts(app, userId).find((t) => pattern.test(t)),
      `an ephemeral ${String(pattern)}`,
    );

  it('refuses non-qualifiers, missing criteria, inactive and non-AE users, and converted or closed leads', async () => {
    const started = await startRelay(fixture.prefix);
    local = started.local;
    const app = local;
    const { alpha, bravo } = started;

    // An AE is not a qualifier: no modal, an ephemeral reply.
    await app.simulator.sendSlashCommand(AE.slackId, 'C0DEMOSALES', '/qualify', alpha);
    await ephemeralMatching(app, AE.slackId, /Only qualifiers/);
    expect(app.simulator.workspace.modalStacks.get(AE.slackId) ?? []).toHaveLength(0);
    // No lead in the text: the usage.
    const usage = await app.simulator.sendSlashCommand(SDR.slackId, 'C0DEMOSALES', '/qualify', 'tomorrow');
    expect(text(usage.json)).toContain('Usage: `/qualify');

    const viewId = await openQualify(app, SDR.slackId, alpha);
    const missing = await app.simulator.submitView(SDR.slackId, viewId, {});
    expect(missing.json).toMatchObject({
      response_action: 'errors',
      errors: { relay_choice_need: expect.any(String), relay_choice_budget: expect.any(String) },
    });
    expect(text(missing.json)).not.toContain('relay_choice_authority');

    app.emulator.store.update('User', OTHER_AE.salesforceId, { IsActive: false });
    const inactive = await app.simulator.submitView(SDR.slackId, viewId, {
      ...ANSWERS,
      relay_ae: { 'relay.ae': OTHER_AE.salesforceId },
    });
    expect(inactive.json).toMatchObject({
      errors: { relay_ae: `${OTHER_AE.name} is inactive in Salesforce; pick an active AE.` },
    });

    const notAe = await app.simulator.submitView(SDR.slackId, viewId, {
      ...ANSWERS,
      relay_ae: {
        'relay.ae': {
          selected_option: { text: { type: 'plain_text', text: 'x' }, value: NOT_AE.salesforceId },
        },
      },
    });
    expect(notAe.json).toMatchObject({
      errors: { relay_ae: `${NOT_AE.name} is not one of the AEs the relay policy hands leads to.` },
    });
    untouched(app, alpha);

    app.emulator.store.convertLead(alpha);
    const converted = await app.simulator.submitView(SDR.slackId, viewId, ANSWERS);
    expect(text(converted.json)).toContain('Alpha was converted, so there is nothing left to hand off.');
    expect(tasksOn(app, alpha)).toHaveLength(0);

    const bravoView = await openQualify(app, SDR.slackId, bravo);
    app.emulator.store.update('Lead', bravo, { Status: 'Closed - Not Converted' });
    const closed = await app.simulator.submitView(SDR.slackId, bravoView, ANSWERS);
    expect(text(closed.json)).toContain('Bravo is closed (status \\"Closed - Not Converted\\")');
    expect(tasksOn(app, bravo)).toHaveLength(0);
    expect(lead(app, bravo)['OwnerId']).toBe(SDR.salesforceId);
    await waitForQueuesToDrain(app.app.services.jobs);
  });

  it('refuses a second Qualify and an Accept by someone who is not the AE', async () => {
    const started = await startRelay(fixture.prefix);
    local = started.local;
    const app = local;
    const viewId = await openQualify(app, SDR.slackId, started.alpha);
    await app.simulator.submitView(SDR.slackId, viewId, ANSWERS);
    expect(lead(app, started.alpha)['Status']).toBe('Handed Off');

    await app.simulator.sendSlashCommand(SDR.slackId, 'C0DEMOSALES', '/qualify', started.alpha);
    await ephemeralMatching(
      app,
      SDR.slackId,
      /Alpha is already handed off and waiting for the AE to accept it\./,
    );

    const decide = new Decide(app.app.services);
    expect(await decide.accept(OTHER_AE.slackId, started.alpha)).toEqual({
      ok: false,
      message: `Only ${AE.name}, the AE Alpha was handed to, can accept or return it.`,
    });
    expect(lead(app, started.alpha)['Status']).toBe('Handed Off');

    // Once accepted, a second click has nothing left to answer.
    const dm = await waitFor(
      async () => dmsTo(app, AE.slackId).find((m) => text(m.blocks).includes('relay.accept')),
      'the DM',
    );
    await app.simulator.clickButton(AE.slackId, dm.ts, 'relay.accept');
    // The accept is done once bullpen's record says so (it is saved after the Salesforce write).
    const records = new RelayStore(app.app.services.redis, app.app.services.keys);
    await waitFor(
      async () => ((await records.get(started.alpha))?.state === 'accepted' ? true : undefined),
      'accepted',
    );
    expect(lead(app, started.alpha)['Status']).toBe('Open - Not Contacted');
    expect(await decide.accept(AE.slackId, started.alpha)).toEqual({
      ok: false,
      message: 'Alpha was already accepted; there is nothing left to answer.',
    });
    // Accepted, the lead is the AE's: a Qualify now is refused too.
    await app.simulator.sendSlashCommand(SDR.slackId, 'C0DEMOSALES', '/qualify', started.alpha);
    await ephemeralMatching(
      app,
      SDR.slackId,
      /Alpha was handed off and its AE accepted it: it is theirs now\./,
    );
    await waitForQueuesToDrain(app.app.services.jobs);
  });

  it("shows a validation rule's refusal verbatim and writes nothing (allOrNone)", async () => {
    const started = await startRelay(fixture.prefix);
    local = started.local;
    const app = local;
    const rule = 'A lead needs a phone number before it is handed off.';
    const removeRule = app.emulator.controls.addValidationRule({
      object: 'Lead',
      message: rule,
      on: 'update',
      when: (record) => record['Status'] === 'Handed Off',
    });
    const viewId = await openQualify(app, SDR.slackId, started.alpha);
    const refused = await app.simulator.submitView(SDR.slackId, viewId, ANSWERS);
    expect(refused.json).toMatchObject({
      response_action: 'errors',
      errors: { relay_ae: `Salesforce refused the hand-off, so nothing was written: ${rule}` },
    });
    untouched(app, started.alpha);
    expect(dmsTo(app, AE.slackId).filter((m) => text(m.blocks).includes('relay.accept'))).toHaveLength(0);

    // The same for the AE: an Accept Salesforce refuses is shown verbatim and the hand-off stays open.
    removeRule();
    await app.simulator.submitView(SDR.slackId, viewId, ANSWERS);
    const dm = await waitFor(
      async () => dmsTo(app, AE.slackId).find((m) => text(m.blocks).includes('relay.accept')),
      'the DM',
    );
    const acceptRule = 'Accepted leads need a rating.';
    app.emulator.controls.addValidationRule({ object: 'Lead', message: acceptRule, on: 'update' });
    await app.simulator.clickButton(AE.slackId, dm.ts, 'relay.accept');
    await ephemeralMatching(app, AE.slackId, /Accepted leads need a rating\./);
    expect(ephemeralTexts(app, AE.slackId)).toContain(
      `Salesforce refused the change, so nothing was written: ${acceptRule}`,
    );
    expect(lead(app, started.alpha)).toMatchObject({ Status: 'Handed Off', OwnerId: AE.salesforceId });
    const handoff = await new RelayStore(app.app.services.redis, app.app.services.keys).get(started.alpha);
    expect(handoff?.state).toBe('pending');
    await waitForQueuesToDrain(app.app.services.jobs);
  });

  it('the Qualify message shortcut opens the modal for the lead a message links, and says so when none', async () => {
    const started = await startRelay(fixture.prefix);
    local = started.local;
    const app = local;
    const url = `https://example.my.salesforce.com/lightning/r/Lead/${started.alpha}/view`;
    await app.simulator.sendMessage(SDR.slackId, 'C0DEMOSALES', `New demo request: ${url}`);
    const [linked] = app.simulator.workspace.messagesIn('C0DEMOSALES').filter((m) => m.text.includes(url));
    await app.simulator.messageShortcut(
      SDR.slackId,
      'relay_qualify_message',
      'C0DEMOSALES',
      linked?.ts ?? '',
    );
    const modal = await modalOf(app, SDR.slackId, QUALIFY_VIEW);
    expect(modal.definition['private_metadata']).toBe(JSON.stringify({ leadId: started.alpha }));

    await app.simulator.sendMessage(SDR.slackId, 'C0DEMOSALES', 'Lunch at noon?');
    const [plain] = app.simulator.workspace
      .messagesIn('C0DEMOSALES')
      .filter((m) => m.text === 'Lunch at noon?');
    await app.simulator.messageShortcut(SDR.slackId, 'relay_qualify_message', 'C0DEMOSALES', plain?.ts ?? '');
    await ephemeralMatching(app, SDR.slackId, /That message links no lead/);
  });
});
