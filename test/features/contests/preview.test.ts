import { afterEach, describe, expect, it } from 'vitest';
import { runSync } from '../../../src/shared/sync/sync-jobs.ts';
import type { LocalBullpen } from '../../helpers/app.ts';
import { waitFor } from '../../helpers/process.ts';
import { useRedis } from '../../helpers/redis.ts';
import { SALES, person, startContestBullpen } from './local-helpers.ts';

/** A campaign one of this owner's open leads belongs to, in the emulator's demo data. */
function campaignLeadOf(local: LocalBullpen, ownerId: string): { leadId: string; campaignId: string } {
  const open = new Set(
    [...local.emulator.store.records('Lead')]
      .filter(
        (lead) => lead['OwnerId'] === ownerId && lead['IsDeleted'] !== true && lead['IsConverted'] !== true,
      )
      .map((lead) => String(lead['Id'])),
  );
  const member = [...local.emulator.store.records('CampaignMember')].find(
    (m) => m['IsDeleted'] !== true && open.has(String(m['LeadId'])),
  );
  if (!member) throw new Error(`no campaign member among ${ownerId}'s leads`);
  return { leadId: String(member['LeadId']), campaignId: String(member['CampaignId']) };
}

describe('/contest preview', () => {
  const fixture = useRedis();
  let local: LocalBullpen | undefined;
  afterEach(async () => {
    await local?.close();
    local = undefined;
  });

  it('scoped to a campaign, scores the campaign leads from the synced campaign members', async () => {
    local = await startContestBullpen(fixture.prefix, 0.001);
    const manager = person('manager').slackId;
    const ana = person('rep', 0);
    const { leadId, campaignId } = campaignLeadOf(local, ana.salesforceId);
    local.emulator.store.insert(
      'Task',
      { WhoId: leadId, OwnerId: ana.salesforceId, Subject: 'Call', TaskSubtype: 'Call', Status: 'Completed' },
      { userId: ana.salesforceId, trusted: true },
    );
    await runSync(local.app.services, { force: true });

    const earlier = local.simulator.workspace.ephemeralsFor(manager).length;
    await local.simulator.sendSlashCommand(
      manager,
      SALES,
      '/contest',
      `preview metric:followups scope:campaign=${campaignId} with:<@${ana.slackId}> over:7d`,
    );
    const preview = await waitFor(
      async () =>
        local!.simulator.workspace
          .ephemeralsFor(manager)
          .slice(earlier)
          .map((e) => JSON.stringify(e.blocks ?? []))
          .find((text) => /Preview/.test(text)),
      'the preview',
    );
    // Before, the campaign's members were never read, so nobody's leads were in scope: 0 for all.
    expect(preview).not.toMatch(/No points yet/);
    const points = new RegExp(`${ana.name} · (\\d+) follow-ups?`).exec(preview)?.[1];
    expect(Number(points)).toBeGreaterThanOrEqual(1);
  });
});
