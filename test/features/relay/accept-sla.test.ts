import { afterEach, describe, expect, it } from 'vitest';
import { relayQueue } from '../../../src/features/relay/queue.ts';
import { RelayStore } from '../../../src/features/relay/store.ts';
import type { LocalBullpen } from '../../helpers/app.ts';
import { waitFor } from '../../helpers/process.ts';
import { waitForQueuesToDrain } from '../../helpers/queues.ts';
import { useRedis } from '../../helpers/redis.ts';
import { person } from '../nudges/local-setup.ts';
import { AE, ANSWERS, dmsTo, lead, openQualify, SDR, startRelay } from './setup.ts';

/*
 * The accept SLA (default one business day; the tests' calendar is round the clock, so 24 hours):
 * at the deadline the AE is reminded, a deadline later their manager (Sam's is Priya) is told. The
 * delayed jobs are promoted instead of waited for. An answered hand-off reminds no one.
 */
const MANAGER = person('U0DEMOMGR01');
const HOUR_MS = 3_600_000;
const text = (value: unknown): string => JSON.stringify(value ?? null);

describe('the accept SLA', () => {
  const fixture = useRedis();
  let local: LocalBullpen | undefined;
  afterEach(async () => {
    await local?.close();
    local = undefined;
  });

  async function handOff(app: LocalBullpen, leadId: string) {
    await app.simulator.submitView(SDR.slackId, await openQualify(app, SDR.slackId, leadId), ANSWERS);
    const handoff = await new RelayStore(app.app.services.redis, app.app.services.keys).get(leadId);
    if (!handoff) throw new Error('no hand-off recorded');
    const stamp = `${leadId.slice(0, 15)}-${Date.parse(handoff.handedOffAt)}`;
    return { handoff, reminder: `relay-reminder-${stamp}`, escalation: `relay-escalation-${stamp}` };
  }

  const promote = async (app: LocalBullpen, jobId: string) => {
    const job = await app.app.services.jobs.queue(relayQueue).getJob(jobId);
    if (!job) throw new Error(`no job ${jobId}`);
    await job.promote();
  };

  it('reminds the AE at the deadline, then tells their manager; an accepted lead reminds no one', async () => {
    const started = await startRelay(fixture.prefix);
    local = started.local;
    const app = local;
    const alpha = await handOff(app, started.alpha);
    expect(Date.parse(alpha.handoff.dueAt) - Date.parse(alpha.handoff.handedOffAt)).toBe(24 * HOUR_MS);

    await promote(app, alpha.reminder);
    const reminder = await waitFor(
      async () => dmsTo(app, AE.slackId).find((m) => m.text.startsWith('Reminder: Alpha')),
      'the reminder',
    );
    expect(text(reminder.blocks)).toContain('relay.accept');
    await promote(app, alpha.escalation);
    const escalation = await waitFor(
      async () => dmsTo(app, MANAGER.slackId).find((m) => m.text.includes('past its accept SLA')),
      "the manager's DM",
    );
    expect(escalation.text).toContain(`<@${AE.slackId}> has neither accepted nor returned it`);

    const bravo = await handOff(app, started.bravo);
    const dm = await waitFor(
      async () =>
        dmsTo(app, AE.slackId).find(
          (m) => m.text.includes('Bravo') && text(m.blocks).includes('relay.accept'),
        ),
      'the Bravo DM',
    );
    await app.simulator.clickButton(AE.slackId, dm.ts, 'relay.accept');
    await waitFor(
      async () => (lead(app, started.bravo)['Status'] === 'Open - Not Contacted' ? true : undefined),
      'accepted',
    );
    await promote(app, bravo.reminder);
    await promote(app, bravo.escalation);
    await waitForQueuesToDrain(app.app.services.jobs);
    expect(dmsTo(app, AE.slackId).filter((m) => m.text.startsWith('Reminder: Bravo'))).toHaveLength(0);
    expect(dmsTo(app, MANAGER.slackId).filter((m) => m.text.includes('Bravo'))).toHaveLength(0);
  });
});
