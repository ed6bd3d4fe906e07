import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SalesforceEmulator } from '@bullpen/salesforce-emulator';
import { runDoctor } from '../../../src/cli/doctor.ts';
import { createLogger } from '../../../src/platform/http/logger.ts';
import { keyspace } from '../../../src/platform/redis.ts';
import { QueueDirectory } from '../../../src/shared/people/queues.ts';
import { TEST_REDIS_URL, useRedis } from '../../helpers/redis.ts';
import { emulatorWithConnection } from '../../helpers/salesforce.ts';
import { QUEUE_CHANNEL } from './fixtures.ts';

const logger = createLogger({ level: 'silent' });

const policyWith = (queues: unknown[]): string => {
  const path = join(mkdtempSync(join(tmpdir(), 'bullpen-queues-doctor-')), 'policy.json');
  writeFileSync(path, JSON.stringify({ queues }));
  return path;
};

describe('bullpen doctor: lead queues', () => {
  const fixture = useRedis();
  let emulator: SalesforceEmulator | undefined;
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });

  it('says which mapped queue Salesforce lacks or nobody can claim from, once the queues have been read', async () => {
    const env = {
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: fixture.prefix,
      BULLPEN_CONFIG: policyWith([
        { queue: 'Inbound_Web', channel: QUEUE_CHANNEL },
        { queue: 'Empty Queue', channel: '#empty' },
        { queue: 'Outbound_Web', channel: '#outbound' },
      ]),
    };
    // No extra checks passed: the lead-queues feature brings its own (Feature.doctorChecks).
    const queueLines = async () => (await runDoctor(env)).checks.filter((check) => check.name === 'queues');
    expect((await queueLines()).map((check) => check.status)).toEqual(['skip']);

    const started = await emulatorWithConnection({ seed: 'demo' });
    emulator = started.emulator;
    const empty = String(
      started.emulator.store.insert('Group', { Name: 'Empty Queue', Type: 'Queue' })['Id'],
    );
    started.emulator.store.insert('QueueSobject', { QueueId: empty, SobjectType: 'Lead' });
    await new QueueDirectory({
      redis: fixture.redis,
      keys: keyspace(fixture.prefix),
      salesforce: { connection: () => Promise.resolve(started.conn) },
      logger,
    }).refresh();

    const lines = await queueLines();
    expect(lines.map((check) => [check.status, check.detail])).toEqual([
      ['pass', `Inbound Web → ${QUEUE_CHANNEL}: 3 member(s) can claim, claim SLA 15 min`],
      ['warn', 'Empty Queue → #empty: the queue has no member users, so nobody can claim its leads in Slack'],
      [
        'warn',
        '"Outbound_Web" → #outbound: Salesforce has no lead queue by that DeveloperName, Name or Id (lead queues: Inbound_Web, Empty Queue)',
      ],
    ]);
    expect(lines.filter((check) => check.status === 'warn').every((check) => check.fix)).toBe(true);
  });

  it('adds no line when the policy maps no queue', async () => {
    const report = await runDoctor({ REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: fixture.prefix });
    expect(report.checks.filter((check) => check.name === 'queues')).toEqual([]);
  });
});
