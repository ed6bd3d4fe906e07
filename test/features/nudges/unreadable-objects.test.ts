import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { postWeeklyDigest } from '../../../src/features/nudges/app/weekly-digest.ts';
import { runSync } from '../../../src/shared/sync/sync-jobs.ts';
import { startLocalBullpen, type LocalBullpen } from '../../helpers/app.ts';
import { waitFor } from '../../helpers/process.ts';
import { useRedis } from '../../helpers/redis.ts';
import { ADMIN, POLICY_YAML } from './local-setup.ts';

const MARKETING = 'C0DEMOMKTG1';

/** The demo company, synced once the integration user has lost read access to `objects`. */
async function startWithout(prefix: string, objects: string[]): Promise<LocalBullpen> {
  const path = join(mkdtempSync(join(tmpdir(), 'bullpen-access-')), 'policy.yml');
  writeFileSync(path, POLICY_YAML);
  const local = await startLocalBullpen(prefix, { BULLPEN_CONFIG: path, SF_SYNC_INTERVAL_SECONDS: '3600' });
  for (const object of objects) local.emulator.controls.denyObject(object);
  await runSync(local.app.services, { force: true });
  return local;
}

const weeklyPost = async (local: LocalBullpen): Promise<string> => {
  await postWeeklyDigest(local.app.services);
  return waitFor(async () => {
    const [post] = local.simulator.workspace.messagesIn(MARKETING);
    return post ? `${post.text}\n${JSON.stringify(post.blocks ?? [])}` : undefined;
  }, 'the weekly digest post');
};

describe('follow-up reports without optional Salesforce objects', () => {
  const fixture = useRedis();
  let local: LocalBullpen | undefined;
  afterEach(async () => {
    await local?.close();
    local = undefined;
  });

  it("marketing's weekly digest says campaign reporting is off while CampaignMember is unreadable", async () => {
    local = await startWithout(fixture.prefix, ['CampaignMember']);
    const post = await weeklyPost(local);
    expect(post).toMatch(
      /\*By campaign\*\\n_Campaign reporting is off: bullpen can't read CampaignMember in Salesforce \(no access\); ask your Salesforce admin to give the integration user read access to CampaignMember\._/,
    );
    expect(post).toContain('*By lead source*');
  });

  it('the weekly digest names Campaign when it is the unreadable one', async () => {
    local = await startWithout(fixture.prefix, ['Campaign']);
    const post = await weeklyPost(local);
    expect(post).toMatch(
      /Campaign reporting is off: bullpen can't read Campaign in Salesforce \(no access\)/,
    );
  });

  it('/followup and the digest say meetings are not counted while Event is unreadable', async () => {
    local = await startWithout(fixture.prefix, ['Event']);
    const app = local;
    await app.simulator.sendSlashCommand(ADMIN.slackId, 'C0DEMOSALES', '/followup', '');
    const answer = await waitFor(async () => {
      const found = app.simulator.workspace
        .ephemeralsFor(ADMIN.slackId)
        .find((e) => e.text.includes('follow-up rate'));
      return found ? JSON.stringify(found.blocks ?? []) : undefined;
    }, '/followup answer');
    const note =
      /Meetings are not counted as touches: bullpen can't read Event in Salesforce \(no access\); ask your Salesforce admin to give the integration user read access to Event\./;
    expect(answer).toMatch(note);
    expect(await weeklyPost(app)).toMatch(note);
  });
});
