import {
  emptyStats,
  type FollowUpReport,
  type FollowUpStats,
} from '../../../shared/sla/follow-up-metrics.ts';

/** How each follow-up number moved between two periods, and whether that is good news. */

export type Trend = 'up' | 'down' | 'flat' | 'n/a';

export interface MetricChange {
  current: number | null;
  previous: number | null;
  /** current − previous (for the rate: a share, so 0.05 is 5 percentage points). */
  delta: number | null;
  trend: Trend;
  /** Whether the change is good news (rate up, time or stale count down); null when flat or unknown. */
  improved: boolean | null;
}

export interface StatsChange {
  followUpRate: MetricChange;
  medianHoursToFirstTouch: MetricChange;
  staleCount: MetricChange;
  leadsDue: MetricChange;
  qualityGood: MetricChange;
  qualityBad: MetricChange;
}

export interface ReportChange {
  overall: StatsChange;
  byRep: Record<string, StatsChange>;
  byTeam: Record<string, StatsChange>;
  bySource: Record<string, StatsChange>;
  byCampaign: Record<string, StatsChange>;
}

function change(
  current: number | null,
  previous: number | null,
  higherIsBetter: boolean | null,
): MetricChange {
  if (current === null || previous === null) {
    return { current, previous, delta: null, trend: 'n/a', improved: null };
  }
  const delta = current - previous;
  const trend: Trend = Math.abs(delta) < 1e-9 ? 'flat' : delta > 0 ? 'up' : 'down';
  const improved = trend === 'flat' || higherIsBetter === null ? null : (trend === 'up') === higherIsBetter;
  return { current, previous, delta: trend === 'flat' ? 0 : delta, trend, improved };
}

export function compareStats(current: FollowUpStats, previous: FollowUpStats): StatsChange {
  return {
    followUpRate: change(current.followUpRate, previous.followUpRate, true),
    medianHoursToFirstTouch: change(current.medianHoursToFirstTouch, previous.medianHoursToFirstTouch, false),
    staleCount: change(current.staleCount, previous.staleCount, false),
    leadsDue: change(current.leadsDue, previous.leadsDue, null),
    qualityGood: change(current.qualityGood, previous.qualityGood, true),
    qualityBad: change(current.qualityBad, previous.qualityBad, false),
  };
}

/** Change against the previous week; a group missing from one week compares with empty stats. */
export function weekOverWeek(current: FollowUpReport, previous: FollowUpReport): ReportChange {
  const compareGroups = (now: Record<string, FollowUpStats>, before: Record<string, FollowUpStats>) => {
    const keys = [...new Set([...Object.keys(now), ...Object.keys(before)])].sort();
    return Object.fromEntries(
      keys.map((key) => [key, compareStats(now[key] ?? emptyStats(), before[key] ?? emptyStats())]),
    );
  };
  return {
    overall: compareStats(current.overall, previous.overall),
    byRep: compareGroups(current.byRep, previous.byRep),
    byTeam: compareGroups(current.byTeam, previous.byTeam),
    bySource: compareGroups(current.bySource, previous.bySource),
    byCampaign: compareGroups(current.byCampaign, previous.byCampaign),
  };
}
