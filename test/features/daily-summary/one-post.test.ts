import { afterEach, describe, expect, it } from 'vitest';
import { postDailySummary } from '../../../src/features/daily-summary/app/daily-post.ts';
import { dailyJobHandlers } from '../../../src/features/daily-summary/jobs.ts';
import { CHECK_JOB, dailyQueue } from '../../../src/features/daily-summary/queue.ts';
import type { DailySummaryDeps } from '../../../src/features/daily-summary/deps.ts';
import { nudgesDailySection } from '../../../src/features/nudges/app/daily-numbers.ts';
import { buildParts, type AppParts } from '../../../src/main.ts';
import { createLogger } from '../../../src/platform/http/logger.ts';
import type { LocalBullpen } from '../../helpers/app.ts';
import { waitFor } from '../../helpers/process.ts';
import { waitForQueuesToDrain } from '../../helpers/queues.ts';
import { useRedis } from '../../helpers/redis.ts';
import { SALES, person, startContestBullpen } from '../contests/local-helpers.ts';

/*
 * One daily summary per team channel per local day, whatever the number of workers that see it due
 * and however often a post job runs: two job runtimes on the same Redis prefix (the local bullpen
 * and a second worker process built the way main.ts builds one) share the checks and the posts.
 */

const manager = person('manager');
const DAILY = [
  'daily:',
  "  time: '00:00'", // always due: the test does not wait for a time of day
  '  teams:',
  `    - { manager: ${manager.slackId}, channel: ${SALES} }`,
];

const dailyPosts = (local: LocalBullpen) =>
  local.simulator
    .callsTo('chat.postMessage')
    .filter((c) => c.args['channel'] === SALES && /^Daily summary/.test(String(c.args['text'])));

/** A second worker process on the same Redis prefix and the same Slack: its own job runtime. */
function secondWorker(local: LocalBullpen, redis: AppParts['redis']): AppParts {
  const first = local.app.services;
  const parts = buildParts({
    config: first.config,
    logger: createLogger({ level: 'silent' }),
    redis,
    slack: { botToken: first.slack.token ?? '', apiUrl: first.slack.slackApiUrl },
    slackRetries: 2,
  });
  parts.delivery.registerWorker();
  return parts;
}

/** The daily summary's own use cases on one runtime, with the follow-up section main.ts gives it. */
const dailyDeps = (parts: AppParts): DailySummaryDeps => ({
  ...parts,
  sections: [nudgesDailySection(parts)],
});

describe('the daily summary', () => {
  const fixture = useRedis();
  let local: LocalBullpen | undefined;
  let second: AppParts | undefined;
  afterEach(async () => {
    await second?.jobs.close(1_000);
    await local?.close();
    second = local = undefined;
  });

  it('is posted once per channel per day by two workers, and a retried post job posts nothing more', async () => {
    local = await startContestBullpen(fixture.prefix, 1, [], DAILY);
    second = secondWorker(local, fixture.connect());
    second.jobs.process(dailyQueue, dailyJobHandlers(dailyDeps(second)));
    second.jobs.startWorkers();

    // Both runtimes check at once, several times over, as their schedulers and retries would.
    for (const parts of [local.app.services, second, local.app.services, second]) {
      await parts.jobs.add(dailyQueue, CHECK_JOB, {}, { jobId: `extra-check-${Math.random()}` });
    }
    await waitFor(async () => (dailyPosts(local!).length > 0 ? true : undefined), 'the daily summary');
    await waitForQueuesToDrain(local.app.services.jobs);
    expect(dailyPosts(local)).toHaveLength(1);
    const posted = dailyPosts(local)[0];
    expect(posted?.response['ok']).toBe(true);
    expect(JSON.stringify(posted?.args['blocks'])).toContain('Followed up within SLA yesterday');

    // The post job run again (a retry, or another worker) on both runtimes at once: still one post.
    const localDate = /^daily-summary-C0DEMOSALES-(\d{4}-\d{2}-\d{2})$/.exec(
      (await local.app.services.jobs.queue(dailyQueue).getCompleted()).find((j) => j.name === 'daily-post')
        ?.id ?? '',
    )?.[1];
    expect(localDate).toBeDefined();
    const data = { channel: SALES, manager: manager.slackId, localDate: localDate ?? '' };
    const [a, b] = await Promise.all([
      postDailySummary(dailyDeps(local.app.services), data),
      postDailySummary(dailyDeps(second), data),
    ]);
    expect(a.ts).toBe(posted?.response['ts']);
    expect(b.ts).toBe(posted?.response['ts']);
    await waitForQueuesToDrain(local.app.services.jobs);
    expect(dailyPosts(local)).toHaveLength(1);
  });
});
