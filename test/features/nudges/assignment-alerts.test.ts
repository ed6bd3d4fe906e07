import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import YAML from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { roundTheClockSla } from '@bullpen/demo-company';
import { alertAssignment } from '../../../src/features/nudges/app/assignment-alerts.ts';
import { alertIdFor, quietHoursEnd } from '../../../src/features/nudges/domain/alert-batch.ts';
import { ALERT_JOB, assignmentSchema, nudgesQueue } from '../../../src/features/nudges/queue.ts';
import { localDeadline } from '../../../src/features/nudges/slack/alert-blocks.ts';
import { NUDGE_ACTIONS } from '../../../src/features/nudges/slack/blocks.ts';
import { DOMAIN_EVENT_JOB } from '../../../src/platform/jobs/event-bus.ts';
import type { DomainEvent } from '../../../src/shared/sync/domain-events.ts';
import { runSync } from '../../../src/shared/sync/sync-jobs.ts';
import { startLocalBullpen, type LocalBullpen } from '../../helpers/app.ts';
import { waitFor } from '../../helpers/process.ts';
import { waitForQueuesToDrain } from '../../helpers/queues.ts';
import { useRedis } from '../../helpers/redis.ts';
import { sfDateTime } from './fixtures.ts';
import { digestPostsTo, logCall, REP1, REP2 } from './local-setup.ts';

/*
 * Instant assignment alerts, end to end: leads written to the emulated Salesforce, an incremental
 * sync publishing lead.created / lead.owner_changed, the nudges queue alerting the rep in the
 * simulated Slack. The policy is the 24/7 demo calendar (business hours are wall-clock hours).
 */

const HOUR_MS = 3_600_000;
const NEW_YORK = REP1.timeZone;

function policyFile(sla: Record<string, unknown> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'bullpen-alerts-'));
  const path = join(dir, 'policy.yml');
  writeFileSync(
    path,
    YAML.stringify({
      roles: { admins: ['U0DEMOADMIN'] },
      sla: { ...roundTheClockSla, ...sla, nudges: { ...roundTheClockSla.nudges, ...(sla['nudges'] ?? {}) } },
    }),
  );
  return path;
}

/** bullpen with no leads but `before` (synced as the back-fill, which alerts nobody). */
async function start(prefix: string, policyPath: string, before: (l: LocalBullpen) => void = () => {}) {
  const local = await startLocalBullpen(prefix, { BULLPEN_CONFIG: policyPath });
  const store = local.emulator.store;
  for (const lead of [...store.records('Lead')]) {
    if (lead['IsDeleted'] !== true) store.delete('Lead', String(lead['Id']));
  }
  before(local);
  await runSync(local.app.services, { force: true });
  return local;
}

function createLead(local: LocalBullpen, name: string, owner: string, source = 'Web', at = new Date()) {
  const created = local.emulator.store.insert('Lead', {
    LastName: name,
    Company: `${name} Inc`,
    Status: 'Open - Not Contacted',
    LeadSource: source,
    OwnerId: owner,
    CreatedDate: sfDateTime(at.toISOString()),
  });
  return { id: String(created['Id']), createdDate: String(created['CreatedDate']) };
}

async function syncAndDrain(local: LocalBullpen): Promise<void> {
  await runSync(local.app.services, { force: true });
  await waitForQueuesToDrain(local.app.services.jobs);
}

const updatesOf = (local: LocalBullpen, ts: string) =>
  local.simulator.callsTo('chat.update').filter((c) => c.args['ts'] === ts && c.response['ok'] === true);

