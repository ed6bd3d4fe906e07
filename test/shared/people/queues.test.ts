import { afterEach, describe, expect, it } from 'vitest';
import { demoInboundQueue, demoPeople } from '@bullpen/demo-company';
import type { SalesforceEmulator } from '@bullpen/salesforce-emulator';
import { createLogger } from '../../../src/platform/http/logger.ts';
import { keyspace } from '../../../src/platform/redis.ts';
import { QueueDirectory } from '../../../src/shared/people/queues.ts';
import { emulatorWithConnection } from '../../helpers/salesforce.ts';
import { useRedis } from '../../helpers/redis.ts';

const logger = createLogger({ level: 'silent' });
const sfIdOf = (slackId: string): string => {
  const person = demoPeople.find((candidate) => candidate.slackId === slackId);
  if (!person) throw new Error(`no demo person ${slackId}`);
  return person.salesforceId;
};
const QUEUE_ID = demoInboundQueue.salesforceId;
const members = demoInboundQueue.memberSlackIds.map(sfIdOf);

describe('QueueDirectory', () => {
  const fixture = useRedis();
  let emulator: SalesforceEmulator | undefined;
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });

  const directoryFor = async () => {
    const started = await emulatorWithConnection({ seed: 'demo' });
    emulator = started.emulator;
    const directory = new QueueDirectory({
      redis: fixture.redis,
      keys: keyspace(fixture.prefix),
      salesforce: { connection: () => Promise.resolve(started.conn) },
      logger,
    });
    return { directory, emulator: started.emulator };
  };

  it('reads the queues that hold Leads and their members, and answers by Id, DeveloperName or Name', async () => {
    const { directory } = await directoryFor();
    expect(await directory.all()).toEqual([]);
    const queues = await directory.refresh();
    expect(queues).toEqual([
      { id: QUEUE_ID, name: 'Inbound Web', developerName: 'Inbound_Web', memberUserIds: [...members].sort() },
    ]);
    expect(await directory.isQueue(QUEUE_ID)).toBe(true);
    expect(await directory.isQueue(QUEUE_ID.slice(0, 15))).toBe(true);
    expect(await directory.isQueue(members[0] ?? '')).toBe(false);
    for (const reference of ['Inbound_Web', 'inbound web', QUEUE_ID.slice(0, 15), ` ${QUEUE_ID} `]) {
      expect((await directory.resolve(reference))?.id, reference).toBe(QUEUE_ID);
    }
    expect(await directory.resolve('Outbound')).toBeNull();
    expect(await directory.isMember(QUEUE_ID, members[1] ?? '')).toBe(true);
    expect(await directory.isMember(QUEUE_ID, sfIdOf('U0DEMOREP03'))).toBe(false);
  });

  it('expands member groups one level, ignores deeper ones and queues that do not hold Leads', async () => {
    const { directory, emulator: org } = await directoryFor();
    const nightShift = String(
      org.store.insert('Group', { Name: 'Night shift', DeveloperName: 'Night_Shift' })['Id'],
    );
    const deeper = String(org.store.insert('Group', { Name: 'Weekend', DeveloperName: 'Weekend' })['Id']);
    org.store.insert('GroupMember', { GroupId: nightShift, UserOrGroupId: sfIdOf('U0DEMOREP03') });
    org.store.insert('GroupMember', { GroupId: nightShift, UserOrGroupId: deeper });
    org.store.insert('GroupMember', { GroupId: deeper, UserOrGroupId: sfIdOf('U0DEMOREP04') });
    org.store.insert('GroupMember', { GroupId: QUEUE_ID, UserOrGroupId: nightShift });
    const cases = String(
      org.store.insert('Group', { Name: 'Cases', DeveloperName: 'Cases', Type: 'Queue' })['Id'],
    );
    org.store.insert('QueueSobject', { QueueId: cases, SobjectType: 'Case' });

    const queues = await directory.refresh();
    expect(queues.map((queue) => queue.name)).toEqual(['Inbound Web']);
    expect(await directory.isMember(QUEUE_ID, sfIdOf('U0DEMOREP03'))).toBe(true);
    expect(await directory.isMember(QUEUE_ID, sfIdOf('U0DEMOREP04'))).toBe(false);
    expect(await directory.isQueue(cases)).toBe(false);
  });

  it('reads Salesforce on a look-up of a queue Id before its first refresh, and only for Group Ids', async () => {
    const { directory, emulator: org } = await directoryFor();
    org.requests.length = 0;
    expect(await directory.lookup(members[0] ?? '')).toBeNull();
    expect(org.requests).toHaveLength(0);
    expect((await directory.lookup(QUEUE_ID))?.name).toBe('Inbound Web');
    const calls = org.requests.length;
    expect(calls).toBeGreaterThan(0);
    // Known now: no more queries.
    expect((await directory.lookup(QUEUE_ID))?.name).toBe('Inbound Web');
    expect(org.requests).toHaveLength(calls);
  });
});
