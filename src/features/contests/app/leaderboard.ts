import { instanceUrlOrDefault } from '../../../shared/sync/sync-state.ts';
import {
  context,
  divider,
  leaderboardEphemeral,
  MAX_MESSAGE_BLOCKS,
  pointsExplanation,
  type ContestMessage,
  type KnownBlock,
} from '../slack/blocks.ts';
import { participantIds, type Contest } from '../domain/model.ts';
import type { ContestEngine } from './engine.ts';

/**
 * `/leaderboard [id]` and `/leaderboard why [id]`: a private view of a contest with the caller's
 * own row highlighted (and their neighbourhood when outside the top N), plus the records behind
 * their points. Reads only Redis, so it answers inside the ack.
 */

export const WHY_ACTION_ID = 'contest_why_points';

/** At most this many boards in one answer, so each keeps a few rows within Slack's 50 blocks. */
const MAX_BOARDS = 5;

/** The running contests the viewer plays in, newest first. */
export async function liveContestsOf(engine: ContestEngine, viewerId: string): Promise<Contest[]> {
  const contests = await engine.contests.list(50);
  return contests.filter((c) => c.status === 'running' && participantIds(c).has(viewerId));
}

/** One answer with the viewer's board in each of their live contests (a divider between them). */
export async function leaderboardsReply(
  engine: ContestEngine,
  contests: readonly Contest[],
  viewerId: string,
): Promise<ContestMessage> {
  const shown = contests.slice(0, MAX_BOARDS);
  const more = contests.slice(MAX_BOARDS);
  const footer: KnownBlock[] = more.length
    ? [context(`…and ${more.length} more: ${more.map((c) => `\`/leaderboard ${c.id}\``).join(', ')}`)]
    : [];
  const perBoard = Math.floor((MAX_MESSAGE_BLOCKS - footer.length - (shown.length - 1)) / shown.length);
  const boards = await Promise.all(shown.map((c) => leaderboardReply(engine, c, viewerId, perBoard)));
  return {
    text: `Your standings in ${shown.length + more.length} contests`,
    blocks: [
      ...boards.flatMap((board, i) => (i === 0 ? board.blocks : [divider, ...board.blocks])),
      ...footer,
    ],
  };
}

export async function leaderboardReply(
  engine: ContestEngine,
  contest: Contest,
  viewerId: string,
  maxBlocks = MAX_MESSAGE_BLOCKS,
): Promise<ContestMessage> {
  const rows = await engine.standings(contest);
  const names = await engine.names.of(participantIds(contest));
  const playing = participantIds(contest).has(viewerId);
  const board = leaderboardEphemeral(
    { ...contest, publicTopN: contest.publicTopN ?? engine.deps.config.policy.contests.leaderboardTopN },
    rows,
    // A player's board ends with the "why" button: one block kept for it.
    { now: engine.clock.now(), viewerId, names, maxBlocks: playing ? maxBlocks - 1 : maxBlocks },
  );
  if (!playing) return board;
  return {
    text: board.text,
    blocks: [
      ...board.blocks,
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            action_id: WHY_ACTION_ID,
            text: { type: 'plain_text', text: 'Why do I have these points?' },
            value: contest.id,
          },
        ],
      },
    ],
  };
}

export async function whyReply(
  engine: ContestEngine,
  contest: Contest,
  viewerId: string,
): Promise<ContestMessage> {
  const entries = await engine.ledger.entriesForRep(contest, viewerId);
  const instanceUrl = await instanceUrlOrDefault(engine.deps);
  const leadIds = [
    ...new Set(entries.map((entry) => entry.leadId).filter((id): id is string => id !== undefined)),
  ];
  const leads = await engine.deps.store.getMany('Lead', leadIds);
  return pointsExplanation(contest, entries, {
    recordUrl: (recordId) => `${instanceUrl.replace(/\/$/, '')}/${recordId}`,
    leadNames: new Map(
      leads.map((lead) => [lead.Id, lead.Company ? `${lead.Name} (${lead.Company})` : lead.Name]),
    ),
  });
}
