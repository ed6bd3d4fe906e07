import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config/load.ts';

describe('smoke', () => {
  it('loads defaults', () => {
    const c = loadConfig({});
    expect(c.env.PORT).toBe(3000);
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(ConfigError);
  });
});
