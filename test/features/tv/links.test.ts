import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { loadConfig } from '../../../src/config.ts';
import { runTvCommand, NOT_ALLOWED } from '../../../src/features/tv/app/links.ts';
import type { TvDeps } from '../../../src/features/tv/deps.ts';
import { parseTvCommand } from '../../../src/features/tv/domain/command.ts';
import { hashToken, TOKEN_PATTERN } from '../../../src/features/tv/domain/token.ts';
import { TvLinkStore } from '../../../src/features/tv/store.ts';
import { buildParts } from '../../../src/main.ts';
import { createLogger } from '../../../src/platform/http/logger.ts';
import { useRedis } from '../../helpers/redis.ts';

/** `/bullpen tv`: issuing, listing and revoking links; Redis holds only the token's SHA-256. */

const MANAGER = 'U0TVMGR001';
const REP = 'U0TVREP001';

describe('TV links', () => {
  const fixture = useRedis();

  function deps(): TvDeps {
    const dir = mkdtempSync(join(tmpdir(), 'bullpen-tv-'));
    writeFileSync(join(dir, 'policy.yml'), YAML.stringify({ roles: { managers: [MANAGER] } }));
    const config = loadConfig({ REDIS_PREFIX: fixture.prefix, BULLPEN_CONFIG: join(dir, 'policy.yml') });
    const parts = buildParts({
      config,
      logger: createLogger({ level: 'silent' }),
      redis: fixture.redis,
      slack: { botToken: 'xoxb-test', apiUrl: 'http://127.0.0.1:9/api/' },
    });
    return { ...parts, panels: [], publicUrl: () => 'https://tv.example.com/' };
  }

  const run = (d: TvDeps, user: string, text: string) => runTvCommand(d, user, parseTvCommand(text));
  const linkIn = (reply: string): { token: string; id: string } => {
    const token = /https:\/\/tv\.example\.com\/tv\/([A-Za-z0-9_-]+)/.exec(reply)?.[1] ?? '';
    const id = /`(tv-[0-9a-f]{8})`/.exec(reply)?.[1] ?? '';
    return { token, id };
  };

  it('issues a 256-bit base64url token under the public URL and stores only its hash', async () => {
    const d = deps();
    const reply = await run(d, MANAGER, '');
    const { token, id } = linkIn(reply);
    expect(token).toMatch(TOKEN_PATTERN);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    const store = new TvLinkStore(fixture.redis, d.keys);
    expect(await store.byHash(hashToken(token))).toMatchObject({
      id,
      managerSlackId: MANAGER,
      showLeadNames: false,
    });
    const everything = await fixture.redis.keys(`${fixture.prefix}:*`);
    for (const key of everything) {
      const type = await fixture.redis.type(key);
      const dump =
        type === 'hash'
          ? JSON.stringify(await fixture.redis.hgetall(key))
          : String(await fixture.redis.get(key));
      expect(`${key} ${dump}`).not.toContain(token);
    }
    const second = linkIn(await run(d, MANAGER, 'new names:on'));
    expect(second.token).not.toBe(token);
    expect(await store.byHash(hashToken(second.token))).toMatchObject({ showLeadNames: true });
  });

  it('lists and revokes a manager’s links; a revoked token opens nothing', async () => {
    const d = deps();
    const { token, id } = linkIn(await run(d, MANAGER, ''));
    expect(await run(d, MANAGER, 'list')).toContain(id);
    expect(await run(d, MANAGER, `revoke ${id}`)).toContain(`Revoked \`${id}\``);
    const store = new TvLinkStore(fixture.redis, d.keys);
    expect(await store.byHash(hashToken(token))).toBeNull();
    expect(await run(d, MANAGER, 'list')).toContain('no TV links');
    expect(await run(d, MANAGER, `revoke ${id}`)).toContain('You have no TV link');
  });

  it('refuses people who are not managers or admins, and changes nothing', async () => {
    const d = deps();
    expect(await run(d, REP, '')).toBe(NOT_ALLOWED);
    expect(await fixture.redis.keys(`${fixture.prefix}:tv:*`)).toEqual([]);
  });

  it('answers each mistake in the command specifically', () => {
    expect(parseTvCommand('revoke')).toMatchObject({
      kind: 'error',
      message: expect.stringContaining('Say which link'),
    });
    expect(parseTvCommand('names:maybe')).toMatchObject({
      kind: 'error',
      message: expect.stringContaining('names:maybe'),
    });
    expect(parseTvCommand('list all')).toMatchObject({ kind: 'error' });
    expect(parseTvCommand('names:on')).toEqual({ kind: 'new', showLeadNames: true });
    expect(parseTvCommand('NEW')).toEqual({ kind: 'new', showLeadNames: false });
  });
});
