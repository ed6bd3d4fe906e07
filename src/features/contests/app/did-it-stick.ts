import type { Lead, Opportunity, SfUser } from '../../../platform/salesforce/records.ts';
import { METRIC_LABELS, type Contest } from '../domain/model.ts';
import { stickChartSvg } from '../domain/stick-chart.ts';
import { stickDelayMs, stickReport, type StickReport } from '../domain/stick-report.ts';
import type { ScoringRecords } from '../domain/scoring-types.ts';
import { STICK_REPORT_JOB, contestsQueue } from '../queue.ts';
import type { ContestMessage } from '../slack/block-kit.ts';
import { stickMessage } from '../slack/stick-blocks.ts';
import { StickStore } from '../store/stick-store.ts';
import type { ContestEngine } from './engine.ts';
import { ContestHandoffs } from './relay-handoffs.ts';
import { svgToPng } from './stick-chart-png.ts';

/**
 * "Did it stick?" (issue 16): when a contest ends a delayed job is queued; when it runs, the
 * contest's scope is measured before, during and after it from bullpen's synced copy of Salesforce
 * (the same copy the follow-up reports read), and the numbers and a PNG chart are uploaded to the
 * contest's channel. `/contest report <id>` shows the same numbers on demand.
 */

export const stickJobId = (contestId: string): string => `stick-${contestId}`;

/** Queued once per contest (a deterministic job id), whoever finalises it and however often. */
export async function scheduleStickReport(engine: ContestEngine, contest: Contest): Promise<void> {
  const policy = engine.deps.config.policy.contests.didItStick;
  if (!policy.enabled) return;
  const delay = stickDelayMs(contest, policy);
  await engine.deps.jobs.add(
    contestsQueue,
    STICK_REPORT_JOB,
    { contestId: contest.id },
    { jobId: stickJobId(contest.id), delay: Math.round(delay * engine.clock.timeScale) },
  );
}

/** The participants' leads with every activity on them, the owners and their assignment times. */
async function loadScope(engine: ContestEngine, contest: Contest, ownerIds: readonly string[]) {
  const { store } = engine.deps;
  const leadIds = (await Promise.all(ownerIds.map((id) => store.leadIdsOwnedBy(id)))).flat();
  const leads: Lead[] = await store.getMany('Lead', leadIds);
  // Every lead's Tasks and Events in one pipeline, not a round trip per lead.
  const activities = [...(await store.activitiesOnMany(leads.map((lead) => lead.Id))).values()];
  const campaignMembers =
    contest.scope.kind === 'campaign' ? await store.campaignMembersOfMany(leads.map((lead) => lead.Id)) : [];
  const owners = new Set(ownerIds);
  const opportunities: Opportunity[] = [];
  if (contest.metric === 'opportunities_won') {
    for await (const chunk of store.scan('Opportunity')) {
      opportunities.push(...chunk.filter((opportunity) => owners.has(opportunity.OwnerId)));
    }
  }
  const records: ScoringRecords = {
    leads,
    tasks: activities.flatMap((a) => a.tasks),
    events: activities.flatMap((a) => a.events),
    opportunities,
    campaignMembers,
    handoffs: await new ContestHandoffs(engine.deps).involving(contest, ownerIds),
  };
  const users = (await store.getMany('User', [...ownerIds])).filter((u): u is SfUser => u !== null);
  return { records, users, assignedAt: await store.leadAssignedAt(leads) };
}

export async function buildStickReport(engine: ContestEngine, contest: Contest): Promise<StickReport> {
  const now = engine.clock.now();
  const ownerIds = await engine.participantOwnerIds(contest);
  const { records, users, assignedAt } = await loadScope(engine, contest, ownerIds);
  const context = await engine.lookups.contextFor(records, now, { needsSla: true });
  return stickReport({
    contest,
    records,
    context,
    users,
    ownerIds,
    assignedAt,
    policy: engine.deps.config.policy.sla,
  });
}

export const stickChartPng = (contest: Contest, report: StickReport): Buffer =>
  svgToPng(stickChartSvg(report, contest.name, METRIC_LABELS[contest.metric]));

export type StickOutcome = 'posted' | 'already-posted' | 'busy' | 'missing' | 'not-ended';

/** The scheduled run: the numbers and the chart in one upload to the contest's channel, once. */
export async function postStickReport(engine: ContestEngine, contestId: string): Promise<StickOutcome> {
  const contest = await engine.contests.get(contestId);
  if (!contest) return 'missing';
  if (contest.status !== 'ended') return 'not-ended';
  const store = new StickStore(engine.deps);
  const claim = await store.claim(contestId);
  if (claim !== 'claimed') return claim === 'done' ? 'already-posted' : 'busy';
  try {
    const report = await buildStickReport(engine, contest);
    const message = stickMessage(contest, report);
    // Delivery posts messages only; a file goes straight through the Web API client (files:write).
    await engine.deps.slack.filesUploadV2({
      channel_id: contest.channelId,
      file: stickChartPng(contest, report),
      filename: `did-it-stick-${contest.id}.png`,
      title: `Did it stick? ${contest.name}`,
      alt_text:
        'Bar charts of the follow-up rate within SLA and the contest metric before, during and after the contest',
      initial_comment: message.text,
    });
  } catch (error) {
    await store.release(contestId);
    throw error;
  }
  await store.markDone(contestId, engine.clock.now());
  engine.deps.logger.info({ contestId }, 'did-it-stick report posted');
  return 'posted';
}

/** `/contest report <id>`: the numbers, ephemeral; the chart goes only to the channel's scheduled post. */
export async function stickReportReply(engine: ContestEngine, contestId: string): Promise<ContestMessage> {
  const contest = await engine.contests.get(contestId);
  const note = (text: string): ContestMessage => ({
    text,
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }],
  });
  if (!contest) return note(`There is no contest \`${contestId}\`. \`/contest list\` shows the contests.`);
  if (contest.status === 'scheduled' || contest.status === 'cancelled') {
    return note(
      `Contest \`${contest.id}\` is ${contest.status}: there is nothing to compare until it has run.`,
    );
  }
  return stickMessage(contest, await buildStickReport(engine, contest));
}
