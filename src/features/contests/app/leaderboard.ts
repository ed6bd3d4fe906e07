import { instanceUrlOrDefault } from '../../../shared/sync/sync-state.ts';
import { leaderboardEphemeral, pointsExplanation, type ContestMessage } from '../slack/blocks.ts';
import { participantIds, type Contest } from '../domain/model.ts';
import type { ContestEngine } from './engine.ts';

/**
 * `/leaderboard [id]` and `/leaderboard why [id]`: a private view of a contest with the caller's
 * own row highlighted (and their neighbourhood when outside the top N), plus the records behind
 * their points. Reads only Redis, so it answers inside the ack.
 */

export const WHY_ACTION_ID = 'contest_why_points';

export async function leaderboardReply(
  engine: ContestEngine,
  contest: Contest,
  viewerId: string,
): Promise<ContestMessage> {
  const rows = await engine.standings(contest);
  const names = await engine.names.of(participantIds(contest));
  const board = leaderboardEphemeral(
    { ...contest, publicTopN: contest.publicTopN ?? engine.deps.config.policy.contests.leaderboardTopN },
    rows,
    { now: engine.clock.now(), viewerId, names },
  );
  if (!participantIds(contest).has(viewerId)) return board;
  return {
    text: board.text,
    blocks: [
      ...board.blocks.slice(0, 48),
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
