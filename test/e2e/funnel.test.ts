import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { demoPeople, demoPolicy, roundTheClockSla } from '@bullpen/demo-company';
import { RelayStore } from '../../src/features/relay/store.ts';
import { hasChromium, warnIfNoChromium } from '../helpers/browser.ts';
import { actAs, command, modal, useBrowserWorkspace } from '../helpers/browser-workspace.ts';
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

describe.skipIf(!hasChromium)(
  'the relay and the funnel in the browser (needs chromium at /usr/bin/chromium)',
  () => {
    const fixture = useRedis();
    const workspace = useBrowserWorkspace(fixture, POLICY);

    it('an SDR qualifies a demo lead, the AE accepts it, and marketing sees it in /funnel', async () => {
      const { page } = workspace;
      // A demo lead created in the last few days, open and with a source: in the 7-day funnel.
      const lead = [...workspace.local.emulator.store.records('Lead')].find(
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

      const records = new RelayStore(workspace.local.app.services.redis, workspace.local.app.services.keys);
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
