import { afterEach, describe, expect, it } from 'vitest';
import { postStickReport } from '../../../src/features/contests/app/did-it-stick.ts';
import { PNG_SIGNATURE } from '../../../src/features/contests/app/stick-chart-png.ts';
import { createContestEngine } from '../../../src/features/contests/index.ts';
import { runSync } from '../../../src/shared/sync/sync-jobs.ts';
import type { LocalBullpen } from '../../helpers/app.ts';
import { waitFor } from '../../helpers/process.ts';
import { waitForQueuesToDrain } from '../../helpers/queues.ts';
import { useRedis } from '../../helpers/redis.ts';
import { SALES, ephemeralText, person, startContestBullpen, waitForContest } from './local-helpers.ts';
import { commandAnswer } from '../../helpers/command-answer.ts';

function firstLeadOf(local: LocalBullpen, ownerId: string): string {
  const lead = [...local.emulator.store.records('Lead')].find(
    (l) => l['OwnerId'] === ownerId && l['IsDeleted'] !== true && l['IsConverted'] !== true,
  );
  if (!lead) throw new Error(`owner ${ownerId} has no open lead`);
  return String(lead['Id']);
}

describe('did it stick? after a contest', () => {
  const fixture = useRedis();
  let local: LocalBullpen | undefined;
  afterEach(async () => {
    await local?.close();
    local = undefined;
  });

  it('uploads one PNG chart with the numbers to the channel after the contest ends; /contest report answers', async () => {
    // A one-hour contest at 1/1000 speed ends in 3.6 s; its report is due as long after as it ran.
    local = await startContestBullpen(fixture.prefix, 1 / 1000);
    const manager = person('manager');
    const [ana, ben] = [person('rep', 0), person('rep', 1)];
    await local.simulator.sendSlashCommand(
      manager.slackId,
      SALES,
      '/contest',
      `start "Stick test" metric:followups for:1h with:<@${ana.slackId}>,<@${ben.slackId}>`,
    );
    const running = await waitForContest(local, (c) => c.name === 'Stick test', 'the contest to start');
    local.emulator.store.insert(
      'Task',
      {
        WhoId: firstLeadOf(local, ana.salesforceId),
        OwnerId: ana.salesforceId,
        Subject: 'Call',
        TaskSubtype: 'Call',
        Status: 'Completed',
      },
      { userId: ana.salesforceId, trusted: true },
    );
    await runSync(local.app.services, { force: true });

    const posted = await waitFor(async () => {
      const withFiles = local!.simulator.workspace
        .messagesIn(SALES)
        .filter((m) => (m.files ?? []).length > 0);
      return withFiles.length > 0 ? withFiles : undefined;
    }, 'the did-it-stick upload');
    await waitForQueuesToDrain(local.app.services.jobs);

    const ended = await createContestEngine(local.app.services).contests.get(running.id);
    expect(ended?.status).toBe('ended');
    // One upload, a PNG, with the numbers as its message; the call during the contest is its point.
    expect(local.simulator.callsTo('files.completeUploadExternal')).toHaveLength(1);
    const files = local.simulator.files.all();
    expect(files).toHaveLength(1);
    expect(files[0]?.bytes?.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(posted).toHaveLength(1);
    const text = posted[0]?.text ?? '';
    expect(text).toMatch(/^\*Did it stick\? Stick test\*/);
    expect(text).toMatch(
      /\*Before\* .*follow-up rate within SLA .* · median time to first touch .* · Follow-ups \(calls and emails on leads\): 0 follow-ups/,
    );
    expect(text).toMatch(/\*During\* .*Follow-ups \(calls and emails on leads\): 1 follow-up$/m);
    expect(text).toMatch(/\*After\* /);

    // Run again (a retried job, a second worker): nothing more is uploaded.
    const engine = createContestEngine(local.app.services);
    expect(await postStickReport(engine, running.id)).toBe('already-posted');
    expect(local.simulator.files.all()).toHaveLength(1);

    await local.simulator.sendSlashCommand(manager.slackId, SALES, '/contest', `report ${running.id}`);
    await waitFor(
      async () =>
        /Did it stick\? Stick test/.test(ephemeralText(local!, manager.slackId)) ? true : undefined,
      'the on-demand report',
    );
    expect(ephemeralText(local, manager.slackId)).toMatch(/\*During\* .*1 follow-up/);

    await local.simulator.sendSlashCommand(manager.slackId, SALES, '/contest', 'report cnosuch01');
    await waitFor(
      async () =>
        /There is no contest `cnosuch01`/.test(ephemeralText(local!, manager.slackId)) ? true : undefined,
      'the unknown-id answer',
    );
    const refused = await commandAnswer(
      local.simulator,
      ana.slackId,
      SALES,
      '/contest',
      `report ${running.id}`,
    );
    expect(JSON.stringify(refused.json)).toMatch(
      /Only managers and admins can ask for a contest's did-it-stick report/,
    );
    expect(local.simulator.files.all()).toHaveLength(1);
  });
});
