import { roundTheClockSla } from '@bullpen/demo-company';
import { afterEach, describe, expect, it } from 'vitest';
import { leadQueuesQueue } from '../../../src/features/lead-queues/queue.ts';
import { RoutingStore } from '../../../src/features/lead-queues/routing-store.ts';
import { LeadAssignments } from '../../../src/shared/sync/lead-assignments.ts';
import { runSync } from '../../../src/shared/sync/sync-jobs.ts';
import { startLocalBullpen, type LocalBullpen } from '../../helpers/app.ts';
import { waitFor } from '../../helpers/process.ts';
import { waitForQueuesToDrain } from '../../helpers/queues.ts';
import { useRedis } from '../../helpers/redis.ts';
import {
  blocksText,
  createQueuedLead,
  MANAGER,
  MEMBER,
  OTHER_MEMBER,
  QUEUE_CHANNEL,
  QUEUE_ID,
  leadPatches,
  queuesPolicyFile,
  salesforceIdOf,
  waitForQueuePost,
} from './fixtures.ts';

/** The queue's third member (Casey). */
const THIRD_MEMBER = 'U0DEMOREP05';
const [SAM, JORDAN, CASEY] = [MEMBER, OTHER_MEMBER, THIRD_MEMBER].map((id) => salesforceIdOf(id ?? ''));

