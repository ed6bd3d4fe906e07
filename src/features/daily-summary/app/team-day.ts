import { DateTime } from 'luxon';
import type { DailyContext, DailyTeam } from '../../../shared/daily/section.ts';
import { timeZoneOf } from '../../../shared/people/time-zones.ts';
import { minutesOfDay } from '../../../shared/sla/sla-policy.ts';
import type { DailySummaryDeps } from '../deps.ts';
import type { DailyTeamPolicy } from '../policy.ts';

/**
 * Who a team is and what "today" and "yesterday" are for it: the manager's direct reports in
 * Salesforce (and the manager), in the manager's time zone.
 */

type TeamDeps = Pick<DailySummaryDeps, 'people' | 'store' | 'redis' | 'keys' | 'slack' | 'logger' | 'config'>;

export async function teamTimeZone(deps: TeamDeps, team: DailyTeamPolicy): Promise<string> {
  const salesforceId = await deps.people.salesforceIdFor(team.manager);
  const salesforceUser = salesforceId ? await deps.store.get('User', salesforceId) : null;
  return timeZoneOf(deps, { slackUserId: team.manager, salesforceUser });
}

/** The team's local date when its post is due now (at or after the policy's time), else null. */
export function dueLocalDate(now: Date, timeZone: string, time: string): string | null {
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  return local.hour * 60 + local.minute >= minutesOfDay(time) ? local.toISODate() : null;
}

export async function resolveTeam(deps: TeamDeps, team: DailyTeamPolicy): Promise<DailyTeam> {
  const managerSalesforceId = await deps.people.salesforceIdFor(team.manager);
  const reports = managerSalesforceId ? await deps.store.reportsOf(managerSalesforceId) : [];
  const ownerIds = new Set([...(managerSalesforceId ? [managerSalesforceId] : []), ...reports]);
  const memberSlackIds = new Set([team.manager]);
  for (const id of ownerIds) {
    const slackId = await deps.people.slackIdFor(id);
    if (slackId) memberSlackIds.add(slackId);
  }
  return {
    managerSlackId: team.manager,
    managerSalesforceId,
    channel: team.channel,
    ownerIds,
    memberSlackIds,
  };
}

export function dailyContext(team: DailyTeam, timeZone: string, localDate: string, now: Date): DailyContext {
  const today = DateTime.fromISO(localDate, { zone: timeZone }).startOf('day');
  const yesterday = { start: today.minus({ days: 1 }).toJSDate(), end: today.toJSDate() };
  return { team, timeZone, localDate, yesterday, now };
}
