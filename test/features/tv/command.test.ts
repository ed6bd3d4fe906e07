import { afterEach, describe, expect, it } from 'vitest';
import { NOT_ALLOWED } from '../../../src/features/tv/app/links.ts';
import type { LocalBullpen } from '../../helpers/app.ts';
import { waitFor } from '../../helpers/process.ts';
import { useRedis } from '../../helpers/redis.ts';
import { ephemeralText, person, SALES, startContestBullpen } from '../contests/local-helpers.ts';

/** `/bullpen tv` through Slack: help lists it, reps are refused, `/bullpen` keeps its old answers. */

describe('/bullpen tv in the local workspace', () => {
  const fixture = useRedis();
  let local: LocalBullpen | undefined;
  afterEach(async () => {
    await local?.close();
    local = undefined;
  });

  it('is listed by /bullpen help, refused to a rep, and unknown options still point at help', async () => {
    local = await startContestBullpen(fixture.prefix, 1);
    const rep = person('rep');
    const help = await local.simulator.sendSlashCommand(rep.slackId, SALES, '/bullpen', 'help');
    expect(JSON.stringify(help.json)).toContain('/bullpen tv');
    const unknown = await local.simulator.sendSlashCommand(rep.slackId, SALES, '/bullpen', 'tvs');
    expect(JSON.stringify(unknown.json)).toContain('Unknown option \\"tvs\\"');

    await local.simulator.sendSlashCommand(rep.slackId, SALES, '/bullpen', 'tv');
    await waitFor(
      async () => (ephemeralText(local!, rep.slackId).includes(NOT_ALLOWED) ? true : undefined),
      'the refusal',
    );
    expect(await fixture.redis.keys(`${fixture.prefix}:tv:*`)).toEqual([]);

    const manager = person('manager');
    await local.simulator.sendSlashCommand(manager.slackId, SALES, '/bullpen', 'tv names:sometimes');
    await waitFor(
      async () =>
        ephemeralText(local!, manager.slackId).includes('Unknown option "names:sometimes"')
          ? true
          : undefined,
      'the specific error',
    );
    expect(await fixture.redis.keys(`${fixture.prefix}:tv:*`)).toEqual([]);
  });
});
