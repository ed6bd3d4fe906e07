import { describe, expect, it } from 'vitest';
import { ackWithin } from '../../src/slack/ack-within.ts';

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

describe('ackWithin', () => {
  it('answers in the acknowledgement when the work is quick', async () => {
    const { sent, send } = recorder();
    const how = await ackWithin(200, Promise.resolve(2), (n) => `done ${n}`, send, 'working');
    expect(how).toBe('in-ack');
    expect(sent).toEqual(['ack:done 2']);
  });

  it('acknowledges with a holding note at the deadline and answers through response_url', async () => {
    const { sent, send } = recorder();
    const slow = new Promise<number>((resolve) => setTimeout(() => resolve(3), 120));
    const how = await ackWithin(20, slow, (n) => `done ${n}`, send, 'working');
    expect(how).toBe('via-response-url');
    expect(sent).toEqual(['ack:working', 'respond:done 3']);
  });
});