describe('instant assignment alerts', () => {
  const fixture = useRedis();
  let local: LocalBullpen | undefined;
  afterEach(async () => {
    await local?.close();
    local = undefined;
  });

  it('alerts a rep once, seconds after sync sees a lead created for them, and a retried event alerts no more', async () => {
    local = await start(fixture.prefix, policyFile());
    const createdAt = new Date();
    const lead = createLead(local, 'Speedy', REP1.salesforceId, 'Web', createdAt);
    await syncAndDrain(local);

    const posts = digestPostsTo(local, REP1.slackId);
    expect(posts).toHaveLength(1);
    const sent = JSON.stringify(posts[0]?.args['blocks']);
    expect(sent).toContain('New lead assigned to you');
    expect(sent).toContain('Speedy');
    expect(sent).toContain('Speedy Inc');
    expect(sent).toContain('Web');
    expect(sent).toContain(`/lightning/r/Lead/${lead.id}/view`);
    // Web is a 4-hour first-touch SLA on the shared clock, written in the rep's own time zone.
    const due = new Date(Date.parse(lead.createdDate) + 4 * HOUR_MS);
    expect(sent).toContain(localDeadline(due, NEW_YORK));
    expect(sent).toContain(NUDGE_ACTIONS.logCall);
    expect(sent).toContain(NUDGE_ACTIONS.snooze);
    expect(sent).toContain(`${lead.id}|alert-`);

    // The same event delivered again (a retried sync page, a second worker).
    const event: DomainEvent = {
      type: 'lead.created',
      leadId: lead.id,
      ownerId: REP1.salesforceId,
      leadSource: 'Web',
      at: lead.createdDate,
    };
    await local.app.services.jobs.add(nudgesQueue, DOMAIN_EVENT_JOB, event, { jobId: 'retried' });
    await waitForQueuesToDrain(local.app.services.jobs);
    expect(digestPostsTo(local, REP1.slackId)).toHaveLength(1);
    expect(local.simulator.callsTo('chat.update')).toHaveLength(0);
    expect(digestPostsTo(local, REP2.slackId)).toHaveLength(0);
  });

  it('folds twenty leads in a minute into one alert message, edited to list them all', async () => {
    local = await start(fixture.prefix, policyFile());
    const names = Array.from({ length: 20 }, (_, i) => `Burst${String(i + 1).padStart(2, '0')}`);
    for (const name of names.slice(0, 12)) createLead(local, name, REP1.salesforceId);
    await syncAndDrain(local);
    for (const name of names.slice(12)) createLead(local, name, REP1.salesforceId);
    await syncAndDrain(local);

    const posts = digestPostsTo(local, REP1.slackId);
    expect(posts).toHaveLength(1);
    const ts = String(posts[0]?.response['ts']);
    // Edited in place (a burst shares edits, so fewer than one per lead), never re-posted.
    expect(updatesOf(local, ts).length).toBeGreaterThan(0);
    const final = JSON.stringify(local.simulator.workspace.findMessageByTs(ts)?.blocks);
    expect(final).toContain('20 new leads assigned to you');
    for (const name of names) expect(final).toContain(name);
    expect(final).not.toContain('more lead');
  });

  it('opens a new message for the next lead once the rep has acted on the open alert', async () => {
    local = await start(fixture.prefix, policyFile());
    createLead(local, 'Alpha', REP1.salesforceId);
    await syncAndDrain(local);
    const [post] = digestPostsTo(local, REP1.slackId);
    const ts = String(post?.response['ts']);
    const blocks = JSON.stringify(post?.args['blocks']);
    const leadId = /"block_id":"nudge\.lead\.([^"]+)"/.exec(blocks)?.[1] ?? '';
    await logCall(local, REP1.slackId, ts, leadId, 'Connected');
    await waitForQueuesToDrain(local.app.services.jobs);
    // The Log call edits the alert as it would a digest: the lead moves to "Done".
    const answered = JSON.stringify(local.simulator.workspace.findMessageByTs(ts)?.blocks);
    expect(answered).toContain('Call logged (Connected) for *Alpha*');
    expect(answered).not.toContain(NUDGE_ACTIONS.logCall);

    createLead(local, 'Bravo', REP1.salesforceId);
    await syncAndDrain(local);
    const posts = digestPostsTo(local, REP1.slackId);
    expect(posts).toHaveLength(2);
    expect(JSON.stringify(posts[1]?.args['blocks'])).toContain('Bravo');
    expect(JSON.stringify(posts[1]?.args['blocks'])).not.toContain('Alpha');
  });

  it('posts the alert anew when its message is gone, with every lead it holds', async () => {
    local = await start(fixture.prefix, policyFile());
    createLead(local, 'Alpha', REP1.salesforceId);
    await syncAndDrain(local);
    const [post] = digestPostsTo(local, REP1.slackId);
    // The rep deleted the alert: the next edit is refused with message_not_found.
    local.simulator.workspace.removeMessage(String(post?.response['channel']), String(post?.response['ts']));
    createLead(local, 'Bravo', REP1.salesforceId);
    await syncAndDrain(local);

    const posts = digestPostsTo(local, REP1.slackId);
    expect(posts).toHaveLength(2);
    const again = JSON.stringify(posts[1]?.args['blocks']);
    expect(again).toContain('2 new leads assigned to you');
    expect(again).toContain('Alpha');
    expect(again).toContain('Bravo');
  });

  it('tries a post Slack refuses for good once, and does not retry it', async () => {
    local = await start(fixture.prefix, policyFile());
    // The rep has left the workspace since people were matched: their DM no longer exists.
    local.simulator.workspace.users.delete(REP1.slackId);
    createLead(local, 'Alpha', REP1.salesforceId);
    await syncAndDrain(local);

    const refused = local.simulator.callsTo('chat.postMessage').filter((c) => c.response['ok'] === false);
    expect(refused.map((c) => c.response['error'])).toEqual(['channel_not_found']);
    expect(await local.app.services.jobs.queue(nudgesQueue).getFailedCount()).toBe(0);
  });

  it('defers an alert inside quiet hours to their end, except a lead whose SLA runs out before then', async () => {
    const now = DateTime.now().setZone(NEW_YORK);
    const quiet = {
      start: now.minus({ hours: 1 }).toFormat('HH:mm'),
      end: now.plus({ hours: 3 }).toFormat('HH:mm'),
    };
    local = await start(
      fixture.prefix,
      policyFile({
        firstTouch: { hoursBySource: { Web: 4, 'Hot Inbound': 1 }, defaultHours: 24 },
        nudges: { quietHours: quiet },
      }),
    );
    const quietEnd = quietHoursEnd(new Date(), NEW_YORK, quiet);
    const calm = createLead(local, 'Calm', REP1.salesforceId, 'Web');
    createLead(local, 'Hot', REP1.salesforceId, 'Hot Inbound');
    await syncAndDrain(local);

    // The 1-hour lead would be overdue before quiet hours end: it alerts now; the 4-hour one waits.
    const posts = digestPostsTo(local, REP1.slackId);
    expect(posts).toHaveLength(1);
    expect(JSON.stringify(posts[0]?.args['blocks'])).toContain('Hot Inbound');
    expect(JSON.stringify(posts[0]?.args['blocks'])).not.toContain('Calm');
    const delayed = await local.app.services.jobs.queue(nudgesQueue).getDelayed();
    const deferred = delayed.filter((job) => job.name === ALERT_JOB);
    const deferredData = deferred.map((job) => assignmentSchema.parse(job.data));
    expect(deferredData.map((data) => data.leadId)).toEqual([calm.id]);
    expect(deferred[0]?.id).toMatch(new RegExp(`-at-${quietEnd.getTime()}$`));

    // Not dropped: the deferred job, run when quiet hours end, alerts the rep.
    const data = deferredData[0];
    if (!data) throw new Error('no deferred alert');
    const outcome = await alertAssignment(local.app.services, data, new Date(quietEnd.getTime() + 60_000));
    expect(outcome).toMatchObject({ outcome: 'opened', alertId: alertIdFor(data) });
    await waitFor(
      async () => (digestPostsTo(local!, REP1.slackId).length === 2 ? true : undefined),
      'the deferred alert',
    );
    expect(JSON.stringify(digestPostsTo(local, REP1.slackId)[1]?.args['blocks'])).toContain('Calm');
  });

  it("waits for the rep's next day once the daily budget is spent on a message they answered", async () => {
    local = await start(fixture.prefix, policyFile({ nudges: { maxDigestsPerDay: 1 } }));
    createLead(local, 'Alpha', REP1.salesforceId);
    await syncAndDrain(local);
    const [post] = digestPostsTo(local, REP1.slackId);
    const blockId = /"block_id":"(nudge\.lead\.[^"]+)"/.exec(JSON.stringify(post?.args['blocks']))?.[1] ?? '';
    await local.simulator.clickButton(
      REP1.slackId,
      String(post?.response['ts']),
      NUDGE_ACTIONS.logEmail,
      undefined,
      {
        blockId,
      },
    );
    await waitForQueuesToDrain(local.app.services.jobs);

    // A 24-hour Webinar lead is due after the rep's next local midnight: it waits for then.
    const later = createLead(local, 'Patient', REP1.salesforceId, 'Webinar');
    await syncAndDrain(local);
    expect(digestPostsTo(local, REP1.slackId)).toHaveLength(1);
    const delayed = await local.app.services.jobs.queue(nudgesQueue).getDelayed();
    const deferred = delayed
      .filter((job) => job.name === ALERT_JOB)
      .map((job) => assignmentSchema.parse(job.data));
    expect(deferred.map((data) => data.leadId)).toEqual([later.id]);
    const midnight = DateTime.now().setZone(NEW_YORK).startOf('day').plus({ days: 1 }).toMillis();
    expect(delayed.find((job) => job.name === ALERT_JOB)?.id).toMatch(new RegExp(`-at-${midnight}$`));
  });

  it('alerts the new owner of a reassigned lead, with its campaign', async () => {
    let leadId = '';
    local = await start(fixture.prefix, policyFile(), (l) => {
      leadId = createLead(l, 'Moved', REP1.salesforceId, 'Webinar', new Date(Date.now() - 2 * HOUR_MS)).id;
      const campaign = l.emulator.store.insert('Campaign', { Name: 'Spring Webinar', IsActive: true });
      l.emulator.store.insert('CampaignMember', { CampaignId: campaign['Id'], LeadId: leadId });
    });
    local.emulator.store.update('Lead', leadId, { OwnerId: REP2.salesforceId });
    await syncAndDrain(local);

    expect(digestPostsTo(local, REP1.slackId)).toHaveLength(0);
    const posts = digestPostsTo(local, REP2.slackId);
    expect(posts).toHaveLength(1);
    const sent = JSON.stringify(posts[0]?.args['blocks']);
    expect(sent).toContain('Moved');
    expect(sent).toContain('Webinar');
    expect(sent).toContain('Campaign: Spring Webinar');
  });
});
