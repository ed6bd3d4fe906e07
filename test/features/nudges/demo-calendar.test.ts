import { afterEach, describe, expect, it } from 'vitest';
import { digestJobId } from '../../../src/features/nudges/domain/digest.ts';
import { runNudgeScan } from '../../../src/features/nudges/app/scan.ts';
import { loadConfig } from '../../../src/config.ts';
import { DEMO_CALENDAR_NOTE, prepareLocalMode } from '../../../src/local-mode.ts';
import { runSync } from '../../../src/shared/sync/sync-jobs.ts';
import { startLocalBullpen, type LocalBullpen } from '../../helpers/app.ts';
import { TEST_REDIS_URL, useRedis } from '../../helpers/redis.ts';
import { sfDateTime } from './fixtures.ts';
import { digestPostsTo, REP1, waitForDigest } from './local-setup.ts';

const HOUR_MS = 3_600_000;

/*
 * Local mode with no policy file runs the demo company. A newcomer tries it at whatever hour it is
 * where they are: a Saturday 03:00 in New York must still clock leads and send the digest, since
 * the demo calendar is round the clock (every day, 00:00–24:00).
 */
describe('local mode without a policy file', () => {
  const fixture = useRedis();
  let local: LocalBullpen | undefined;
  afterEach(async () => {
    await local?.close();
    local = undefined;
  });

  it('uses a round-the-clock demo calendar, so a digest goes out at 03:00 on a Saturday in New York', async () => {
    local = await startLocalBullpen(fixture.prefix);
    const { services } = local.app;
    // Saturday 2026-11-28 03:00 in New York (08:00 UTC): outside 09:00–17:00 Monday to Friday.
    const now = new Date('2026-11-28T08:00:00Z');
    const store = local.emulator.store;
    for (const lead of [...store.records('Lead')]) {
      if (lead['IsDeleted'] !== true) store.delete('Lead', String(lead['Id']));
    }
    store.insert('Lead', {
      LastName: 'Night-Owl',
      Company: 'Night-Owl Inc',
      Status: 'Open - Not Contacted',
      LeadSource: 'Web',
      OwnerId: REP1.salesforceId,
      // 6 wall-clock hours before a Saturday-night `now`: overdue only on a round-the-clock calendar.
      CreatedDate: sfDateTime(new Date(now.getTime() - 6 * HOUR_MS).toISOString()),
    });
    await runSync(services, { force: true });

    const scan = await runNudgeScan(services, { now });

    expect(scan.skipped).toEqual({});
    const jobId = digestJobId(REP1.salesforceId, scan.windowId);
    expect(scan.repDigests).toEqual([jobId]);
    await waitForDigest(local, jobId);
    const [post] = digestPostsTo(local, REP1.slackId);
    const sent = JSON.stringify(post?.args);
    expect(sent).toContain('Night-Owl');
    // The digest says why it arrives at night: the demo calendar is round the clock.
    expect(sent).toContain('round the clock');
  });
});

describe('local mode start-up', () => {
  it('says the demo company works round the clock, and that a policy file sets real working hours', async () => {
    const config = loadConfig({ PORT: '0', REDIS_URL: TEST_REDIS_URL, LOG_LEVEL: 'silent' });
    const said: string[] = [];
    const settled = await prepareLocalMode(config, { info: (line: string) => said.push(line) });
    expect(said).toEqual([DEMO_CALENDAR_NOTE]);
    expect(DEMO_CALENDAR_NOTE).toContain('round the clock');
    expect(DEMO_CALENDAR_NOTE).toContain('sla.calendar');
    expect(settled.policy.sla.calendar).toMatchObject({
      workingDays: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
      startOfDay: '00:00',
      endOfDay: '24:00',
    });
  });
});
