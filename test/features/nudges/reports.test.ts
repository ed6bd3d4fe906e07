import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import { followUpAnswer, nudgeActionRate } from '../../../src/features/nudges/app/reports.ts';
import { buildWeeklyDigest, postWeeklyDigest } from '../../../src/features/nudges/app/weekly-digest.ts';
import { NudgeState } from '../../../src/features/nudges/store.ts';
import { runSync } from '../../../src/shared/sync/sync-jobs.ts';
import type { LocalBullpen } from '../../helpers/app.ts';
import { waitFor } from '../../helpers/process.ts';
import { waitForQueuesToDrain } from '../../helpers/queues.ts';
import { useRedis } from '../../helpers/redis.ts';
import { sfDateTime } from './fixtures.ts';
import { ADMIN, MGR1, REP1, REP2, startWithLeads } from './local-setup.ts';

/*
 * Hand-checked fixture. W = Monday 00:00 UTC of the current week; the policy calendar is 24/7, so
 * business hours are wall-clock hours. SLAs: Web 4 h, Webinar 24 h, Trade Show 48 h; follow-up
 * cadence 3 business days = 72 h.
 *
 * Last week [W-7d, W):
 *   A REP1 Web, created W-6d 10:00, call 11:00 (1 h, within), then closed        → within, not stale
 *   B REP1 Web, created W-5d 10:00, call 16:00 (6 h, late), open; next touch due
 *     W-2d 16:00 → overdue at W                                                  → late, stale
 *   C REP2 Webinar, created W-4d 00:00, due W-3d 00:00, never touched            → missed, stale
 *   D REP2 Trade Show, created W-3d 00:00, email W-3d 03:00 (3 h, within); next
 *     touch due W 03:00 → not overdue at W                                       → within
 *   ⇒ due 4, within 2 → 50 %; median first touch of A, B, D = 1, 6, 3 → 3 h.
 *   Quality (ratings dated W-2d): C bad "Bad fit", D good "Good fit" → 1 good, 1 bad.
 * Week before [W-14d, W-7d):
 *   E REP1 Web, created W-13d 10:00, call 12:00 (2 h, within), closed             → within
 *   F REP2 Web, created W-12d 10:00, never touched, open                          → missed, stale
 *   ⇒ due 2, within 1 → 50 %; median 2 h. Rating F bad "No budget" at W-10d → 0 good, 1 bad.
 * Stale snapshots: at W: B, C, F = 3; at W-7d: F = 1 (A–D did not exist yet).
 * So last week vs the week before: rate 50 % → 50 % (no change), median 3 h vs 2 h (▲ 1h, worse),
 * stale 3 vs 1 (▲ 2, worse). By source last week: Web 1/2, Webinar 0/1, Trade Show 1/1.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('follow-up reports', () => {
  const fixture = useRedis();
  let local: LocalBullpen | undefined;
  afterEach(async () => {
    await local?.close();
    local = undefined;
  });

  async function loadFixture() {
    const W = DateTime.utc().startOf('week').toMillis();
    const now = Date.now();
    const ago = (at: number) => (now - at) / HOUR;
    const lead = (name: string, owner: string, source: string, created: number, status?: string) => ({
      name,
      owner,
      source,
      createdHoursAgo: ago(created),
      ...(status ? { status } : {}),
    });
    const closed = 'Closed - Not Converted';
    const started = await startWithLeads(
      fixture.prefix,
      [
        lead('A', REP1.salesforceId, 'Web', W - 6 * DAY + 10 * HOUR, closed),
        lead('B', REP1.salesforceId, 'Web', W - 5 * DAY + 10 * HOUR),
        lead('C', REP2.salesforceId, 'Webinar', W - 4 * DAY),
        lead('D', REP2.salesforceId, 'Trade Show', W - 3 * DAY),
        lead('E', REP1.salesforceId, 'Web', W - 13 * DAY + 10 * HOUR, closed),
        lead('F', REP2.salesforceId, 'Web', W - 12 * DAY + 10 * HOUR),
      ],
      now,
    );
    const { ids } = started;
    local = started.local;
    const task = (name: string, owner: string, at: number, subtype: string, subject = subtype) =>
      local!.emulator.store.insert('Task', {
        WhoId: ids[name],
        OwnerId: owner,
        Subject: subject,
        TaskSubtype: subtype,
        Type: subtype === 'Task' ? 'Other' : subtype,
        Status: 'Completed',
        CreatedDate: sfDateTime(new Date(at).toISOString()),
      });
    task('A', REP1.salesforceId, W - 6 * DAY + 11 * HOUR, 'Call');
    task('B', REP1.salesforceId, W - 5 * DAY + 16 * HOUR, 'Call');
    task('D', REP2.salesforceId, W - 3 * DAY + 3 * HOUR, 'Email');
    task('E', REP1.salesforceId, W - 13 * DAY + 12 * HOUR, 'Call');
    task('C', REP2.salesforceId, W - 2 * DAY, 'Task', 'Lead quality: bad - Bad fit');
    task('D', REP2.salesforceId, W - 2 * DAY, 'Task', 'Lead quality: good - Good fit');
    task('F', REP2.salesforceId, W - 10 * DAY, 'Task', 'Lead quality: bad - No budget');
    await runSync(local.app.services, { force: true });
    return { local, W: new Date(W) };
  }

  it("marketing's weekly digest shows the hand-checked numbers by source, against the week before", async () => {
    const { local: app, W } = await loadFixture();
    const services = app.app.services;
    const digest = await buildWeeklyDigest(services, new Date(W.getTime() + 9 * HOUR));
    const { overall, bySource } = digest.report;
    expect(overall).toMatchObject({
      leadsDue: 4,
      touchedWithinSla: 2,
      followUpRate: 0.5,
      medianHoursToFirstTouch: 3,
      staleCount: 3,
      qualityGood: 1,
      qualityBad: 1,
      badReasons: { 'Bad fit': 1 },
    });
    expect(bySource['Web']).toMatchObject({ leadsDue: 2, touchedWithinSla: 1 });
    expect(bySource['Webinar']).toMatchObject({ leadsDue: 1, touchedWithinSla: 0 });
    expect(bySource['Trade Show']).toMatchObject({ leadsDue: 1, touchedWithinSla: 1 });
    const blocks = JSON.stringify(digest.message.blocks);
    expect(blocks).toContain('50% of 4 leads due ▶ no change');
    expect(blocks).toContain('3h ▲ 1h :red_circle:');
    expect(blocks).toContain('3 ▲ 2 :red_circle:');

    // Posted to the policy's channel once, however often the job runs.
    await postWeeklyDigest(services);
    await postWeeklyDigest(services);
    await waitFor(
      async () => (app.simulator.workspace.messagesIn('C0DEMOMKTG1').length > 0 ? true : undefined),
      'the weekly post',
    );
    await waitForQueuesToDrain(services.jobs);
    expect(app.simulator.workspace.messagesIn('C0DEMOMKTG1')).toHaveLength(1);
  });

  it('/followup shows own, team and all numbers by role, and admins see the nudge-to-action rate', async () => {
    const { local: app, W } = await loadFixture();
    const services = app.app.services;
    // At W, "last 7 days" is exactly last week.
    const own = JSON.stringify(await followUpAnswer(services, REP1.slackId, W));
    expect(own).toContain('Your follow-up rate');
    expect(own).toContain('50% of 2 leads due'); // A within, B late
    const team = JSON.stringify(await followUpAnswer(services, MGR1.slackId, W));
    expect(team).toContain("Your team's follow-up rate");
    expect(team).toContain('50% of 4 leads due');
    expect(team).toContain(`<@${REP2.slackId}>`); // by rep
    const all = JSON.stringify(await followUpAnswer(services, ADMIN.slackId, W));
    expect(all).toContain('all teams');
    expect(all).toContain('Nudge-to-action rate');

    // Through Slack: an ephemeral answer.
    await app.simulator.sendSlashCommand(REP1.slackId, 'C0DEMOSALES', '/followup', '');
    await waitFor(
      async () =>
        app.simulator.workspace
          .ephemeralsFor(REP1.slackId)
          .find((e) => e.text.includes('Your follow-up rate')),
      '/followup answer',
    );
  });

  it('nudge-to-action rate counts leads acted on within 24 h of their digest', async () => {
    const { local: app } = await loadFixture();
    const services = app.app.services;
    const state = new NudgeState(services);
    const sent = new Date(Date.now() - 3 * DAY);
    // Two nudged leads: one acted on 2 h after the digest, one 30 h after (too late) → 1 of 2.
    await state.saveDigest({
      id: 'digest-test-1',
      kind: 'rep',
      recipientSlackId: REP1.slackId,
      recipientSalesforceId: REP1.salesforceId,
      leadIds: ['00Q000000000001AAA', '00Q000000000002AAA'],
      moreCount: 0,
      sentAt: sent.toISOString(),
    });
    await state.recordAction('00Q000000000001AAA', 'k1', new Date(sent.getTime() + 2 * HOUR));
    await state.recordAction('00Q000000000001AAA', 'k1', new Date(sent.getTime() + 2 * HOUR));
    await state.recordAction('00Q000000000002AAA', 'k2', new Date(sent.getTime() + 30 * HOUR));
    const rate = await nudgeActionRate(services, new Date(Date.now() - 7 * DAY), new Date());
    expect(rate).toMatchObject({ nudged: 2, actedOn: 1, rate: 0.5 });
  });
});
