import { afterEach, describe, expect, it } from 'vitest';
import { demoPeople } from '../../src/demo/people.ts';
import { runSync } from '../../src/salesforce/sync-jobs.ts';
import { startLocalBullpen, type LocalBullpen } from '../helpers/app.ts';
import { useRedis } from '../helpers/redis.ts';

describe('local mode (no credentials)', () => {
  const fixture = useRedis();
  let local: LocalBullpen | undefined;
  afterEach(async () => {
    await local?.close();
    local = undefined;
  });

  it('answers slash commands from the Slack simulator and syncs the emulator', async () => {
    local = await startLocalBullpen(fixture.prefix);
    const rep = demoPeople.find((p) => p.role === 'rep');
    const response = await local.simulator.sendSlashCommand(
      rep?.slackId ?? '',
      'C0DEMOSALES',
      '/bullpen',
      'help',
    );
    expect(response.status).toBe(200);
    expect(JSON.stringify(response.json)).toMatch(/follow up every lead/);

    // The worker's scheduled sync may already have run; either way the store ends up complete.
    await runSync(local.app.services, { force: true });
    expect(await local.app.services.store.count('Lead')).toBe(local.emulator.store.count('Lead'));
    // Every demo person is matched by email to a simulator member.
    for (const person of demoPeople) {
      expect(await local.app.services.people.slackIdFor(person.salesforceId)).toBe(person.slackId);
    }
    const redirect = await fetch(`${local.app.url}/`, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toBe(`${local.simulator.url}/`);
  });
});
