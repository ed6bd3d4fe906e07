import { afterEach, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { roundTheClockSla } from '@bullpen/demo-company';
import { digestJobId, digestWindowId } from '../../../src/features/nudges/domain/digest.ts';
import { runNudgeScan } from '../../../src/features/nudges/app/scan.ts';
import type { LocalBullpen } from '../../helpers/app.ts';
import { waitFor } from '../../helpers/process.ts';
import { useRedis } from '../../helpers/redis.ts';
import { logCall, REP1, startWithLeads, waitForDigest } from './local-setup.ts';

/*
 * What a rep sees when Salesforce refuses or delays the write behind a digest button: clicks go
 * through the simulator to bullpen's HTTP endpoint, writes run on the real worker against the
 * emulator, and the assertions read the digest message the rep has in Slack.
 */

const FIXTURE = [
  { name: 'Alpha', owner: REP1.salesforceId, source: 'Web', createdHoursAgo: 10 },
  { name: 'Bravo', owner: REP1.salesforceId, source: 'Web', createdHoursAgo: 9 },
];

/** The nudge tests' policy, with the "still saving" notice after one second instead of a minute. */
const QUICK_NOTICE_POLICY = YAML.stringify({
  roles: { admins: ['U0DEMOADMIN'] },
  sla: {
    ...roundTheClockSla,
    nudges: { ...roundTheClockSla.nudges, maxDigestsPerDay: 1, saveNoticeAfterSeconds: 1 },
  },
});

const RULE_MESSAGE = 'Calls need a "Call result" <picklist> & notes before they can be logged';

describe('a nudge button whose Salesforce write is refused or slow', () => {
  const fixture = useRedis();
  let local: LocalBullpen | undefined;
  afterEach(async () => {
    await local?.close();
    local = undefined;
  });

  async function openDigest(policyYaml?: string) {
    const started = await startWithLeads(fixture.prefix, FIXTURE, Date.now(), policyYaml);
    local = started.local;
    const now = new Date();
    await runNudgeScan(local.app.services, { now });
    const digestId = digestJobId(
      REP1.salesforceId,
      digestWindowId(now, local.app.services.config.policy.sla),
    );
    const { ts } = await waitForDigest(local, digestId);
    return { app: local, ids: started.ids, ts };
  }

  const digestText = (app: LocalBullpen, ts: string): string =>
    JSON.stringify(app.simulator.workspace.findMessageByTs(ts)?.blocks ?? []);

  const tasksOn = (app: LocalBullpen, leadId: string) =>
    [...app.emulator.store.records('Task')].filter((t) => t['WhoId'] === leadId && t['IsDeleted'] !== true);

  async function drained(app: LocalBullpen): Promise<void> {
    await waitFor(async () => {
      // The nudges queue always holds its scheduled scan as a delayed job; only its runnable work counts.
      const pending = [
        { name: 'salesforce-writes', states: ['waiting', 'active', 'delayed', 'prioritized'] },
        { name: 'slack-delivery', states: ['waiting', 'active', 'delayed', 'prioritized'] },
        { name: 'nudges', states: ['waiting', 'active', 'prioritized'] },
      ] as const;
      for (const { name, states } of pending) {
        const counts = await app.app.services.jobs.queueNamed(name).getJobCounts(...states);
        if (Object.values(counts).some((n) => n > 0)) return undefined;
      }
      return true;
    }, 'the queues to drain');
  }

  /** Logs a call (button, then the modal) and waits for bullpen's answer to it: the digest edited (Bolt acks first). */
  async function clickLogCall(app: LocalBullpen, ts: string, leadId: string): Promise<void> {
    const editsBefore = app.simulator.callsTo('chat.update').length;
    await logCall(app, REP1.slackId, ts, leadId);
    await waitFor(
      async () => (app.simulator.callsTo('chat.update').length > editsBefore ? true : undefined),
      'the digest to be edited after the click',
    );
  }

  /**
   * Runs /leads as the rep, logs a call on Alpha from the answer and waits for "saving" there.
   * Returns the texts of every answer that came back through the click's response_url.
   */
  async function logCallFromLeads(refuseTasks: boolean) {
    const started = await startWithLeads(fixture.prefix, FIXTURE);
    local = started.local;
    const app = local;
    const alpha = started.ids['Alpha'] ?? '';
    if (refuseTasks) app.emulator.controls.addValidationRule({ object: 'Task', message: RULE_MESSAGE });
    await app.simulator.sendSlashCommand(REP1.slackId, 'C0DEMOSALES', '/leads', '');
    const list = await waitFor(
      async () =>
        app.simulator.workspace.ephemeralsFor(REP1.slackId).find((e) => e.text.includes('open lead')),
      '/leads answer',
    );
    await logCall(app, REP1.slackId, list.ts, alpha);
    const answers = () => app.simulator.responseUrlPosts.map((p) => String(p.body['text'] ?? ''));
    const answerSaying = (what: string, description: string) =>
      waitFor(async () => answers().find((t) => t.includes('Alpha') && t.includes(what)), description);
    const saving = await answerSaying('saving to Salesforce', 'the "saving" answer to the click');
    return { app, alpha, saving, answerSaying };
  }

  it(
    'says it is saving, then that a validation rule refused the Task, in Salesforce’s words, with the button back',
    { timeout: 60_000 },
    async () => {
      const { app, ids, ts } = await openDigest();
      const alpha = ids['Alpha'] ?? '';
      const removeRule = app.emulator.controls.addValidationRule({ object: 'Task', message: RULE_MESSAGE });

      await clickLogCall(app, ts, alpha);
      await drained(app);

      expect(tasksOn(app, alpha)).toHaveLength(0);
      const refused = digestText(app, ts);
      expect(refused).toContain('not saved');
      expect(refused).toContain(
        'Calls need a \\"Call result\\" &lt;picklist&gt; &amp; notes before they can be logged',
      );
      expect(refused).toContain('validation rule');
      expect(refused).not.toContain('Call logged');
      // The lead keeps its buttons so the rep can try again once it is fixed.
      expect(refused).toContain(`nudge.lead.${alpha}`);
      const edits = app.simulator.callsTo('chat.update').map((c) => JSON.stringify(c.args));
      expect(edits.some((e) => e.includes('saving to Salesforce'))).toBe(true);
      // A refusal is final: the write was tried once, not retried.
      const writes = await app.app.services.jobs.queueNamed('salesforce-writes').getFailed();
      expect(writes.map((j) => j.attemptsMade)).toEqual([1]);

      removeRule();
      await clickLogCall(app, ts, alpha);
      await drained(app);
      expect(tasksOn(app, alpha)).toHaveLength(1);
      const done = digestText(app, ts);
      expect(done).toContain('Call logged');
      expect(done).not.toContain('not saved');
      expect(done).not.toContain(`nudge.lead.${alpha}`);
    },
  );

  it(
    'tells the rep when Salesforce’s API limit holds the write up, and shows it done once it lands',
    { timeout: 60_000 },
    async () => {
      const { app, ids, ts } = await openDigest(QUICK_NOTICE_POLICY);
      const alpha = ids['Alpha'] ?? '';
      const { limit } = app.emulator.controls.apiUsage();
      app.emulator.controls.setApiUsage(limit);

      await clickLogCall(app, ts, alpha);
      const waiting = await waitFor(async () => {
        const text = digestText(app, ts);
        return text.includes('still saving') ? text : undefined;
      }, 'the digest to say it is still saving');
      expect(waiting).toContain('daily API limit');
      expect(waiting).toContain('bullpen keeps trying');
      expect(tasksOn(app, alpha)).toHaveLength(0);

      // The limit resets; the parked write is due now rather than in 15 minutes.
      app.emulator.controls.setApiUsage(0);
      const queue = app.app.services.jobs.queueNamed('salesforce-writes');
      for (const job of await queue.getDelayed()) if (job.name === 'salesforce-write') await job.promote();
      await drained(app);
      expect(tasksOn(app, alpha)).toHaveLength(1);
      const done = digestText(app, ts);
      expect(done).toContain('Call logged');
      expect(done).not.toContain('still saving');
    },
  );

  it(
    'tells the rep when Salesforce keeps failing past the notice, then shows it done',
    { timeout: 60_000 },
    async () => {
      const { app, ids, ts } = await openDigest(QUICK_NOTICE_POLICY);
      const alpha = ids['Alpha'] ?? '';
      app.emulator.controls.failNext(3, {
        status: 503,
        errorCode: 'SERVER_UNAVAILABLE',
        message: 'Service Unavailable',
      });
      await clickLogCall(app, ts, alpha);
      await waitFor(
        async () => (digestText(app, ts).includes('still saving') ? true : undefined),
        'the digest to say it is still saving',
      );
      await drained(app);
      expect(tasksOn(app, alpha)).toHaveLength(1);
      const done = digestText(app, ts);
      expect(done).toContain('Call logged');
      expect(done).not.toContain('still saving');
    },
  );

  it(
    'answers a /leads click with "saving", then Salesforce’s refusal and what to do, in the same conversation',
    { timeout: 60_000 },
    async () => {
      const { app, alpha, saving, answerSaying } = await logCallFromLeads(true);
      expect(saving).not.toContain('Call logged');
      const told = await answerSaying('not saved', 'an answer saying the call was not saved');
      expect(told).toContain(
        'Calls need a "Call result" &lt;picklist&gt; &amp; notes before they can be logged',
      );
      expect(told).toContain('validation rule');
      await drained(app);
      expect(tasksOn(app, alpha)).toHaveLength(0);
    },
  );

  it(
    'answers a /leads click with "saving", then says in the same conversation once Salesforce has it',
    { timeout: 120_000 },
    async () => {
      const { app, alpha, answerSaying } = await logCallFromLeads(false);
      await answerSaying('saved in Salesforce', 'the answer saying the call is saved');
      const saved = app.simulator.responseUrlPosts.find((p) =>
        String(p.body['text'] ?? '').includes('saved in Salesforce'),
      );
      expect(saved?.body['replace_original']).toBe(false);
      await drained(app);
      expect(tasksOn(app, alpha)).toHaveLength(1);
    },
  );
});
