import { afterEach, describe, expect, it } from 'vitest';
import { Recognition } from '../../../src/features/recognition/app/recognition.ts';
import { startLocalBullpen, type LocalBullpen } from '../../helpers/app.ts';
import { waitFor } from '../../helpers/process.ts';
import { waitForQueuesToDrain } from '../../helpers/queues.ts';
import { useRedis } from '../../helpers/redis.ts';
import { botMessagesIn, EXEC, policyFile, REP, SALES, waitForPost, WINS } from './fixtures.ts';

/*
 * The shout-out modal checks its recipients with Slack (users.info) before answering the
 * submission. With users.info answering after 4 s (rate limited, slow), Slack gave up on the
 * submission at 3 s and showed its connection error while the shout-out was posted anyway. Now the
 * modal becomes a holding note in time and then says the shout-out is on its way; it posts once.
 */

const text = (value: unknown): string => JSON.stringify(value ?? null);

describe('the shout-out modal when Slack answers users.info slowly', () => {
  const fixture = useRedis();
  let local: LocalBullpen | undefined;
  afterEach(async () => {
    await local?.close();
    local = undefined;
  });

  it('answers in time with a holding note, then says it is on its way, and posts once', async () => {
    local = await startLocalBullpen(fixture.prefix, { BULLPEN_CONFIG: policyFile() });
    const { simulator, app } = local;
    await simulator.sendMessage(REP, SALES, 'Closed the Acme deal, thanks team!');
    const message = simulator.workspace.messagesIn(SALES).find((m) => m.user === REP);
    await simulator.messageShortcut(EXEC, 'shoutout_message', SALES, message?.ts ?? '');
    const modal = await waitFor(async () => simulator.workspace.openModal(EXEC), 'the shout-out modal');

    simulator.setResponseDelay('users.info', 4_000);
    const before = simulator.callsTo('users.info').length;
    const response = await simulator.submitView(EXEC, modal.id, {
      shoutout_message: { message_input: 'Acme, done and dusted' },
    });

    expect(response.timedOut).toBe(false);
    expect(response.json).toMatchObject({ response_action: 'update' });
    expect(text(response.json)).toContain('Checking the recipients with Slack');
    await waitFor(
      async () =>
        text(simulator.workspace.views.get(modal.id)?.definition['blocks']).includes('saved and on its way')
          ? true
          : undefined,
      'the modal to say the shout-out is on its way',
    );
    expect(simulator.callsTo('users.info').length).toBeGreaterThan(before);
    await waitForPost(simulator, WINS, 'Acme, done and dusted');
    simulator.setResponseDelay('users.info', undefined);
    await waitForQueuesToDrain(app.services.jobs);
    expect(
      botMessagesIn(simulator, WINS).filter((m) => text(m.blocks).includes('Acme, done and dusted')),
    ).toHaveLength(1);
    expect(await new Recognition(app.services).store.kudosOf(REP)).toBe(1);
  });
});
