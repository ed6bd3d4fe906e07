import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/platform/http/logger.ts';
import {
  ackAndEnqueue,
  answerDeferredReply,
  deferredReplyOf,
  type DeferredReply,
} from '../../../src/platform/slack/deferred-reply.ts';

/**
 * The web process's half (ack, then enqueue) and the worker's half (compute, then post to the
 * response_url) of a deferred answer, with a real HTTP server standing in for Slack's response_url.
 */

const logger = createLogger({ level: 'silent' });
const deps = { logger, config: { env: { SLACK_TIMEOUT_MS: 5_000 } } };

describe('deferred replies', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  /** A response_url that records what is posted to it. */
  async function responseUrl(): Promise<{ url: string; posted: unknown[] }> {
    const posted: unknown[] = [];
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        posted.push(JSON.parse(body));
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/r/1`, posted };
  }

  const command = (fields: Record<string, unknown>) => ({ command: '/leads', ...fields });

  it('keeps who asked, where, what and when, and nothing from a command without a response_url', () => {
    const at = new Date('2026-11-30T12:00:00.000Z');
    const full = {
      user_id: 'U1',
      channel_id: 'C1',
      text: 'list',
      response_url: 'https://hooks.slack.test/1',
    };
    expect(deferredReplyOf(command(full), at)).toEqual({
      userId: 'U1',
      channelId: 'C1',
      text: 'list',
      responseUrl: 'https://hooks.slack.test/1',
      requestedAt: at.toISOString(),
    });
    expect(deferredReplyOf(command({ ...full, response_url: undefined }), at)).toBeNull();
    expect(deferredReplyOf(command({ ...full, response_url: 'not a url' }), at)).toBeNull();
    expect(deferredReplyOf(command({ ...full, user_id: '' }), at)).toBeNull();
  });

  it('acks, then enqueues what the worker needs', async () => {
    const acks: unknown[] = [];
    const queued: DeferredReply[] = [];
    await ackAndEnqueue(
      {
        ack: async (reply) => void acks.push(reply),
        command: command({
          user_id: 'U1',
          channel_id: 'C1',
          text: '',
          response_url: 'https://hooks.slack.test/1',
        }),
        respond: async () => expect.unreachable('nothing went wrong'),
      },
      async (reply) => void queued.push(reply),
      { logger, failedText: 'failed', holding: 'Working…' },
    );
    expect(acks).toEqual([{ response_type: 'ephemeral', text: 'Working…' }]);
    expect(queued.map((q) => q.userId)).toEqual(['U1']);
  });

  it('tells the person at once and queues nothing when the command lacks a response_url or Redis refuses', async () => {
    const told: unknown[] = [];
    const queued: DeferredReply[] = [];
    const args = (fields: Record<string, unknown>) => ({
      ack: async () => undefined,
      command: command(fields),
      respond: async (message: unknown) => void told.push(message),
    });
    await ackAndEnqueue(
      args({ user_id: 'U1', channel_id: 'C1', text: '' }),
      async (reply) => void queued.push(reply),
      {
        logger,
        failedText: 'Could not queue it.',
      },
    );
    await ackAndEnqueue(
      args({ user_id: 'U1', channel_id: 'C1', text: '', response_url: 'https://hooks.slack.test/1' }),
      async () => Promise.reject(new Error("Stream isn't writeable")),
      { logger, failedText: 'Could not queue it.' },
    );
    expect(queued).toEqual([]);
    expect(told).toEqual([
      { response_type: 'ephemeral', text: 'Could not queue it.' },
      { response_type: 'ephemeral', text: 'Could not queue it.' },
    ]);
  });

  it('posts the computed answer, or the failure note when computing throws', async () => {
    const { url, posted } = await responseUrl();
    const reply = deferredReplyOf(command({ user_id: 'U1', channel_id: 'C1', text: '', response_url: url }));
    if (!reply) throw new Error('the reply should parse');
    expect(
      await answerDeferredReply(deps, reply, async () => ({ text: 'your leads' }), { text: 'failed' }),
    ).toBe(true);
    const broken = async () => Promise.reject(new Error('store read failed'));
    expect(await answerDeferredReply(deps, reply, broken, { text: 'failed' })).toBe(true);
    expect(posted).toEqual([{ text: 'your leads' }, { text: 'failed' }]);
  });

  it('returns false, without throwing, when the response_url cannot be reached', async () => {
    const reply = deferredReplyOf(
      command({ user_id: 'U1', channel_id: 'C1', text: '', response_url: 'http://127.0.0.1:1/r/1' }),
    );
    if (!reply) throw new Error('the reply should parse');
    expect(await answerDeferredReply(deps, reply, async () => ({ text: 'x' }), { text: 'failed' })).toBe(
      false,
    );
  });
});
