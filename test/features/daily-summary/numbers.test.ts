import { DateTime } from 'luxon';
import YAML from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { dailyContext, resolveTeam } from '../../../src/features/daily-summary/app/team-day.ts';
import { dailyNumbers } from '../../../src/features/nudges/app/daily-numbers.ts';
import { dailyNumbersBlocks } from '../../../src/features/nudges/slack/daily-blocks.ts';
import { runSync } from '../../../src/shared/sync/sync-jobs.ts';
import type { LocalBullpen } from '../../helpers/app.ts';
import { useRedis } from '../../helpers/redis.ts';
import { sfDateTime } from '../nudges/fixtures.ts';
import { MGR1, POLICY_YAML, REP1, REP2, REP3, startWithLeads } from '../nudges/local-setup.ts';

/*
 * Hand-checked fixture for a team's daily numbers. Y = yesterday 00:00 UTC; the 24/7 calendar
 * makes business hours wall-clock hours; Web's first-touch SLA is 4 h, the follow-up cadence 72 h.
 * Priya's team (MGR1) includes REP1 and REP2, not REP3.
 *
 * Yesterday [Y, Y+24h), by first-touch deadline:
 *   G REP1 created Y+2h (due Y+6h), call Y+3h: 1 h, within
 *   H REP2 created Y+10h (due Y+14h), never touched: missed, overdue now
 *   I REP1 created Y+12h (due Y+16h), call Y+19h: 7 h, late
 *   ⇒ 1 of 3 within SLA (33%); median first touch of G, I = (1 + 7) / 2 = 4 h
 * Same weekday a week before [Y-7d, Y-6d):
 *   J REP2 created Y-7d+1h, email +1 h, closed; K REP1 created Y-7d+8h, call +3 h, closed
 *   ⇒ 2 of 2 (100%); median (1 + 3) / 2 = 2 h
 * Waiting now: overdue H (1); never touched H and L (REP1, created an hour ago, due later) = 2.
 * M belongs to REP3 (Diego's team), created Y+1h and never touched: in none of Priya's numbers.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe("a team's daily numbers", () => {
  const fixture = useRedis();
  let local: LocalBullpen | undefined;
  afterEach(async () => {
    await local?.close();
    local = undefined;
  });

  it('match the hand-checked fixture, against the same weekday a week before', async () => {
    const Y = DateTime.utc().startOf('day').minus({ days: 1 }).toMillis();
    const now = Date.now();
    const lead = (name: string, owner: string, created: number, status?: string) => ({
      name,
      owner,
      source: 'Web',
      createdHoursAgo: (now - created) / HOUR,
      ...(status ? { status } : {}),
    });
    const closed = 'Closed - Not Converted';
    const started = await startWithLeads(
      fixture.prefix,
      [
        lead('G', REP1.salesforceId, Y + 2 * HOUR),
        lead('H', REP2.salesforceId, Y + 10 * HOUR),
        lead('I', REP1.salesforceId, Y + 12 * HOUR),
        lead('J', REP2.salesforceId, Y - 7 * DAY + HOUR, closed),
        lead('K', REP1.salesforceId, Y - 7 * DAY + 8 * HOUR, closed),
        lead('L', REP1.salesforceId, now - HOUR),
        lead('M', REP3.salesforceId, Y + HOUR),
      ],
      now,
      YAML.stringify({ ...YAML.parse(POLICY_YAML), roles: { admins: ['U0DEMOADMIN'] } }),
    );
    local = started.local;
    const task = (name: string, owner: string, at: number, subtype: 'Call' | 'Email') =>
      local!.emulator.store.insert('Task', {
        WhoId: started.ids[name],
        OwnerId: owner,
        Subject: subtype,
        TaskSubtype: subtype,
        Type: subtype,
        Status: 'Completed',
        CreatedDate: sfDateTime(new Date(at).toISOString()),
      });
    task('G', REP1.salesforceId, Y + 3 * HOUR, 'Call');
    task('I', REP1.salesforceId, Y + 19 * HOUR, 'Call');
    task('J', REP2.salesforceId, Y - 7 * DAY + 2 * HOUR, 'Email');
    task('K', REP1.salesforceId, Y - 7 * DAY + 11 * HOUR, 'Call');
    const services = local.app.services;
    await runSync(services, { force: true });

    const team = await resolveTeam(services, { manager: MGR1.slackId, channel: 'C0DEMOSALES' });
    expect([...team.ownerIds]).toEqual(
      expect.arrayContaining([MGR1.salesforceId, REP1.salesforceId, REP2.salesforceId]),
    );
    expect(team.ownerIds.has(REP3.salesforceId)).toBe(false);
    const today = DateTime.fromMillis(Y + DAY, { zone: 'UTC' }).toISODate() ?? '';
    const numbers = await dailyNumbers(services, dailyContext(team, 'UTC', today, new Date(now)));
    expect(numbers.yesterday).toMatchObject({ leadsDue: 3, touchedWithinSla: 1, medianHoursToFirstTouch: 4 });
    expect(numbers.weekBefore).toMatchObject({
      leadsDue: 2,
      touchedWithinSla: 2,
      medianHoursToFirstTouch: 2,
    });
    expect(numbers).toMatchObject({ overdueNow: 1, untouchedNow: 2 });
    const text = JSON.stringify(dailyNumbersBlocks(numbers));
    expect(text).toContain(
      '*Followed up within SLA yesterday:* 33% (1 of 3) · same day last week 100% (2 of 2)',
    );
    expect(text).toContain('*Median time to first touch:* 4.0 h · same day last week 2.0 h');
    expect(text).toContain('*Leads waiting now:* 1 overdue · 2 never touched');
  });
});
