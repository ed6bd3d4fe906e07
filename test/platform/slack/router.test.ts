import { App } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { SlackRouter } from '../../../src/platform/slack/router.ts';

/**
 * The router puts each kind of listener behind one Bolt listener and looks the name up; these run
 * Slack bodies through a real Bolt App (processEvent, as its receivers do) to show that dispatch
 * still reaches exactly the listeners registered for a name.
 */
function routedApp(): { app: App; router: SlackRouter; ran: string[] } {
  const app = new App({
    signingSecret: 'router-test-secret',
    authorize: () => Promise.resolve({ botToken: 'xoxb-router-test' }),
    convoStore: false,
  });
  return { app, router: new SlackRouter(app), ran: [] };
}

async function deliver(app: App, body: Record<string, unknown>): Promise<boolean> {
  let acked = false;
  await app.processEvent({
    body,
    ack: () => {
      acked = true;
      return Promise.resolve();
    },
  });
  return acked;
}

const command = (name: string): Record<string, unknown> => ({
  command: name,
  text: '',
  user_id: 'U1',
  channel_id: 'C1',
  team_id: 'T1',
  response_url: 'https://hooks.slack.invalid/commands/1',
  trigger_id: '1.2.3',
});

const click = (actionId: string): Record<string, unknown> => ({
  type: 'block_actions',
  team: { id: 'T1', domain: 'test' },
  user: { id: 'U1', username: 'someone', team_id: 'T1' },
  api_app_id: 'A1',
  token: 'legacy',
  trigger_id: '1.2.3',
  container: { type: 'view', view_id: 'V1' },
  actions: [{ action_id: actionId, block_id: 'b', type: 'button', action_ts: '1' }],
});

const submission = (callbackId: string): Record<string, unknown> => ({
  type: 'view_submission',
  team: { id: 'T1', domain: 'test' },
  user: { id: 'U1', username: 'someone', team_id: 'T1' },
  api_app_id: 'A1',
  token: 'legacy',
  trigger_id: '1.2.3',
  view: { id: 'V1', type: 'modal', callback_id: callbackId, state: { values: {} } },
});

describe('SlackRouter dispatch', () => {
  it('runs the command registered under the name Slack sent, and nothing for a name nobody registered', async () => {
    const { app, router, ran } = routedApp();
    router.command('/leads', async ({ ack }) => {
      ran.push('/leads');
      await ack();
    });
    router.command('/followup', async ({ ack }) => {
      ran.push('/followup');
      await ack();
    });
    expect(await deliver(app, command('/followup'))).toBe(true);
    expect(ran).toEqual(['/followup']);
    expect(await deliver(app, command('/unknown'))).toBe(false);
    expect(ran).toEqual(['/followup']);
  });

  it('runs every listener registered for an action id, and only those', async () => {
    const { app, router, ran } = routedApp();
    router.action('refresh', async ({ ack }) => {
      ran.push('refresh 1');
      await ack();
    });
    router.action('refresh', async () => {
      ran.push('refresh 2');
      await Promise.resolve();
    });
    router.action('other', async ({ ack }) => {
      ran.push('other');
      await ack();
    });
    expect(await deliver(app, click('refresh'))).toBe(true);
    expect(ran.sort()).toEqual(['refresh 1', 'refresh 2']);
  });

  it('lets every listener of a name finish before a failure of one is reported, and reports each', async () => {
    const { app, router, ran } = routedApp();
    let open = (): void => undefined;
    const gate = new Promise<void>((resolve) => (open = resolve));
    router.action('refresh', async ({ ack }) => {
      await ack();
      open();
      throw new Error('first listener failed');
    });
    router.action('refresh', async () => {
      await gate;
      // A turn of the event loop later than the first listener's failure.
      await new Promise((resolve) => setImmediate(resolve));
      ran.push('second listener finished');
      throw new Error('second listener failed');
    });
    const outcome = await deliver(app, click('refresh')).then(
      () => 'acked',
      (error: unknown) => error,
    );
    expect(ran).toEqual(['second listener finished']);
    // Bolt hands the error on wrapped as an UnknownError whose `original` is ours.
    const original = (outcome as { original?: unknown }).original;
    expect(original).toBeInstanceOf(AggregateError);
    expect((original as AggregateError).errors.map((e: Error) => e.message)).toEqual([
      'first listener failed',
      'second listener failed',
    ]);
  });

  it('runs the view listener for the submitted callback_id', async () => {
    const { app, router, ran } = routedApp();
    router.view('launch', async ({ ack }) => {
      ran.push('launch');
      await ack();
    });
    router.view('rate', async ({ ack }) => {
      ran.push('rate');
      await ack();
    });
    expect(await deliver(app, submission('rate'))).toBe(true);
    expect(ran).toEqual(['rate']);
    expect(router.surface.views).toEqual(['launch', 'rate']);
  });
});
