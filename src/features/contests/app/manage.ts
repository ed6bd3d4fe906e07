import { randomUUID } from 'node:crypto';
import { commandErrorMessage, leaderboardEphemeral, type ContestMessage } from '../slack/blocks.ts';
import { EXAMPLES, type ContestCommand } from '../domain/command-parser.ts';
import type { ContestDraft } from '../domain/draft.ts';
import { formatDuration } from '../domain/duration.ts';
import { END_NOW_JOB, RECOMPUTE_JOB, contestsQueue } from '../queue.ts';
import type { ContestEngine } from './engine.ts';
import { describeScope, escapeMrkdwn, slackDate } from '../slack/format.ts';
import {
  cancelContest,
  endContest,
  extendContest,
  METRIC_LABELS,
  participantIds,
  type Contest,
} from '../domain/model.ts';
import { currentBoardKey, deliveryKey, scheduleBoardRefresh } from './posting.ts';
import { previewStandings } from './preview.ts';
import { syncContestJobs } from './schedule.ts';

/** `/contest end|cancel|extend|recompute|status|draft|preview`, after the ack. */

export const LAUNCH_DRAFT_ACTION_ID = 'contest_launch_draft';

const note = (text: string): ContestMessage => ({
  text,
  blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }],
});

/** The launching manager and admins may change a contest; nobody else. */
async function mayManage(engine: ContestEngine, contest: Contest, userId: string): Promise<boolean> {
  return contest.createdBy === userId || (await engine.deps.roles.is(userId, 'admin'));
}

/** Managers and admins launch contests. */
export async function mayLaunch(engine: ContestEngine, slackUserId: string): Promise<boolean> {
  const roles = await engine.deps.roles.rolesOf(slackUserId);
  return roles.has('manager') || roles.has('admin');
}

type ManageCommand = Extract<ContestCommand, { kind: 'end' | 'cancel' | 'extend' | 'recompute' }>;

export async function manageContest(
  engine: ContestEngine,
  cmd: ManageCommand,
  userId: string,
): Promise<ContestMessage> {
  const contest = await engine.contests.get(cmd.contestId);
  if (!contest) return commandErrorMessage(`there is no contest ${cmd.contestId}`, '/contest list');
  if (cmd.kind === 'recompute') return recountContest(engine, contest, userId);
  if (!(await mayManage(engine, contest, userId))) {
    return note(
      `Only <@${contest.createdBy}>, who launched \`${contest.id}\`, or an admin can ${cmd.kind} it.`,
    );
  }
  switch (cmd.kind) {
    case 'end':
      return endContestNow(engine, contest);
    case 'cancel':
      return cancelContestNow(engine, contest, userId);
    case 'extend':
      return extendContestBy(engine, contest, cmd.byMs);
  }
}

/** Admins only: the recount runs on the worker, once per contest per minute. */
async function recountContest(
  engine: ContestEngine,
  contest: Contest,
  userId: string,
): Promise<ContestMessage> {
  if (!(await engine.deps.roles.is(userId, 'admin')))
    return note('Only admins can recount a contest from Salesforce.');
  if (contest.status !== 'running')
    return note(
      `Contest \`${contest.id}\` is ${contest.status}; only running contests are recounted (the final results were recounted before posting).`,
    );
  const minute = Math.floor(Date.now() / 60_000);
  await engine.deps.jobs.add(
    contestsQueue,
    RECOMPUTE_JOB,
    { contestId: contest.id },
    { jobId: deliveryKey(contest.id, 'recompute', String(minute)) },
  );
  return note(`Recounting \`${contest.id}\` from Salesforce; the board updates when it is done.`);
}

async function endContestNow(engine: ContestEngine, contest: Contest): Promise<ContestMessage> {
  const now = engine.clock.now();
  const result = await engine.contests.update(contest.id, (current) => endContest(current, now));
  if (!result.ok) return commandErrorMessage(result.error, EXAMPLES.end);
  await syncContestJobs(engine, result.contest, result.previous);
  await engine.deps.jobs.add(
    contestsQueue,
    END_NOW_JOB,
    { contestId: contest.id },
    { jobId: deliveryKey(contest.id, 'end-now') },
  );
  return note(
    `Ended \`${contest.id}\`. Final results, recounted from Salesforce, go to <#${contest.channelId}> shortly.`,
  );
}

async function cancelContestNow(
  engine: ContestEngine,
  contest: Contest,
  userId: string,
): Promise<ContestMessage> {
  const now = engine.clock.now();
  const result = await engine.contests.update(contest.id, (current) => cancelContest(current, now));
  if (!result.ok) return commandErrorMessage(result.error, EXAMPLES.cancel);
  await syncContestJobs(engine, result.contest, result.previous);
  if (result.previous.status === 'running') {
    const { delivery } = engine.deps;
    const text = `*${escapeMrkdwn(contest.name)}* was cancelled by <@${userId}>. No winners this time.`;
    await delivery.enqueue({
      key: deliveryKey(contest.id, 'cancelled'),
      method: 'chat.postMessage',
      args: { channel: contest.channelId, text },
    });
    const boardKey = await currentBoardKey(engine, contest.id);
    if (boardKey !== null) {
      await delivery.enqueue({
        key: deliveryKey(contest.id, 'board', 'cancelled'),
        method: 'chat.update',
        updates: boardKey,
        args: {
          text: `Leaderboard for ${escapeMrkdwn(contest.name)}: cancelled`,
          blocks: note(text).blocks,
        },
      });
    }
  }
  return note(`Cancelled \`${contest.id}\`; its reminders and end are unscheduled.`);
}

