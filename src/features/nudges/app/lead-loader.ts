import type { Lead, SfUser, Task } from '../../../platform/salesforce/records.ts';
import type { Services } from '../../../services.ts';
import type { ClockedLead } from '../domain/digest.ts';
import {
  classifyLead,
  isClosedLead,
  parseSalesforceDateTime,
  qualifyingTouches,
} from '../../../shared/sla/lead-clock.ts';
import type { LeadFacts } from '../../../shared/sla/lead-clock.ts';
import type { QualityRating } from '../domain/metrics.ts';
import { NudgeState } from '../store.ts';
import { timeZoneOf } from '../../../shared/people/time-zones.ts';

/**
 * Reads leads and their activity from bullpen's Redis copy of Salesforce (never Salesforce itself)
 * and puts each on its SLA clock.
 */

export interface FactsWithRatings {
  facts: LeadFacts;
  ratings: QualityRating[];
}

/** Feedback written by the Rate-quality button: a Task whose Subject is 'Lead quality: good - reason'. */
const QUALITY_SUBJECT = /^Lead quality: (good|bad)(?: - (.*))?$/;

export function ratingsFrom(leadId: string, tasks: readonly Task[]): QualityRating[] {
  const ratings: QualityRating[] = [];
  for (const task of tasks) {
    const match = task.IsDeleted ? null : QUALITY_SUBJECT.exec(task.Subject ?? '');
    if (!match) continue;
    ratings.push({
      leadId,
      rating: match[1] === 'good' ? 'good' : 'bad',
      reason: match[2] ?? '',
      at: parseSalesforceDateTime(task.CreatedDate),
    });
  }
  return ratings;
}

export async function loadFacts(
  services: Pick<Services, 'store' | 'config'>,
  leads: readonly Lead[],
  snoozes: Map<string, Date>,
): Promise<FactsWithRatings[]> {
  const policy = services.config.policy.sla;
  return Promise.all(
    leads.map(async (lead) => {
      const { tasks, events } = await services.store.activitiesOn(lead.Id);
      return {
        facts: {
          lead,
          touches: qualifyingTouches(lead, tasks, events, policy),
          snoozedUntil: snoozes.get(lead.Id) ?? null,
        },
        ratings: ratingsFrom(lead.Id, tasks),
      };
    }),
  );
}

export async function clockLeads(
  services: Pick<Services, 'store' | 'config'>,
  leads: readonly Lead[],
  context: { now: Date; timeZone: string; snoozes: Map<string, Date> },
): Promise<ClockedLead[]> {
  const policy = services.config.policy.sla;
  const open = leads.filter((lead) => !isClosedLead(lead, policy));
  const facts = await loadFacts(services, open, context.snoozes);
  return facts.map(({ facts: f }) => ({
    lead: f.lead,
    clock: classifyLead(f, { ownerTimeZone: context.timeZone, policy, now: context.now }),
  }));
}

export interface OwnerQueue {
  owner: SfUser | null;
  ownerId: string;
  slackUserId: string | null;
  timeZone: string;
  /** Open leads on their clocks. */
  clocked: ClockedLead[];
}

/** One owner's open leads, clocked in the owner's time zone. */
export async function ownerQueue(
  services: Services,
  ownerId: string,
  context: {
    now: Date;
    snoozes?: Map<string, Date>;
    /** What the caller already read (the scan has the user and their lead ids in hand). */
    known?: { owner: SfUser; leadIds: string[] };
  },
): Promise<OwnerQueue> {
  const [owner, slackUserId, leadIds] = await Promise.all([
    context.known ? context.known.owner : services.store.get('User', ownerId),
    services.people.slackIdFor(ownerId),
    context.known ? context.known.leadIds : services.store.leadIdsOwnedBy(ownerId),
  ]);
  const timeZone = await timeZoneOf(services, { slackUserId, salesforceUser: owner });
  const snoozes = context.snoozes ?? (await new NudgeState(services).snoozes());
  const leads = await services.store.getMany('Lead', leadIds);
  const clocked = await clockLeads(services, leads, { now: context.now, timeZone, snoozes });
  return { owner, ownerId, slackUserId, timeZone, clocked };
}

export async function allUsers(services: Pick<Services, 'store'>): Promise<SfUser[]> {
  const users: SfUser[] = [];
  for await (const chunk of services.store.scan('User')) users.push(...chunk);
  return users;
}

export async function allLeads(services: Pick<Services, 'store'>): Promise<Lead[]> {
  const leads: Lead[] = [];
  for await (const chunk of services.store.scan('Lead')) leads.push(...chunk);
  return leads;
}

/** The org's instance URL (stored by sync) for "Open in Salesforce" links. */
export async function instanceUrl(services: Pick<Services, 'redis' | 'keys'>): Promise<string> {
  return (await services.redis.get(services.keys('sf', 'instance-url'))) ?? 'https://login.salesforce.com';
}
