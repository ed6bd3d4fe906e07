import { permanentSlackError } from '../../../platform/slack/permanent-errors.ts';
import type { Contest } from '../domain/model.ts';
import type { BoardEditRefusedData } from '../queue.ts';
import type { ContestEngine } from './engine.ts';
import { renderBoard, repostedBoardKey } from './posting.ts';

/**
 * When Slack refuses a live-board edit because the message is gone (deleted, its channel archived or
 * deleted, or posted into the in-memory workspace of a local-mode run before a restart), the board
 * is posted again once and later edits go to the new message. Every later edit of a gone message
 * would otherwise fail the same way for the rest of the contest. A second loss, or a re-post Slack
 * refuses too, marks the board lost: one log line and no more edits, rather than a loop.
 */

/** Slack's answers to chat.update meaning the message cannot be edited ever again. */
const GONE_ERRORS = new Set(['message_not_found', 'channel_not_found', 'is_archived']);

export type BoardRepostOutcome = 'not-gone' | 'not-running' | 'already-lost' | 'reposted' | 'lost';

async function markLost(engine: ContestEngine, contest: Contest, slackError: string): Promise<'lost'> {
  const reason = `${slackError} in ${contest.channelId}`;
  if (await engine.side.markBoardLost(contest.id, reason)) {
    engine.deps.logger.warn(
      { contestId: contest.id, channel: contest.channelId, slackError },
      'contest live board lost: its message is gone and could not be posted again, so it is no longer updated',
    );
  }
  return 'lost';
}

export async function repostGoneBoard(
  engine: ContestEngine,
  refused: BoardEditRefusedData,
): Promise<BoardRepostOutcome> {
  if (!GONE_ERRORS.has(refused.slackError)) return 'not-gone';
  const contest = await engine.contests.get(refused.contestId);
  if (!contest || contest.status !== 'running') return 'not-running';
  if ((await engine.side.board(contest.id)).lost !== null) return 'already-lost';
  const repostKey = repostedBoardKey(contest.id);
  // Once only: a re-posted board that goes too would otherwise be posted again and again.
  if (refused.boardKey === repostKey) return markLost(engine, contest, refused.slackError);
  const board = await renderBoard(engine, contest);
  try {
    // Posted here rather than queued, to learn at once whether it worked. The key makes it one post
    // however many refused edits of the old message arrive.
    await engine.deps.delivery.deliver({
      key: repostKey,
      method: 'chat.postMessage',
      args: { channel: contest.channelId, text: board.text, blocks: board.blocks },
    });
  } catch (error) {
    const code = permanentSlackError(error);
    if (code === undefined) throw error;
    return markLost(engine, contest, code);
  }
  await engine.side.moveBoard(contest.id, repostKey);
  engine.deps.logger.info(
    { contestId: contest.id, channel: contest.channelId, slackError: refused.slackError },
    'contest live board message was gone; posted it again',
  );
  return 'reposted';
}
