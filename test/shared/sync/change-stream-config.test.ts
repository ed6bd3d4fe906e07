import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config.ts';

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe('Change Data Capture settings', () => {
  it('default to auto, the Salesforce endpoint and a 15-minute safety net', () => {
    const { env } = loadConfig({});
    expect(env).toMatchObject({
      SF_CDC: 'auto',
      SF_PUBSUB_ENDPOINT: 'api.pubsub.salesforce.com:7443',
      SF_CDC_SAFETY_NET_SECONDS: 900,
    });
  });

  it('name each bad value and what is expected', () => {
    const problems = problemsOf({
      SF_CDC: 'on',
      SF_PUBSUB_ENDPOINT: 'https://api.pubsub.salesforce.com',
      SF_CDC_SAFETY_NET_SECONDS: '5',
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^SF_CDC: expected one of auto, off/),
        expect.stringMatching(/^SF_PUBSUB_ENDPOINT: expected host:port/),
        expect.stringMatching(/^SF_CDC_SAFETY_NET_SECONDS: /),
      ]),
    );
  });
});
