import { demoInboundQueue, demoIntegrationUser, demoPeople } from '@bullpen/demo-company';
import { companyStems, firstNames, lastNames } from './dataset-words.ts';
import type { IdFactory } from './ids.ts';
import { keyPrefixes } from './ids.ts';
import type { Random } from './random.ts';
import type { SfRecord } from './schema.ts';
import { formatDateTime } from './time.ts';

/**
 * The demo company's lead queue: "Inbound Web" (a Group of Type 'Queue' that holds Leads), Team
 * East's three reps as its members, and a few new web leads waiting in it for someone to claim.
 */

export interface GeneratedQueues {
  Group: SfRecord[];
  GroupMember: SfRecord[];
  QueueSobject: SfRecord[];
  /** Open leads owned by the queue. */
  Lead: SfRecord[];
}

const stamped = (createdMs: number): SfRecord => {
  const stamp = formatDateTime(createdMs);
  const userId = demoIntegrationUser.salesforceId;
  return {
    CreatedDate: stamp,
    CreatedById: userId,
    LastModifiedDate: stamp,
    LastModifiedById: userId,
    SystemModstamp: stamp,
  };
};

const memberUserIds = (): string[] =>
  demoInboundQueue.memberSlackIds.map((slackId) => {
    const person = demoPeople.find((candidate) => candidate.slackId === slackId);
    if (person === undefined) throw new Error(`demo queue member ${slackId} is not a demo person`);
    return person.salesforceId;
  });

const queuedLead = (id: string, random: Random, createdMs: number): SfRecord => {
  const firstName = random.pick(firstNames);
  const lastName = random.pick(lastNames);
  const company = `${random.pick(companyStems)} Labs`;
  return {
    Id: id,
    FirstName: firstName,
    LastName: lastName,
    Name: `${firstName} ${lastName}`,
    Company: company,
    Title: null,
    Email: `${firstName}.${lastName}@${company.split(' ')[0] ?? 'lead'}.example`.toLowerCase(),
    Phone: null,
    Status: 'Open - Not Contacted',
    OwnerId: demoInboundQueue.salesforceId,
    LeadSource: 'Web',
    Rating: null,
    Industry: null,
    LastActivityDate: null,
    IsConverted: false,
    ConvertedDate: null,
    ConvertedOpportunityId: null,
    IsDeleted: false,
    ...stamped(createdMs),
  };
};

export const generateQueues = (
  ids: IdFactory,
  random: Random,
  options: { nowMs: number; setupMs: number; queuedLeads: number },
): GeneratedQueues => {
  const queueId = demoInboundQueue.salesforceId;
  ids.observe(queueId);
  const setup = stamped(options.setupMs);
  const group: SfRecord = {
    Id: queueId,
    Name: demoInboundQueue.name,
    DeveloperName: demoInboundQueue.developerName,
    Type: 'Queue',
    Email: null,
    ...setup,
  };
  const members = memberUserIds().map((userId) => ({
    Id: ids.next(keyPrefixes.GroupMember),
    GroupId: queueId,
    UserOrGroupId: userId,
    SystemModstamp: setup['SystemModstamp'] ?? null,
  }));
  const holds: SfRecord = {
    Id: ids.next(keyPrefixes.QueueSobject),
    QueueId: queueId,
    SobjectType: 'Lead',
    ...setup,
  };
  const leads = Array.from({ length: options.queuedLeads }, (_, index) =>
    // Minutes old, newest last: what a queue looks like mid-morning.
    queuedLead(
      ids.next(keyPrefixes.Lead),
      random,
      options.nowMs - (options.queuedLeads - index) * 7 * 60_000,
    ),
  );
  return { Group: [group], GroupMember: members, QueueSobject: [holds], Lead: leads };
};
