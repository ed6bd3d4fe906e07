import { afterEach, describe, expect, it } from 'vitest';
import { demoPeople } from '@bullpen/demo-company';
import { ScoringLookups } from '../../../src/features/contests/app/scoring-lookups.ts';
import type { LocalBullpen } from '../../helpers/app.ts';
import { useRedis } from '../../helpers/redis.ts';
import { makeTask } from './fixtures.ts';
import { startContestBullpen } from './local-helpers.ts';

describe('what contest scoring learns about the people behind the records', () => {
  const fixture = useRedis();
  let local: LocalBullpen | undefined;
  afterEach(async () => {
    await local?.close();
    local = undefined;
  });

  it('gives each task owner’s own time zone, from their synced Salesforce user', async () => {
    local = await startContestBullpen(fixture.prefix, 0.001);
    const west = demoPeople.find((p) => p.role === 'rep' && p.timeZone === 'America/Los_Angeles');
    const east = demoPeople.find((p) => p.role === 'rep' && p.timeZone === 'America/New_York');
    if (!west || !east) throw new Error('the demo company has reps in Los Angeles and New York');
    const lookups = new ScoringLookups(local.app.services);
    const context = await lookups.contextFor(
      {
        leads: [],
        tasks: [makeTask(1, { OwnerId: west.salesforceId }), makeTask(2, { OwnerId: east.salesforceId })],
      },
      new Date(),
      { needsSla: false },
    );
    expect(context.timeZoneFor?.(west.salesforceId)).toBe('America/Los_Angeles');
    expect(context.timeZoneFor?.(east.salesforceId)).toBe('America/New_York');
  });
});
