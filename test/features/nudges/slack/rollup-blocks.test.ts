import { validateBlocks } from '@bullpen/slack-simulator';
import { describe, expect, it } from 'vitest';
import { emptyStats, type FollowUpStats } from '../../../../src/shared/sla/follow-up-metrics.ts';
import { weekOverWeek } from '../../../../src/features/nudges/domain/trends.ts';
import {
  MAX_TEAM_ROWS,
  orgRollupBlocks,
  teamLines,
} from '../../../../src/features/nudges/slack/rollup-blocks.ts';

/* The org-wide roll-up's blocks for an org with far more teams than a glance can take. */

const stats = (leadsDue: number, touchedWithinSla: number, staleCount: number): FollowUpStats => ({
  ...emptyStats(),
  leadsDue,
  touchedWithinSla,
  followUpRate: leadsDue === 0 ? null : touchedWithinSla / leadsDue,
  staleCount,
});

describe('the org-wide roll-up blocks', () => {
  // 40 teams with long names: team i has 100 + i leads due, half within SLA, 1 overdue.
  const byTeam = Object.fromEntries(
    Array.from({ length: 40 }, (_, i) => [`005${String(i).padStart(12, '0')}AAA`, stats(100 + i, 50 + i, 1)]),
  );
  const names = {
    users: Object.fromEntries(Object.keys(byTeam).map((id, i) => [id, `Manager ${i} ${'x'.repeat(80)}`])),
  };

  it('lists the biggest teams and sums the rest in one line', () => {
    const lines = teamLines(byTeam, names);
    expect(lines).toHaveLength(MAX_TEAM_ROWS + 1);
    expect(lines[0]).toContain('Manager 39');
    // The other 30 teams (indexes 0–29): 3,435 due, 1,935 within, 30 overdue → 56%.
    expect(lines.at(-1)).toBe('…and 30 more teams: 56% of 3435 · 30 overdue');
  });

  it('stays within Block Kit limits', () => {
    const report = { overall: stats(5000, 2500, 40), byRep: {}, byTeam, bySource: {}, byCampaign: {} };
    const blocks = orgRollupBlocks(
      { report, change: weekOverWeek(report, report), names },
      new Date('2026-11-30T12:00:00Z'),
    );
    expect(blocks.length).toBeLessThanOrEqual(5);
    expect(validateBlocks(blocks, 'home')).toEqual([]);
  });
});
