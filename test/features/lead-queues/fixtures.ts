import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoInboundQueue, demoPeople } from '@bullpen/demo-company';
import type { SalesforceEmulator } from '@bullpen/salesforce-emulator';
import type { SlackSimulator } from '@bullpen/slack-simulator';
import { waitFor } from '../../helpers/process.ts';

export const QUEUE_CHANNEL = demoInboundQueue.channelId;
export const QUEUE_ID = demoInboundQueue.salesforceId;
/** Two of the queue's members and a rep who is not one. */
export const [MEMBER, OTHER_MEMBER] = demoInboundQueue.memberSlackIds;
export const NON_MEMBER = 'U0DEMOREP03';
export const MANAGER = 'U0DEMOMGR01';
export const CLAIM = 'lead_queue.claim';

export const salesforceIdOf = (slackId: string): string => {
  const person = demoPeople.find((candidate) => candidate.slackId === slackId);
  if (!person) throw new Error(`no demo person ${slackId}`);
  return person.salesforceId;
};

/** A policy mapping the demo "Inbound Web" queue to #inbound-web (`sections`: other policy sections). */
export function queuesPolicyFile(
  mapping: Record<string, unknown> = {},
  sections: Record<string, unknown> = {},
): string {
  const dir = mkdtempSync(join(tmpdir(), 'bullpen-queues-'));
  const path = join(dir, 'policy.json');
  writeFileSync(
    path,
    JSON.stringify({
      queues: [{ queue: 'Inbound_Web', channel: QUEUE_CHANNEL, manager: MANAGER, ...mapping }],
      ...sections,
    }),
  );
  return path;
}

export const blocksText = (blocks: unknown): string => JSON.stringify(blocks ?? []);

/** Creates a lead in the queue, as a web-to-lead form would. */
export function createQueuedLead(emulator: SalesforceEmulator, lastName: string): string {
  const lead = emulator.store.insert('Lead', {
    FirstName: 'Quinn',
    LastName: lastName,
    Company: `${lastName} Ltd`,
    LeadSource: 'Web',
    OwnerId: QUEUE_ID,
  });
  return String(lead['Id']);
}

/** The bot's post about a lead in the queue channel, once it is there. */
export function waitForQueuePost(simulator: SlackSimulator, lastName: string) {
  return waitFor(
    async () =>
      simulator.workspace
        .messagesIn(QUEUE_CHANNEL)
        .find((message) => message.bot_id !== undefined && blocksText(message.blocks).includes(lastName)),
    `the #inbound-web post about ${lastName}`,
  );
}

/** PATCHes of a lead through the REST API: the owner writes bullpen made. */
export const leadPatches = (emulator: SalesforceEmulator, leadId: string) =>
  emulator.requests.filter(
    (entry) => entry.method === 'PATCH' && entry.path.endsWith(`/sobjects/Lead/${leadId}`),
  );

export const ephemeralsMatching = (simulator: SlackSimulator, user: string, pattern: RegExp) =>
  simulator.workspace.ephemeralsFor(user).filter((ephemeral) => pattern.test(ephemeral.text));
