import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { runSync } from '../../src/shared/sync/sync-jobs.ts';
import { startLocalBullpen, type LocalBullpen, type StartLocalOptions } from './app.ts';
import { launchBrowser, type Browser } from './browser.ts';
import type { RedisFixture } from './redis.ts';

/**
 * One local-mode bullpen (policy file, demo org synced once) and one chromium on the simulator's
 * page, shared by the tests of a browser journey file; stopped and its keys removed after them.
 */
export interface BrowserWorkspace {
  readonly local: LocalBullpen;
  readonly browser: Browser;
  readonly page: Page;
  readonly prefix: string;
}

export function useBrowserWorkspace(
  fixture: RedisFixture,
  policyYaml: string,
  options: StartLocalOptions = {},
): BrowserWorkspace {
  let local: LocalBullpen | undefined;
  let browser: Browser | undefined;
  // useRedis hands out prefixes per test; a journey file shares one bullpen across its tests.
  const prefix = `bpe2e-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bullpen-e2e-'));
    writeFileSync(join(dir, 'policy.yml'), policyYaml);
    const env = { BULLPEN_CONFIG: join(dir, 'policy.yml'), SF_SYNC_INTERVAL_SECONDS: '3600' };
    local = await startLocalBullpen(prefix, env, options);
    await runSync(local.app.services, { force: true });
    browser = await launchBrowser();
    await browser.page.goto(`${local.simulator.url}/`);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await local?.close();
    const keys = await fixture.redis.keys(`${prefix}:*`);
    if (keys.length > 0) await fixture.redis.unlink(...keys);
  });

  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('useBrowserWorkspace: only available inside a test');
    return value;
  };
  return {
    get local() {
      return started(local);
    },
    get browser() {
      return started(browser);
    },
    get page() {
      return started(browser).page;
    },
    prefix,
  };
}

/** Picks who the simulator's page acts as, and opens a conversation of theirs. */
export async function actAs(page: Page, userId: string, conversation: string): Promise<void> {
  await page.selectOption('#user-picker', userId);
  await page.locator('.sidebar-item', { hasText: conversation }).first().click();
}

/** Types a message or slash command into the composer and sends it. */
export async function command(page: Page, text: string): Promise<void> {
  await page.fill('#composer-input', text);
  await page.press('#composer-input', 'Enter');
}

export const modal = (page: Page): Locator => page.locator('.modal');
