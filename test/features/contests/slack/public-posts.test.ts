import { describe, expect, it } from 'vitest';
import { finalResultsMessage, reminderMessage } from '../../../../src/features/contests/slack/blocks.ts';
import { rankStandings } from '../../../../src/features/contests/domain/ranking.ts';
import { makeContest } from '../fixtures.ts';

/*
 * Posts in the contest's channel (final results, reminders) are public: they list the top N who
 * scored, never a zero, and say so when nobody scored. Each participant's own rank goes by DM.
 */

const NOW = new Date('2026-03-03T14:00:00Z');
const ids = ['U0R1', 'U0R2', 'U0R3', 'U0R4', 'U0R5', 'U0R6'];
const contest = makeContest({ metric: 'calls', participants: { kind: 'users', userIds: ids } });
const names = new Map(ids.map((id, i) => [id, `Rep ${i + 1}`]));
// Four scorers (7, 5, 3, 1 calls) and two who made no call.
const rows = rankStandings(
  ids.map((repId, i) => ({ repId, points: [7, 5, 3, 1, 0, 0][i] ?? 0, reachedAt: NOW })),
);
const nobody = rankStandings(ids.map((repId) => ({ repId, points: 0, reachedAt: NOW })));

const body = (message: { blocks: unknown[] }): string => JSON.stringify(message.blocks);
const rowsShown = (message: { blocks: unknown[] }): string[] =>
  ids.filter((id) => body(message).includes(`${names.get(id)} ·`));

describe('public contest posts', () => {
  it('final results with top:3 show three rows and no zeros', () => {
    const message = finalResultsMessage(contest, rows, { now: NOW, names, publicTopN: 3 });
    expect(rowsShown(message)).toEqual(['U0R1', 'U0R2', 'U0R3']);
    expect(body(message)).not.toMatch(/0 calls/);
    expect(body(message)).toContain('6 took part');
  });

  it('final results never list zeros, even when the top N is larger than the scorers', () => {
    const message = finalResultsMessage(contest, rows, { now: NOW, names, publicTopN: 10 });
    expect(rowsShown(message)).toEqual(['U0R1', 'U0R2', 'U0R3', 'U0R4']);
    expect(body(message)).not.toMatch(/0 calls/);
  });

  it('final results say "no points yet" and list nobody when nobody scored', () => {
    const message = finalResultsMessage(contest, nobody, { now: NOW, names, publicTopN: 3 });
    expect(rowsShown(message)).toEqual([]);
    expect(body(message)).not.toContain('Rep ');
    expect(body(message)).toMatch(/no points yet/i);
  });

  it('reminders follow the same rule', () => {
    const top3 = reminderMessage(contest, 'halfway', rows, { now: NOW, names, publicTopN: 3 });
    expect(rowsShown(top3)).toEqual(['U0R1', 'U0R2', 'U0R3']);
    const top5 = reminderMessage(contest, '1h-left', rows, { now: NOW, names, publicTopN: 5 });
    expect(rowsShown(top5)).toEqual(['U0R1', 'U0R2', 'U0R3', 'U0R4']);
    expect(body(top5)).not.toMatch(/0 calls/);
    const none = reminderMessage(contest, '24h-left', nobody, { now: NOW, names, publicTopN: 3 });
    expect(body(none)).not.toContain('Rep ');
    expect(body(none)).toMatch(/no points yet/i);
  });
});
