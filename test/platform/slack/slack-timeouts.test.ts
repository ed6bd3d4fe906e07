import { afterEach, describe, expect, it, vi } from 'vitest';
import { Recognition } from '../../../src/features/recognition/app/recognition.ts';
import { startLocalBullpen, type LocalBullpen } from '../../helpers/app.ts';
import { waitFor } from '../../helpers/process.ts';
import { useRedis } from '../../helpers/redis.ts';
import { botMessagesIn, EXEC, policyFile, REP, SALES, WINS } from '../../features/recognition/fixtures.ts';

/**
 * A Slack that takes a post and never answers. The call must give up (SLACK_TIMEOUT_MS), count as a
 * transient failure, and the retry must find the post Slack already has instead of posting twice.
 * The waits are bounds against a hang: without a timeout the held answer takes ten minutes.
 */

const HELD_FOREVER_MS = 10 * 60_000;
vi.setConfig({ testTimeout: 120_000 });

async function drained(
  local: LocalBullpen,
  queue: 'slack-delivery' | 'recognition',
): Promise<true | undefined> {
  const counts = await local.app.services.jobs.queueNamed(queue).getJobCounts('waiting', 'active', 'delayed');
  return counts['waiting'] === 0 && counts['active'] === 0 && counts['delayed'] === 0 ? true : undefined;
}

describe('a Slack call that never answers', () => {
  const fixture = useRedis();
  let local: LocalBullpen | undefined;
  afterEach(async () => {
    await local?.close();
    local = undefined;
  });

  it('times out, is retried as a transient failure, and the shout-out is posted once', async () => {
    local = await startLocalBullpen(fixture.prefix, {
      BULLPEN_CONFIG: policyFile(),
      SLACK_TIMEOUT_MS: '1000',
    });
    const { simulator } = local;
    simulator.setResponseDelay('chat.postMessage', HELD_FOREVER_MS);

    await simulator.sendSlashCommand(EXEC, SALES, '/shoutout', `<@${REP}|sam> booked three demos`);
    // Slack has the post; its answer is held back. From now on Slack answers at once again.
    await waitFor(
      async () => (botMessagesIn(simulator, WINS).length > 0 ? true : undefined),
      'the first post to reach Slack',
    );
    simulator.setResponseDelay('chat.postMessage', undefined);

    const app = local;
    await waitFor(async () => {
      const [stored] = await new Recognition(app.app.services).store.recent(1);
      const record = stored ? await app.app.services.delivery.record(stored.deliveryKey) : null;
      return record?.ts ? record : undefined;
    }, 'the shout-out delivery to complete');
    await waitFor(() => drained(app, 'slack-delivery'), 'the delivery queue to drain');
    const posts = botMessagesIn(simulator, WINS).filter((m) =>
      JSON.stringify(m.blocks).includes('three demos'),
    );
    expect(posts).toHaveLength(1);
  });
});
