import { roundTheClockSla } from '@bullpen/demo-company';
import YAML from 'yaml';
import type { LocalBullpen } from '../../helpers/app.ts';
import { waitFor } from '../../helpers/process.ts';
import { person, startWithLeads } from '../nudges/local-setup.ts';

/**
 * The relay tests' company: Jordan Lee (REP02) is the only qualifier, Sam Carter (REP01) and Riley
 * Chen (REP03) are the AEs, routing names Sam, and returned leads go to Lena Ortiz (marketing).
 */
export const SDR = person('U0DEMOREP02');
export const AE = person('U0DEMOREP01');
export const OTHER_AE = person('U0DEMOREP03');
export const NOT_AE = person('U0DEMOREP04');
export const MARKETING = person('U0DEMOMKT01');

export const RELAY_POLICY = YAML.stringify({
  roles: { admins: ['U0DEMOADMIN'] },
  sla: roundTheClockSla,
  relay: {
    qualifiers: { roles: [], people: [SDR.slackId] },
    aes: [AE.salesforceId, OTHER_AE.salesforceId],
    routing: { kind: 'named', ae: AE.salesforceId },
    nurtureOwner: MARKETING.salesforceId,
  },
});

export const QUALIFY_VIEW = 'relay.qualify_modal';
export const RETURN_VIEW = 'relay.return_modal';

export const ANSWERS = {
  relay_choice_need: { 'relay.choice': 'Clear need' },
  relay_note_need: { 'relay.note': 'Replacing their spreadsheet process' },
  relay_choice_timing: { 'relay.choice': 'This quarter' },
  relay_choice_budget: { 'relay.choice': 'Budget confirmed' },
};

export async function startRelay(prefix: string) {
  const started = await startWithLeads(
    prefix,
    [
      { name: 'Alpha', owner: SDR.salesforceId, source: 'Web', createdHoursAgo: 2 },
      { name: 'Bravo', owner: SDR.salesforceId, source: 'Web', createdHoursAgo: 3 },
    ],
    Date.now(),
    RELAY_POLICY,
  );
  return { local: started.local, alpha: started.ids['Alpha'] ?? '', bravo: started.ids['Bravo'] ?? '' };
}

/** The modal with this callback on top of a person's stack (other than `previous`). */
export function modalOf(app: LocalBullpen, userId: string, callbackId: string, previous?: string) {
  return waitFor(async () => {
    const id = app.simulator.workspace.modalStacks.get(userId)?.at(-1);
    const view = id && id !== previous ? app.simulator.workspace.views.get(id) : undefined;
    return view?.definition['callback_id'] === callbackId ? view : undefined;
  }, `the ${callbackId} modal`);
}

/** /qualify as the SDR types it; returns the modal's view id. */
export async function openQualify(app: LocalBullpen, userId: string, leadId: string): Promise<string> {
  const previous = app.simulator.workspace.modalStacks.get(userId)?.at(-1);
  await app.simulator.sendSlashCommand(userId, 'C0DEMOSALES', '/qualify', leadId);
  return (await modalOf(app, userId, QUALIFY_VIEW, previous)).id;
}

export const lead = (app: LocalBullpen, id: string) => app.emulator.store.get('Lead', id) ?? {};

export const tasksOn = (app: LocalBullpen, leadId: string) =>
  [...app.emulator.store.records('Task')].filter((t) => t['WhoId'] === leadId);

/** The messages bullpen posted in a person's DM. */
export const dmsTo = (app: LocalBullpen, slackId: string) =>
  app.simulator.workspace.messagesIn(app.simulator.workspace.openDm(slackId).id);

export const ephemeralTexts = (app: LocalBullpen, slackId: string) =>
  app.simulator.workspace.ephemeralsFor(slackId).map((e) => e.text);
