import { afterEach, describe, expect, it } from 'vitest';
import { Recognition } from '../../../src/features/recognition/app/recognition.ts';
import { runSync } from '../../../src/shared/sync/sync-jobs.ts';
import { startLocalBullpen, type LocalBullpen } from '../../helpers/app.ts';
import { waitFor } from '../../helpers/process.ts';
import { waitForQueuesToDrain } from '../../helpers/queues.ts';
import { useRedis } from '../../helpers/redis.ts';
import { EXEC, policyFile, REP, SALES, waitForPost, WINS } from './fixtures.ts';

describe('Chatter mirror', () => {
  const fixture = useRedis();
  let local: LocalBullpen | undefined;
  afterEach(async () => {
    await local?.close();
    local = undefined;
  });

  async function postLinkedShoutout(chatterMirror: boolean) {
    local = await startLocalBullpen(fixture.prefix, { BULLPEN_CONFIG: policyFile({ chatterMirror }) });
    const { simulator, app } = local;
    await runSync(app.services, { force: true });
    // The backfill publishes no events: the modal's picker lists wins from the synced store.
    const [won] = await new Recognition(app.services).opportunityChoices(null);
    const wonId = won?.id;
    expect(wonId).toBeDefined();
    await simulator.sendSlashCommand(EXEC, SALES, '/shoutout', '');
    const modal = await waitFor(async () => simulator.workspace.openModal(EXEC), 'the modal');
    await simulator.submitView(EXEC, modal.id, {
      shoutout_recipients: { recipients_input: [REP] },
      shoutout_message: { message_input: 'Closing machine' },
      shoutout_opportunity: { opportunity_input: wonId ?? '' },
    });
    await waitForPost(simulator, WINS, 'Closing machine');
    return local;
  }

  const feedItemRequests = (l: LocalBullpen) =>
    l.emulator.requests.filter((r) => r.path.includes('/sobjects/FeedItem'));

  it('is off by default: a linked shout-out makes no Salesforce call', async () => {
    const l = await postLinkedShoutout(false);
    await waitForQueuesToDrain(l.app.services.jobs);
    expect(feedItemRequests(l)).toEqual([]);
  });

  it('when on, posts the shout-out to the opportunity Chatter feed once', async () => {
    const l = await postLinkedShoutout(true);
    const [request] = await waitFor(async () => {
      const found = feedItemRequests(l);
      return found.length > 0 ? found : undefined;
    }, 'the FeedItem insert');
    expect(request?.method).toBe('POST');
    const posts = await waitFor(async () => {
      const items = [...l.emulator.store.records('FeedItem')];
      return items.length > 0 ? items : undefined;
    }, 'the Chatter post');
    expect(posts).toHaveLength(1);
    expect(String(posts[0]?.['ParentId'])).toMatch(/^006/);
    expect(String(posts[0]?.['Body'])).toContain('Closing machine');
    // A retried job or a second look must not post twice.
    await waitForQueuesToDrain(l.app.services.jobs);
    expect(feedItemRequests(l).length).toBe(1);
  });
});
