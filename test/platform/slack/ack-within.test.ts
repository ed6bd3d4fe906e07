import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ackWithin } from '../../../src/platform/slack/ack-within.ts';

const recorder = () => {
  const sent: string[] = [];
  return {
    sent,
    send: {
      ack: async (reply: string) => {
        sent.push(`ack:${reply}`);
      },
      respond: async (reply: string) => {
        sent.push(`respond:${reply}`);
      },
    },
  };
};

/** Work the test finishes when it chooses, so neither branch depends on the machine's speed. */
function controllableWork<T>() {
  let finish: (value: T) => void = () => undefined;
  const work = new Promise<T>((resolve) => (finish = resolve));
  return { work, finish };
}

describe('ackWithin', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('answers in the acknowledgement when the work finishes before the deadline', async () => {
    const { sent, send } = recorder();
    const { work, finish } = controllableWork<number>();
    const answered = ackWithin(2_000, work, (n) => `done ${n}`, send, 'working');
    await vi.advanceTimersByTimeAsync(1_999);
    expect(sent).toEqual([]);
    finish(2);
    expect(await answered).toBe('in-ack');
    expect(sent).toEqual(['ack:done 2']);
    expect(vi.getTimerCount()).toBe(0); // the deadline timer was cleared
  });

  it('acknowledges with a holding note at the deadline and answers through response_url', async () => {
    const { sent, send } = recorder();
    const { work, finish } = controllableWork<number>();
    const answered = ackWithin(2_000, work, (n) => `done ${n}`, send, 'working');
    await vi.advanceTimersByTimeAsync(2_000);
    expect(sent).toEqual(['ack:working']);
    finish(3);
    expect(await answered).toBe('via-response-url');
    expect(sent).toEqual(['ack:working', 'respond:done 3']);
  });
});
