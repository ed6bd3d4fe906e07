import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import { dailyDeliveryKey, postDailySummary } from '../../../src/features/daily-summary/app/daily-post.ts';
import { teamTimeZone } from '../../../src/features/daily-summary/app/team-day.ts';
import { runSync } from '../../../src/shared/sync/sync-jobs.ts';
import type { LocalBullpen } from '../../helpers/app.ts';
import { waitFor } from '../../helpers/process.ts';
import { useRedis } from '../../helpers/redis.ts';
import { createContestEngine } from '../../../src/features/contests/index.ts';
import { shoutoutAnswer } from '../recognition/fixtures.ts';
import { SALES, person, startContestBullpen, waitForContest } from '../contests/local-helpers.ts';

/*
 * The summary gathers the other features' sections, as main.ts composes them: the team's live
 * contest as its public board (scorers only) and the day's shout-outs to team members. The post is
 * made for tomorrow's local date, so "yesterday" is today, when the test scored and shouted out.
 */

describe('the daily summary of a team', () => {
  const fixture = useRedis();
  let local: LocalBullpen | undefined;
  afterEach(async () => {
    await local?.close();
    local = undefined;
  });

  it("shows the team's live contest without zeros and the shout-outs to its members", async () => {
    local = await startContestBullpen(fixture.prefix, 1 / 250);
    const services = local.app.services;
    const [manager, ana, ben, other] = [
      person('manager'),
      person('rep', 0),
      person('rep', 1),
      person('rep', 2),
    ];
    await local.simulator.sendSlashCommand(
      manager.slackId,
      SALES,
      '/contest',
      `start "Morning race" metric:calls for:1d with:<@${ana.slackId}>,<@${ben.slackId}>`,
    );
    const contest = await waitForContest(local, (c) => c.status === 'running', 'the contest to start');
    const lead = [...local.emulator.store.records('Lead')].find(
      (l) => l['OwnerId'] === ana.salesforceId && l['IsDeleted'] !== true && l['IsConverted'] !== true,
    );
    local.emulator.store.insert(
      'Task',
      {
        WhoId: lead?.['Id'],
        OwnerId: ana.salesforceId,
        Subject: 'Call',
        TaskSubtype: 'Call',
        Status: 'Completed',
      },
      { userId: ana.salesforceId, trusted: true },
    );
    await runSync(services, { force: true });
    const engine = createContestEngine(services);
    await waitFor(
      async () => ((await engine.standings(contest)).some((r) => r.points === 1) ? true : undefined),
      'the call to score',
    );
    await shoutoutAnswer(local.simulator, 'U0DEMOEXEC1', `<@${ana.slackId}> Best week of calls yet`);
    await shoutoutAnswer(local.simulator, 'U0DEMOEXEC1', `<@${other.slackId}> Great demo in the other team`);

    const manager1 = { manager: manager.slackId, channel: SALES };
    const zone = await teamTimeZone(services, manager1);
    const tomorrow = DateTime.now().setZone(zone).plus({ days: 1 }).toISODate() ?? '';
    const sections = local.app.features.all.flatMap((f) => [...(f.dailySections ?? [])]);
    await postDailySummary({ ...services, sections }, { ...manager1, localDate: tomorrow });

    const record = await services.delivery.record(dailyDeliveryKey(SALES, tomorrow));
    const posted = local.simulator.workspace.messagesIn(SALES).find((m) => m.ts === record?.ts);
    const body = JSON.stringify(posted?.blocks);
    expect(body).toContain('Morning race');
    expect(body).toContain(`${ana.name} · 1 call`);
    expect(body).not.toContain(ben.name);
    expect(body).toContain('Shout-outs yesterday');
    expect(body).toContain('Best week of calls yet');
    expect(body).not.toContain('Great demo in the other team');
    expect(body).toContain('Followed up within SLA yesterday');
  });
});
