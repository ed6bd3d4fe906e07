import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import { demoPeople } from '@bullpen/demo-company';
import { roundTheClockSla } from '@bullpen/demo-company';
import { runSync } from '../../../src/shared/sync/sync-jobs.ts';
import { startLocalBullpen, type LocalBullpen } from '../../helpers/app.ts';
import { waitFor } from '../../helpers/process.ts';
import { waitForQueuesToDrain } from '../../helpers/queues.ts';
import { sfDateTime } from './fixtures.ts';

/**
 * bullpen in local mode with a policy that makes the nudge tests independent of the time of day:
 * a 24/7 business calendar (so business hours are wall-clock hours and any moment is a working one),
 * one digest per person per day, the scheduled scan only at midnight UTC (tests run scans
 * themselves) and the demo #marketing channel for the weekly digest.
 */
export const POLICY_YAML = YAML.stringify({
  roles: { admins: ['U0DEMOADMIN'] },
  sla: {
    ...roundTheClockSla,
    nudges: { ...roundTheClockSla.nudges, maxDigestsPerDay: 1 },
    weeklyDigest: { channel: 'C0DEMOMKTG1', timeZone: 'UTC' },
  },
});

export const person = (slackId: string) => {
  const found = demoPeople.find((p) => p.slackId === slackId);
  if (!found) throw new Error(`no demo person ${slackId}`);
  return found;
};

export const REP1 = person('U0DEMOREP01'); // Sam Carter, reports to Priya (MGR01)
export const REP2 = person('U0DEMOREP02'); // Jordan Lee, reports to Priya
export const REP3 = person('U0DEMOREP03'); // Riley Chen, reports to Diego (MGR02)
export const MGR1 = person('U0DEMOMGR01');
export const ADMIN = person('U0DEMOADMIN');

const HOUR_MS = 3_600_000;

export interface FixtureLead {
  name: string;
  owner: string;
  source: string;
  createdHoursAgo: number;
  status?: string;
}

/** Starts bullpen, removes the demo company's leads and loads `leads` instead; returns their Ids. */
export async function startWithLeads(
  prefix: string,
  leads: FixtureLead[],
  now = Date.now(),
  policyYaml = POLICY_YAML,
): Promise<{ local: LocalBullpen; ids: Record<string, string> }> {
  const dir = mkdtempSync(join(tmpdir(), 'bullpen-nudges-'));
  const policyPath = join(dir, 'policy.yml');
  writeFileSync(policyPath, policyYaml);
  const local = await startLocalBullpen(prefix, { BULLPEN_CONFIG: policyPath });
  const store = local.emulator.store;
  for (const lead of [...store.records('Lead')]) {
    if (lead['IsDeleted'] !== true) store.delete('Lead', String(lead['Id']));
  }
  const ids: Record<string, string> = {};
  for (const lead of leads) {
    const created = store.insert('Lead', {
      LastName: lead.name,
      Company: `${lead.name} Inc`,
      Status: lead.status ?? 'Open - Not Contacted',
      LeadSource: lead.source,
      OwnerId: lead.owner,
      CreatedDate: sfDateTime(new Date(now - lead.createdHoursAgo * HOUR_MS).toISOString()),
    });
    ids[lead.name] = String(created['Id']);
  }
  await runSync(local.app.services, { force: true });
  // The SLA index learns of the synced leads from sync's events: a scan reads it once they are in.
  await waitForQueuesToDrain(local.app.services.jobs);
  return { local, ids };
}

/** Digest DMs posted to a person (successful chat.postMessage calls into their DM). */
export function digestPostsTo(local: LocalBullpen, slackId: string) {
  const dm = local.simulator.workspace.openDm(slackId).id;
  return local.simulator
    .callsTo('chat.postMessage')
    .filter((c) => c.httpStatus === 200 && c.response['ok'] === true && c.response['channel'] === dm);
}

export async function waitForDigest(local: LocalBullpen, digestId: string) {
  return waitFor(async () => {
    const record = await local.app.services.delivery.record(digestId);
    return record?.ts && record.channel ? { ts: record.ts, channel: record.channel } : undefined;
  }, `digest ${digestId}`);
}

/** Waits for a modal other than `previous` on top of a person's stack; returns its view id. */
export async function nextModal(local: LocalBullpen, userId: string, previous?: string): Promise<string> {
  return waitFor(async () => {
    const top = local.simulator.workspace.modalStacks.get(userId)?.at(-1);
    return top && top !== previous ? top : undefined;
  }, 'a modal');
}

/**
 * Log call as a rep does it: click the button on a lead (digest, /leads answer or Home: `container`
 * is its ts or view id), then submit the modal with an outcome. Returns the modal's view id.
 */
export async function logCall(
  local: LocalBullpen,
  userId: string,
  container: string,
  leadId: string,
  outcome = 'Connected',
): Promise<string> {
  const previous = local.simulator.workspace.modalStacks.get(userId)?.at(-1);
  await local.simulator.clickButton(userId, container, 'nudge.log_call', undefined, {
    blockId: `nudge.lead.${leadId}`,
  });
  const viewId = await nextModal(local, userId, previous);
  await local.simulator.submitView(userId, viewId, { call_outcome: { 'nudge.call_outcome': outcome } });
  return viewId;
}