async function extendContestBy(
  engine: ContestEngine,
  contest: Contest,
  byMs: number,
): Promise<ContestMessage> {
  const now = engine.clock.now();
  const result = await engine.contests.update(contest.id, (current) => extendContest(current, byMs, now));
  if (!result.ok) return commandErrorMessage(result.error, EXAMPLES.extend);
  await syncContestJobs(engine, result.contest, result.previous);
  await scheduleBoardRefresh(engine, result.contest);
  return note(
    `Extended \`${contest.id}\` by ${formatDuration(byMs)}: it now ends ${slackDate(result.contest.window.end)}.`,
  );
}

/** The contest a bare `/contest status` or `/leaderboard` means: one you play in, else this channel's. */
export async function pickContest(
  engine: ContestEngine,
  contestId: string | null,
  viewerId: string,
  channelId: string,
): Promise<Contest | null> {
  if (contestId) return engine.contests.get(contestId);
  const contests = await engine.contests.list(50);
  const live = contests.filter((c) => c.status === 'running');
  return (
    live.find((c) => participantIds(c).has(viewerId)) ??
    live.find((c) => c.channelId === channelId) ??
    live[0] ??
    contests.find((c) => c.status === 'ended' && participantIds(c).has(viewerId)) ??
    contests[0] ??
    null
  );
}

export async function statusReply(
  engine: ContestEngine,
  contestId: string | null,
  viewerId: string,
  channelId: string,
): Promise<ContestMessage> {
  const contest = await pickContest(engine, contestId, viewerId, channelId);
  if (!contest)
    return note(
      contestId ? `There is no contest ${contestId}.` : 'No contests yet. `/contest` launches one.',
    );
  const summary = [
    `\`${contest.id}\` *${escapeMrkdwn(contest.name)}* · ${contest.status}`,
    `${METRIC_LABELS[contest.metric]}${contest.goal === undefined ? '' : ` · goal ${contest.goal} per rep`} · ${describeScope(contest.scope)} · in <#${contest.channelId}>`,
    `${slackDate(contest.window.start)} → ${slackDate(contest.window.end)}`,
  ].join('\n');
  if (contest.status === 'scheduled' || contest.status === 'cancelled') return note(summary);
  const rows = await engine.standings(contest);
  const names = await engine.names.of(participantIds(contest));
  const board = leaderboardEphemeral(contest, rows, { now: engine.clock.now(), viewerId, names });
  return {
    text: board.text,
    blocks: [note(summary).blocks[0], ...board.blocks].filter((b) => b !== undefined).slice(0, 50),
  };
}

export async function draftReply(
  engine: ContestEngine,
  cmd: { kind: 'draft'; draft: ContestDraft } | Extract<ContestCommand, { kind: 'preview' }>,
  launcher: { userId: string; channelId: string; timeZone: string },
): Promise<ContestMessage> {
  if (cmd.kind === 'preview') {
    const preview = await previewStandings(engine, cmd.draft, cmd.lookbackMs, launcher);
    if (!preview.ok) return commandErrorMessage(preview.error, EXAMPLES.preview);
    const names = await engine.names.of(participantIds(preview.contest));
    const board = leaderboardEphemeral(preview.contest, preview.rows, {
      now: engine.clock.now(),
      viewerId: launcher.userId,
      names,
    });
    const intro = note(
      `*Preview* (dry run over the last ${formatDuration(cmd.lookbackMs)}, from synced data; nothing was posted):`,
    );
    return { text: `Preview: ${board.text}`, blocks: [...intro.blocks, ...board.blocks.slice(0, -1)] };
  }
  const draftId = `d${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  await engine.contests.saveDraft(draftId, launcher.userId, launcher.channelId, cmd.draft);
  const summary = `*Draft saved:* ${escapeMrkdwn(cmd.draft.name)} · ${METRIC_LABELS[cmd.draft.metric]} · ${formatDuration(cmd.draft.durationMs)} · ${describeScope(cmd.draft.scope)}${cmd.draft.goal === undefined ? '' : ` · goal ${cmd.draft.goal} per rep`}${cmd.draft.prize ? ` · prize: ${escapeMrkdwn(cmd.draft.prize)}` : ''}`;
  return {
    text: 'Draft saved',
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: summary } },
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            action_id: LAUNCH_DRAFT_ACTION_ID,
            text: { type: 'plain_text', text: 'Launch it' },
            style: 'primary',
            value: draftId,
          },
        ],
      },
    ],
  };
}
