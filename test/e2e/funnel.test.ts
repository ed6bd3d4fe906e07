import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import YAML from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPeople, demoPolicy, roundTheClockSla } from '@bullpen/demo-company';
import { RelayStore } from '../../src/features/relay/store.ts';
import { runSync } from '../../src/shared/sync/sync-jobs.ts';
import { startLocalBullpen, type LocalBullpen } from '../helpers/app.ts';
import { hasChromium, launchBrowser, warnIfNoChromium, type Browser } from '../helpers/browser.ts';
import { HANG_BOUND_MS, waitFor } from '../helpers/process.ts';
import { useRedis } from '../helpers/redis.ts';

/**
 * The relay in the browser, in the local workspace: Jordan Lee (SDR) qualifies a demo lead with
 * `/qualify`, the AE the routing rule picked accepts it from their DM, and Lena Ortiz (marketing)
 * sees it in `/funnel`. With E2E_SCREENSHOT_DIR set it takes funnel.png (README).
 */

const who = (slackId: string) => {
  const found = demoPeople.find((p) => p.slackId === slackId);
  if (!found) throw new Error(`no demo person ${slackId}`);
  return found;
};
const SDR = who('U0DEMOREP02'); // Jordan Lee
const MARKETING = who('U0DEMOMKT01'); // Lena Ortiz
const DAY = 86_400_000;

const POLICY = YAML.stringify({
  roles: demoPolicy.roles,
  sla: roundTheClockSla,
  relay: demoPolicy.relay,
});

warnIfNoChromium('the browser funnel journey');

async function actAs(page: Page, userId: string, conversation: string): Promise<void> {
  await page.selectOption('#user-picker', userId);
  await page.locator('.sidebar-item', { hasText: conversation }).first().click();
}

async function command(page: Page, text: string): Promise<void> {
  await page.fill('#composer-input', text);
  await page.press('#composer-input', 'Enter');
}

const modal = (page: Page) => page.locator('.modal');

describe.skipIf(!hasChromium)(
  'the relay and the funnel in the browser (needs chromium at /usr/bin/chromium)',
  () => {
    const fixture = useRedis();
    let local: LocalBullpen;
    let browser: Browser;
    let prefix = '';

    beforeAll(async () => {
      prefix = `bpe2e-${randomUUID().slice(0, 8)}`;
      const dir = mkdtempSync(join(tmpdir(), 'bullpen-e2e-'));
      writeFileSync(join(dir, 'policy.yml'), POLICY);
      local = await startLocalBullpen(prefix, {
        BULLPEN_CONFIG: join(dir, 'policy.yml'),
        SF_SYNC_INTERVAL_SECONDS: '3600',
      });
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

    it('an SDR qualifies a demo lead, the AE accepts it, and marketing sees it in /funnel', async () => {
      const { page } = browser;
      // A demo lead created in the last few days, open and with a source: in the 7-day funnel.
      const lead = [...local.emulator.store.records('Lead')].find(
        (l) =>
          l['IsDeleted'] !== true &&
          l['IsConverted'] !== true &&
          l['Status'] === 'Open - Not Contacted' &&
          typeof l['LeadSource'] === 'string' &&
          Date.now() - Date.parse(String(l['CreatedDate'])) < 5 * DAY,
      );
      if (!lead) throw new Error('the demo company has no recent open lead');
      const leadId = String(lead['Id']);

      await actAs(page, SDR.slackId, 'sales');
      await command(page, `/qualify ${leadId}`);
      await modal(page).waitFor({ timeout: HANG_BOUND_MS });
      const choices = modal(page).locator('[data-action-id="relay.choice"]');
      await choices.nth(0).selectOption('Clear need');
      await choices.nth(1).selectOption('This quarter');
      await choices.nth(2).selectOption('Budget confirmed');
      await modal(page).getByRole('button', { name: 'Hand off' }).click();
      await modal(page).waitFor({ state: 'detached', timeout: HANG_BOUND_MS });

      const records = new RelayStore(local.app.services.redis, local.app.services.keys);
      const handoff = await waitFor(async () => (await records.get(leadId)) ?? undefined, 'the hand-off');
      const ae = demoPeople.find((p) => p.salesforceId === handoff.aeSalesforceId);
      if (!ae) throw new Error(`the AE ${handoff.aeSalesforceId} is not a demo person`);
      await actAs(page, ae.slackId, 'bullpen');
      await page.locator('#app-tabs .tab', { hasText: 'Messages' }).click();
      const accept = page
        .locator('.message', { hasText: String(lead['LastName']) })
        .getByRole('button', { name: 'Accept' });
      await accept.first().waitFor({ timeout: HANG_BOUND_MS });
      await accept.first().click();
      await waitFor(
        async () => ((await records.get(leadId))?.state === 'accepted' ? true : undefined),
        'the accept',
      );

      await actAs(page, MARKETING.slackId, 'marketing');
      await command(page, '/funnel');
      const answer = page.locator('.message', { hasText: 'Funnel · last 7 days' });
      await answer.first().waitFor({ timeout: HANG_BOUND_MS });
      const shown = (await answer.first().textContent()) ?? '';
      expect(shown).toContain('Qualified 1 (+1)');
      expect(shown).toContain('Accepted 1 (+1)');
      expect(shown).toContain(String(lead['LeadSource']));
      const screenshot = process.env['E2E_SCREENSHOT_DIR'];
      if (screenshot) {
        mkdirSync(screenshot, { recursive: true });
        // The top of the answer: the header, all leads and the sources.
        await answer.first().evaluate((element) => element.scrollIntoView({ block: 'start' }));
        await page.screenshot({ path: join(screenshot, 'funnel.png') });
      }
    });
  },
);
