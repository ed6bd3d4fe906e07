import type { Lead, SfUser } from '../../../platform/salesforce/records.ts';
import { timeZoneOf } from '../../../shared/people/time-zones.ts';
import { classifyLead, isClosedLead } from '../../../shared/sla/lead-clock.ts';
import { instanceUrlOrDefault } from '../../../shared/sync/sync-state.ts';
import type { LeadReadDeps, NudgesDeps } from '../deps.ts';
import type { ClockedLead } from '../domain/digest.ts';
import { currentClockFacts } from './indexed-facts.ts';
import { loadFacts } from './lead-facts.ts';
import { NudgeState } from '../store.ts';

/**
 * Reads leads and their activity from bullpen's Redis copy of Salesforce (never Salesforce itself)
 * and puts each on its SLA clock.
 */

/**
 * Where clock facts come from: each lead's activity ('activity', what the SLA index is built from
 * and checked against), or the index's entries where current ('index', indexed-facts.ts).
 */
export type FactsSource = 'activity' | 'index';

export async function clockLeads(
  deps: Pick<NudgesDeps, 'store' | 'config' | 'redis' | 'keys'>,
  leads: readonly Lead[],
  context: { now: Date; timeZone: string; snoozes: Map<string, Date>; facts?: FactsSource },
): Promise<ClockedLead[]> {
  const policy = deps.config.policy.sla;
  const open = leads.filter((lead) => !isClosedLead(lead, policy));
  const facts =
    context.facts === 'index'
      ? await currentClockFacts(deps, open, context.snoozes)
      : new Map((await loadFacts(deps, open, context.snoozes)).map(({ facts: f }) => [f.lead.Id, f]));
  // A lead awaiting its owner's accept classifies as closed: no surface lists it for them.
  return open
    .flatMap((lead) => {
      const f = facts.get(lead.Id);
      if (!f) return [];
      return [
        {
          lead: f.lead,
          clock: classifyLead(f, { ownerTimeZone: context.timeZone, policy, now: context.now }),
        },
      ];
    })
    .filter((clocked) => clocked.clock.state !== 'closed');
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
  deps: LeadReadDeps,
  ownerId: string,
  context: {
    now: Date;
    snoozes?: Map<string, Date>;
    /** What the caller already read (the scan has the user and their lead ids in hand). */
    known?: { owner: SfUser; leadIds: string[] };
    /** 'activity' by default: the full scan is the index's oracle and must not read it. */
    facts?: FactsSource;
  },
): Promise<OwnerQueue> {
  const [owner, slackUserId, leadIds] = await Promise.all([
    context.known ? context.known.owner : deps.store.get('User', ownerId),
    deps.people.slackIdFor(ownerId),
    context.known ? context.known.leadIds : deps.store.leadIdsOwnedBy(ownerId),
  ]);
  // The snoozes of this owner's leads only (ZMSCORE): every snooze stored was 1.9 s at 100,000.
  const [timeZone, snoozes, leads] = await Promise.all([
    timeZoneOf(deps, { slackUserId, salesforceUser: owner }),
    context.snoozes ?? new NudgeState(deps).snoozesOf(leadIds),
    deps.store.getMany('Lead', leadIds),
  ]);
  const clocked = await clockLeads(deps, leads, {
    now: context.now,
    timeZone,
    snoozes,
    ...(context.facts ? { facts: context.facts } : {}),
  });
  return { owner, ownerId, slackUserId, timeZone, clocked };
}

/**
 * The owner's overdue and due-soon leads: what `/leads` and App Home list. A lead someone just
 * logged a touch on (or disqualified) is left out until sync brings that write back, so the list
 * shows the click at once instead of after the next sync.
 */
export async function urgentLeadsOf(deps: LeadReadDeps, ownerId: string, now: Date): Promise<ClockedLead[]> {
  return (await ownerLeadsByUrgency(deps, ownerId, now)).urgent;
}

/**
 * The owner's open leads in one read: `urgent` as urgentLeadsOf, and `others`, the open leads not
 * waiting on them now, which `/leads` offers for a quality rating (a rep may rate any lead they own).
 */
export async function ownerLeadsByUrgency(
  deps: LeadReadDeps,
  ownerId: string,
  now: Date,
  facts: FactsSource = 'index',
): Promise<{ urgent: ClockedLead[]; others: ClockedLead[] }> {
  const queue = await ownerQueue(deps, ownerId, { now, facts });
  const isUrgent = (c: ClockedLead) => c.clock.state === 'overdue' || c.clock.state === 'due-soon';
  const urgent = queue.clocked.filter(isUrgent);
  const pending = await new NudgeState(deps).pendingTouches(urgent.map((c) => c.lead.Id));
  return {
    urgent: urgent.filter(({ lead, clock }) => {
      const touchedAt = pending.get(lead.Id);
      return !touchedAt || (clock.lastTouchAt !== null && clock.lastTouchAt >= touchedAt);
    }),
    others: queue.clocked.filter((c) => !isUrgent(c) && c.clock.state !== 'closed'),
  };
}

/** The time zone of a Salesforce user, read from the store (Slack's setting first). */
export async function timeZoneOfUser(
  deps: LeadReadDeps,
  person: { salesforceId: string; slackUserId: string | null },
): Promise<string> {
  const user = await deps.store.get('User', person.salesforceId);
  return timeZoneOf(deps, { slackUserId: person.slackUserId, salesforceUser: user });
}

/** Every stored user in one read: an org has thousands at most, and every scan window reads them. */
export async function allUsers(deps: Pick<NudgesDeps, 'store'>): Promise<SfUser[]> {
  return deps.store.all('User');
}

export async function allLeads(deps: Pick<NudgesDeps, 'store'>): Promise<Lead[]> {
  const leads: Lead[] = [];
  for await (const chunk of deps.store.scan('Lead')) leads.push(...chunk);
  return leads;
}

/** The org's instance URL (learnt by sync) for "Open in Salesforce" links. */
export const instanceUrl = (deps: Pick<NudgesDeps, 'redis' | 'keys'>): Promise<string> =>
  instanceUrlOrDefault(deps);