describe('lead queues: round-robin routing', () => {
  const fixture = useRedis();
  let local: LocalBullpen | undefined;
  afterEach(async () => {
    await local?.close();
    local = undefined;
  });

  async function start(
    routing: Record<string, unknown>,
    sla: Record<string, unknown> = {},
  ): Promise<LocalBullpen> {
    local = await startLocalBullpen(fixture.prefix, {
      BULLPEN_CONFIG: queuesPolicyFile(
        { routing: { mode: 'round-robin', ...routing } },
        { sla: { ...roundTheClockSla, ...sla } },
      ),
    });
    await runSync(local.app.services, { force: true });
    return local;
  }

  const ownerOf = (bullpen: LocalBullpen, leadId: string): string =>
    String(bullpen.emulator.store.get('Lead', leadId)?.['OwnerId'] ?? '');

  const dmsAbout = (bullpen: LocalBullpen, slackId: string, lastName: string) => {
    const dm = bullpen.simulator.workspace.findDm(slackId);
    return dm
      ? bullpen.simulator.workspace.messagesIn(dm.id).filter((m) => blocksText(m.blocks).includes(lastName))
      : [];
  };

  async function createAndRoute(bullpen: LocalBullpen, names: string[]): Promise<string[]> {
    const ids = names.map((name) => createQueuedLead(bullpen.emulator, name));
    await runSync(bullpen.app.services, { force: true });
    await waitForQueuesToDrain(bullpen.app.services.jobs);
    return ids;
  }

  it('spreads leads by weight, writes each owner to Salesforce once and records who, when and why', async () => {
    const bullpen = await start({ weights: { [SAM ?? '']: 2 } });
    const ids = await createAndRoute(bullpen, ['Ada', 'Ben', 'Cy', 'Di']);
    const owners = ids.map((id) => ownerOf(bullpen, id));
    expect(owners.filter((owner) => owner === SAM)).toHaveLength(2);
    expect(owners.filter((owner) => owner === JORDAN)).toHaveLength(1);
    expect(owners.filter((owner) => owner === CASEY)).toHaveLength(1);
    for (const id of ids) expect(leadPatches(bullpen.emulator, id)).toHaveLength(1);
    // Routed, so not posted for claiming.
    expect(bullpen.simulator.workspace.messagesIn(QUEUE_CHANNEL).filter((m) => m.bot_id)).toHaveLength(0);
    const { redis, keys } = bullpen.app.services;
    const first = ids[0] ?? '';
    const history = await new LeadAssignments(redis, keys).get(first);
    expect(history?.source).toBe('bullpen');
    expect(history?.ownerId).toBe(owners[0]);
    const why = await new RoutingStore(redis, keys).routedLead(first);
    expect(why?.assignments).toEqual([expect.objectContaining({ ownerId: owners[0], rule: 'round-robin' })]);

    // Sync then sees the owner changes: the rep hears through the assignment alert, and the
    // channel still has no post (a routed lead leaving the queue is not a Claim post to close).
    await runSync(bullpen.app.services, { force: true });
    await waitForQueuesToDrain(bullpen.app.services.jobs);
    const adaRep = [MEMBER, OTHER_MEMBER, THIRD_MEMBER].find(
      (slackId) => salesforceIdOf(slackId ?? '') === owners[0],
    );
    await waitFor(async () => dmsAbout(bullpen, adaRep ?? '', 'Ada')[0], "the rep's assignment alert");
    expect(bullpen.simulator.workspace.messagesIn(QUEUE_CHANNEL).filter((m) => m.bot_id)).toHaveLength(0);
  });

  it('skips a deactivated rep and one away by Slack status; with nobody left, posts for Claim and says why', async () => {
    const bullpen = await start({});
    bullpen.emulator.store.update('User', JORDAN ?? '', { IsActive: false });
    const casey = bullpen.simulator.workspace.users.get(THIRD_MEMBER);
    if (casey) casey.profile.status_emoji = ':palm_tree:';
    await runSync(bullpen.app.services, { force: true });
    const ids = await createAndRoute(bullpen, ['Eve', 'Fay', 'Gus']);
    expect(ids.map((id) => ownerOf(bullpen, id))).toEqual([SAM, SAM, SAM]);
    const why = await new RoutingStore(bullpen.app.services.redis, bullpen.app.services.keys).routedLead(
      ids[0] ?? '',
    );
    expect(why?.assignments[0]?.skipped).toEqual(
      expect.arrayContaining([
        { userId: JORDAN, reason: 'inactive' },
        { userId: CASEY, reason: 'away-status' },
      ]),
    );

    bullpen.emulator.store.update('User', SAM ?? '', { IsActive: false });
    await runSync(bullpen.app.services, { force: true });
    const [lonely] = await createAndRoute(bullpen, ['Hal']);
    expect(ownerOf(bullpen, lonely ?? '')).toBe(QUEUE_ID);
    const post = await waitForQueuePost(bullpen.simulator, 'Hal');
    expect(blocksText(post.blocks)).toContain('Routing found no eligible member');
  });

  async function runReroute(bullpen: LocalBullpen, leadId: string, reroutes: number, jobId: string) {
    await bullpen.app.services.jobs.add(leadQueuesQueue, 'reroute', { leadId, reroutes }, { jobId });
    await waitForQueuesToDrain(bullpen.app.services.jobs);
  }

  it('re-routes an untouched lead past its SLA to the next eligible rep, skipping a deactivated one, at most M times', async () => {
    const bullpen = await start({ rerouteAfterSla: 1, maxReroutes: 1 });
    const [leadId = ''] = await createAndRoute(bullpen, ['Ivy']);
    expect(ownerOf(bullpen, leadId)).toBe(SAM);
    bullpen.emulator.store.update('User', JORDAN ?? '', { IsActive: false });
    await runSync(bullpen.app.services, { force: true });

    // The breach check falls due (run now rather than after the SLA).
    await runReroute(bullpen, leadId, 0, 'reroute-now');
    expect(ownerOf(bullpen, leadId)).toBe(CASEY);
    await waitFor(async () => dmsAbout(bullpen, MEMBER ?? '', 'Ivy')[0], 'the DM to the rep who lost it');
    await waitFor(async () => dmsAbout(bullpen, THIRD_MEMBER, 'Ivy')[0], 'the DM to the rep who got it');
    await waitFor(async () => dmsAbout(bullpen, MANAGER, 'Ivy')[0], "the manager's copy");
    const why = await new RoutingStore(bullpen.app.services.redis, bullpen.app.services.keys).routedLead(
      leadId,
    );
    expect(why?.assignments.map((a) => [a.ownerId, a.rule])).toEqual([
      [SAM, 'round-robin'],
      [CASEY, 'reroute'],
    ]);
    expect(why?.assignments[1]?.skipped).toEqual(
      expect.arrayContaining([
        { userId: SAM, reason: 'had-it' },
        { userId: JORDAN, reason: 'inactive' },
      ]),
    );

    // Run again (a retry), and the second check after M = 1 move: nothing more moves.
    await runSync(bullpen.app.services, { force: true });
    await runReroute(bullpen, leadId, 0, 'reroute-again');
    await runReroute(bullpen, leadId, 1, 'reroute-second');
    expect(ownerOf(bullpen, leadId)).toBe(CASEY);
    expect(leadPatches(bullpen.emulator, leadId)).toHaveLength(2);
    expect(dmsAbout(bullpen, MANAGER, 'Ivy')).toHaveLength(1);
    // The rep who got it heard from the re-route DM: sync seeing the owner change alerts them no more.
    await waitForQueuesToDrain(bullpen.app.services.jobs);
    expect(dmsAbout(bullpen, THIRD_MEMBER, 'Ivy')).toHaveLength(1);

    // `/routing why`: the owner and the queue's manager see who, when and why; others see nothing.
    const ask = async (user: string, text: string) =>
      JSON.stringify((await bullpen.simulator.sendSlashCommand(user, QUEUE_CHANNEL, '/routing', text)).json);
    const answer = await ask(THIRD_MEMBER, `why ${leadId}`);
    expect(answer).toContain(`1. <@${MEMBER}>`);
    expect(answer).toContain('round-robin in the Inbound Web queue');
    expect(answer).toContain(`2. <@${THIRD_MEMBER}>`);
    expect(answer).toContain(`re-routed from <@${MEMBER}>`);
    expect(answer).toContain(`<@${OTHER_MEMBER}>: deactivated in Salesforce`);
    expect(await ask(MANAGER, `why ${leadId}`)).toContain('re-routed from');
    expect(await ask('U0DEMOREP03', `why ${leadId}`)).toContain('or you may not see its routing');
    expect(await ask(THIRD_MEMBER, 'why Ivy')).toContain("'Ivy' is not a Lead Id");
    expect(await ask(THIRD_MEMBER, '')).toContain('Usage: `/routing why <lead id>`');
  });

  it('keeps a breached lead with its owner while nobody else is eligible, and looks again later', async () => {
    const bullpen = await start({ rerouteAfterSla: 1, maxReroutes: 2 });
    const [leadId = ''] = await createAndRoute(bullpen, ['Lou']);
    expect(ownerOf(bullpen, leadId)).toBe(SAM);
    for (const id of [JORDAN, CASEY]) bullpen.emulator.store.update('User', id ?? '', { IsActive: false });
    await runSync(bullpen.app.services, { force: true });
    await runReroute(bullpen, leadId, 0, 'reroute-now');
    expect(ownerOf(bullpen, leadId)).toBe(SAM);
    expect(dmsAbout(bullpen, MANAGER, 'Lou')).toHaveLength(0);
    const delayed = await bullpen.app.services.jobs.queue(leadQueuesQueue).getDelayed();
    const lookAgain = delayed.filter((job) => job.id?.startsWith(`lq-reroute-${leadId}-0-`));
    expect(lookAgain.map((job) => job.data)).toEqual([{ leadId, reroutes: 0 }]);
  });

  it('leaves a lead its owner touched since getting it', async () => {
    const bullpen = await start({ rerouteAfterSla: 1, maxReroutes: 3 });
    const [leadId = ''] = await createAndRoute(bullpen, ['Joy']);
    expect(ownerOf(bullpen, leadId)).toBe(SAM);
    bullpen.emulator.store.insert('Task', {
      WhoId: leadId,
      OwnerId: SAM,
      Subject: 'Call',
      TaskSubtype: 'Call',
      Status: 'Completed',
    });
    await runSync(bullpen.app.services, { force: true });
    await runReroute(bullpen, leadId, 0, 'reroute-now');
    expect(ownerOf(bullpen, leadId)).toBe(SAM);
    expect(leadPatches(bullpen.emulator, leadId)).toHaveLength(1);
  });

  it('re-routes on its own once the lead has sat untouched for N x its SLA', async () => {
    // A Web lead's first-touch SLA of 1.8 seconds: the check falls due while the queues drain.
    const bullpen = await start(
      { rerouteAfterSla: 1, maxReroutes: 1 },
      { firstTouch: { hoursBySource: { Web: 0.0005 } } },
    );
    const [leadId = ''] = await createAndRoute(bullpen, ['Kit']);
    expect(ownerOf(bullpen, leadId)).toBe(JORDAN);
    expect(leadPatches(bullpen.emulator, leadId)).toHaveLength(2);
    const why = await new RoutingStore(bullpen.app.services.redis, bullpen.app.services.keys).routedLead(
      leadId,
    );
    expect(why?.assignments.map((a) => [a.ownerId, a.rule])).toEqual([
      [SAM, 'round-robin'],
      [JORDAN, 'reroute'],
    ]);
  });
});
