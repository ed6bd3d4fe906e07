import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, scrubSecrets } from '../../../src/platform/http/logger.ts';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString());
      callback();
    },
  });
  return { lines, logger: createLogger({ level: 'info', destination }) };
}

describe('logger', () => {
  it('redacts secrets in structured fields', () => {
    const { lines, logger } = capture();
    logger.info(
      { slack: { botToken: 'xoxb-111-222-abc' }, headers: { authorization: 'Bearer 00Dxx!AQ' } },
      'hello',
    );
    const out = lines.join('');
    expect(out).not.toContain('xoxb-111');
    expect(out).not.toContain('00Dxx');
    expect(out).toContain('[Redacted]');
  });

  it('scrubs tokens that hide inside messages and errors', () => {
    const { lines, logger } = capture();
    logger.error(
      { err: new Error('call failed with token xoxb-999-888-secret') },
      'sent xapp-1-A111-abc to Slack',
    );
    const out = lines.join('');
    expect(out).not.toContain('xoxb-999');
    expect(out).not.toContain('xapp-1-A111');
    expect(scrubSecrets('Authorization: Bearer abc.def')).toBe('Authorization: Bearer [Redacted]');
  });

  it('redacts URL credentials and token-like query values in messages, fields and bindings', () => {
    const { lines, logger } = capture();
    logger
      .child({ redis: 'redis://bullpen:pw-binding-1@cache:6379' })
      .warn({ target: { url: 'https://slack.test/api/?token=tok-field-2' } }, 'at http://u:pw-msg-3@h/x');
    const out = lines.join('');
    expect(out).not.toMatch(/pw-binding-1|tok-field-2|pw-msg-3/);
    expect(out).toContain('redis://bullpen:***@cache:6379');
    expect(out).toContain('?token=***');
  });
});
