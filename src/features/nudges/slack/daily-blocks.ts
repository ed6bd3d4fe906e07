import type { KnownBlock } from '@slack/types';
import type { FollowUpStats } from '../../../shared/sla/follow-up-metrics.ts';

/** The follow-up lines of a team's daily summary (numbers from app/daily-numbers.ts). */

const percent = (rate: number | null): string => (rate === null ? 'n/a' : `${Math.round(rate * 100)}%`);
const hours = (value: number | null): string => (value === null ? 'n/a' : `${value.toFixed(1)} h`);

function rateLine(now: FollowUpStats, before: FollowUpStats): string {
  const current = `${percent(now.followUpRate)} (${now.touchedWithinSla} of ${now.leadsDue})`;
  const previous = `${percent(before.followUpRate)} (${before.touchedWithinSla} of ${before.leadsDue})`;
  return `*Followed up within SLA yesterday:* ${current} · same day last week ${previous}`;
}

export function dailyNumbersBlocks(numbers: {
  yesterday: FollowUpStats;
  weekBefore: FollowUpStats;
  overdueNow: number;
  untouchedNow: number;
}): KnownBlock[] {
  const { yesterday, weekBefore } = numbers;
  const lines = [
    rateLine(yesterday, weekBefore),
    `*Median time to first touch:* ${hours(yesterday.medianHoursToFirstTouch)} · same day last week ${hours(weekBefore.medianHoursToFirstTouch)}`,
    `*Leads waiting now:* ${numbers.overdueNow} overdue · ${numbers.untouchedNow} never touched`,
  ];
  return [{ type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } }];
}
