import { afterEach, describe, expect, it } from 'vitest';
import { NudgeState } from '../../../../src/features/nudges/store.ts';
import type { LocalBullpen } from '../../../helpers/app.ts';
import { waitFor } from '../../../helpers/process.ts';
import { useRedis } from '../../../helpers/redis.ts';
import { logCall, REP1, startWithLeads, type FixtureLead } from '../local-setup.ts';

/* The rep's leads on App Home, as the rep sees them through the simulator. */

const text = (value: unknown): string => JSON.stringify(value ?? []);

const overdue = (count: number): FixtureLead[] =>
  Array.from({ length: count }, (_, i) => ({
    name: `Lead${String(i).padStart(3, '0')}`,
    owner: REP1.salesforceId,
    source: 'Web',
    createdHoursAgo: 10 + i,
  }));

describe("the rep's leads on App Home", () => {
  const fixture = useRedis();
  let local: LocalBullpen | undefined;
  afterEach(async () => {
    await local?.close();
    local = undefined;
  });

  /** Opens (or reopens) Home and waits for the publish that follows. */
  async function openHome(bullpen: LocalBullpen, user: string) {
    const { simulator } = bullpen;
    const before = simulator.workspace.homeView(user)?.hash;
    await simulator.openHome(user);
    return waitFor(async () => {
      const current = simulator.workspace.homeView(user);
      return current && current.hash !== before ? current : undefined;
    }, `${user}'s Home`);
  }

  it('points the overflow of a long list away from App Home itself', async () => {
    const started = await startWithLeads(fixture.prefix, overdue(60));
    local = started.local;
    const home = text((await openHome(local, REP1.slackId)).definition['blocks']);
    expect(home).toContain('Leads waiting for you');
    expect(home).toMatch(
      /…and 37 more leads — <[^|>]*\/lightning\/o\/Lead\/list\|see them all in Salesforce>/,
    );
    expect(home).not.toContain('see App Home');
  });

  it('shows a snoozed lead as snoozed until its date, not as overdue', async () => {
    const started = await startWithLeads(fixture.prefix, overdue(2));
    local = started.local;
    const snoozed = started.ids['Lead000'] ?? '';
    await new NudgeState(local.app.services).snooze(snoozed, new Date(Date.now() + 3 * 86_400_000));
    const blocks = (await openHome(local, REP1.slackId)).definition['blocks'];
    const info = (Array.isArray(blocks) ? blocks : []).find(
      (b: { block_id?: string }) => b.block_id === `nudge.lead_info.${snoozed}`,
    );
    expect(text(info)).toContain('Snoozed until');
    expect(text(info)).not.toContain('Overdue');
    expect(text(blocks)).toContain('1 overdue');
    expect(text(blocks)).toContain('1 snoozed');
  });

  it("drops a lead from the refreshed Home as soon as the rep's Log call is accepted", async () => {
    const started = await startWithLeads(fixture.prefix, overdue(2));
    local = started.local;
    const called = started.ids['Lead000'] ?? '';
    const view = await openHome(local, REP1.slackId);
    expect(text(view.definition['blocks'])).toContain(`nudge.lead.${called}`);
    const publishes = () => local?.simulator.callsTo('views.publish').length ?? 0;
    const before = publishes();
    await logCall(local, REP1.slackId, view.id, called);
    await waitFor(
      async () => (publishes() > before ? true : undefined),
      'the Home refreshed after the click',
    );
    const blocks = text(local.simulator.workspace.homeView(REP1.slackId)?.definition['blocks']);
    expect(blocks).not.toContain(`nudge.lead.${called}`);
    expect(blocks).toContain(`nudge.lead.${started.ids['Lead001'] ?? ''}`);
  });

  it('keeps a lead on the refreshed Home after a Log call whose outcome does not stop the clock', async () => {
    const started = await startWithLeads(fixture.prefix, overdue(2));
    local = started.local;
    const called = started.ids['Lead000'] ?? '';
    const view = await openHome(local, REP1.slackId);
    const publishes = () => local?.simulator.callsTo('views.publish').length ?? 0;
    const before = publishes();
    await logCall(local, REP1.slackId, view.id, called, 'Wrong number');
    await waitFor(
      async () => (publishes() > before ? true : undefined),
      'the Home refreshed after the submission',
    );
    const blocks = text(local.simulator.workspace.homeView(REP1.slackId)?.definition['blocks']);
    expect(blocks).toContain(`nudge.lead.${called}`);
  });

  it('lists the lead again once Salesforce refuses the Log call', async () => {
    const started = await startWithLeads(fixture.prefix, overdue(2));
    local = started.local;
    const bullpen = local;
    bullpen.emulator.controls.addValidationRule({ object: 'Task', message: 'Calls need a subject code' });
    const called = started.ids['Lead000'] ?? '';
    const view = await openHome(bullpen, REP1.slackId);
    await logCall(bullpen, REP1.slackId, view.id, called);
    // The refusal comes as a DM; the next Home lists the lead with its buttons again.
    await waitFor(
      async () =>
        bullpen.simulator.workspace
          .messagesIn(bullpen.simulator.workspace.openDm(REP1.slackId).id)
          .some((m) => m.text.includes('not saved')) || undefined,
      'the refusal DM',
    );
    const reopened = await openHome(bullpen, REP1.slackId);
    expect(text(reopened.definition['blocks'])).toContain(`nudge.lead.${called}`);
  });
});
