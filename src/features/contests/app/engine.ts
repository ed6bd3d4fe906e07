import type { DomainEvent } from '../../../shared/sync/domain-events.ts';
import { realClock, type Clock } from '../../../platform/clock.ts';
import type { CampaignMember } from '../../../platform/salesforce/records.ts';
import { accessProblemOf } from '../../../shared/sync/sync-access.ts';
import { cannotRead, unreadableAmong } from '../../../shared/sync/unreadable-objects.ts';
import type { ContestsDeps } from '../deps.ts';
import { ContestStore } from '../store/contest-store.ts';
import { ContestLedger, groupBySubject, subjectOf } from '../store/ledger-store.ts';
import { ContestSideStore } from '../store/side-store.ts';
import { ParticipantNames } from './participant-names.ts';
import { METRICS, participantIds, type Contest, type Metric } from '../domain/model.ts';
import { objectsNeededBy } from '../domain/needed-objects.ts';
import {
  driftReport,
  rankStandings,
  type DriftReport,
  type RankedRow,
  type RankingRules,
} from '../domain/ranking.ts';
import { loadRecordsFromSalesforce } from './salesforce-records.ts';
import { ScoringLookups } from './scoring-lookups.ts';
import { scoreActivities, standingsFromLedger } from '../domain/scoring.ts';
import type { ScoringRecords } from '../domain/scoring-types.ts';

/**
 * The contest adapter: turns domain events from sync into ledger changes, rebuilds a board from
 * Salesforce, and reads standings. One per process; it caches the running contests and reloads
 * them when the contests' version counter moves.
 */

const LEAD_METRICS: ReadonlySet<Metric> = new Set(METRICS);
const SLA_METRICS: ReadonlySet<Metric> = new Set(['first_touch_sla', 'sla_hit_rate']);

/** A recount's board, or the live board kept (and why) when Salesforce could not be read. */
export interface Recount {
  rows: RankedRow[];
  drift: DriftReport;
  notRecountedBecause?: string;
}

export class ContestEngine {
  readonly deps: ContestsDeps;
  readonly contests: ContestStore;
  readonly ledger: ContestLedger;
  readonly side: ContestSideStore;
  readonly names: ParticipantNames;
  readonly clock: Clock;
  readonly lookups: ScoringLookups;
  private cache: { version: string; running: Contest[]; players: Map<string, Set<string>> } | null = null;

  constructor(deps: ContestsDeps) {
    this.deps = deps;
    this.contests = new ContestStore(deps.redis, deps.keys);
    this.ledger = new ContestLedger(deps.redis, deps.keys);
    this.side = new ContestSideStore(deps);
    this.names = new ParticipantNames(deps);
    this.lookups = new ScoringLookups(deps);
    this.clock = deps.clock ?? realClock;
  }

  async runningContests(): Promise<Contest[]> {
    const version = await this.contests.version();
    if (this.cache?.version !== version) {
      const running = await this.contests.listByStatus('running');
      this.cache = { version, running, players: new Map(running.map((c) => [c.id, participantIds(c)])) };
    }
    return this.cache.running;
  }

  /**
   * The contests a rescore of this subject can change: those where a participant owns one of the
   * records, plus those already holding entries for it (points to take back). Skipping the rest is
   * what keeps fifty concurrent contests from costing fifty scorings per activity.
   */
  private async relevant(contests: Contest[], subject: string, records: ScoringRecords): Promise<Contest[]> {
    if (contests.length === 0) return [];
    const owners = new Set<string>();
    for (const lead of records.leads) owners.add(lead.OwnerId);
    for (const task of records.tasks) owners.add(task.OwnerId);
    for (const event of records.events ?? []) owners.add(event.OwnerId);
    for (const opportunity of records.opportunities ?? []) owners.add(opportunity.OwnerId);
    const players = await this.lookups.slackIdsOf(owners, this.clock.now());
    const withEntries = await this.ledger.contestsWithEntries(subject);
    return contests.filter(
      (contest) =>
        withEntries.has(contest.id) || players.some((id) => this.cache?.players.get(contest.id)?.has(id)),
    );
  }

  /**
   * Rescores what one domain event touched in every running contest it can matter to; returns the
   * contests whose board changed. Idempotent: the same event twice applies the same entries.
   */
  async scoreDomainEvent(event: DomainEvent): Promise<Contest[]> {
    const running = await this.runningContests();
    if (running.length === 0) return [];
    if (event.type === 'lead.converted' && event.opportunityId) {
      await this.side.rememberOpportunityLead(event.opportunityId, event.leadId);
    }
    const changed: Contest[] = [];
    const leadId = 'leadId' in event ? event.leadId : undefined;
    const opportunityId =
      event.type === 'opportunity.won' || event.type === 'lead.converted' ? event.opportunityId : null;
    const leadContests = running.filter(
      (c) => c.metric !== 'opportunities_won' && LEAD_METRICS.has(c.metric),
    );
    if (leadId && leadContests.length > 0) {
      const records = await this.leadRecords(leadId, leadContests);
      for (const contest of await this.relevant(leadContests, leadId, records)) {
        if (await this.rescore(contest, leadId, records)) changed.push(contest);
      }
    }
    const wonContests = running.filter((c) => c.metric === 'opportunities_won');
    if (opportunityId && wonContests.length > 0) {
      const records = await this.opportunityRecords(opportunityId, wonContests);
      for (const contest of await this.relevant(wonContests, opportunityId, records)) {
        if (await this.rescore(contest, opportunityId, records)) changed.push(contest);
      }
    }
    return changed;
  }

  private async rescore(contest: Contest, subject: string, records: ScoringRecords): Promise<boolean> {
    const context = await this.lookups.contextFor(records, this.clock.now(), {
      needsSla: SLA_METRICS.has(contest.metric),
    });
    const entries = scoreActivities(contest, records, context).filter((e) => subjectOf(e) === subject);
    return (await this.ledger.applySubject(contest, subject, entries)) > 0;
  }

  private async campaignMembers(leadIds: string[], contests: Contest[]): Promise<CampaignMember[]> {
    if (!contests.some((contest) => contest.scope.kind === 'campaign')) return [];
    const { store } = this.deps;
    return (await Promise.all(leadIds.map((id) => store.campaignMembersOfLead(id)))).flat();
  }

  private async leadRecords(leadId: string, contests: Contest[]): Promise<ScoringRecords> {
    const { store } = this.deps;
    const [lead, activities, campaignMembers] = await Promise.all([
      store.get('Lead', leadId),
      store.activitiesOn(leadId),
      this.campaignMembers([leadId], contests),
    ]);
    return { leads: lead ? [lead] : [], ...activities, campaignMembers };
  }

  private async opportunityRecords(opportunityId: string, contests: Contest[]): Promise<ScoringRecords> {
    const { store } = this.deps;
    const [opportunity, leadId] = await Promise.all([
      store.get('Opportunity', opportunityId),
      this.side.opportunityLead(opportunityId),
    ]);
    const lead = leadId ? await store.get('Lead', leadId) : null;
    return {
      leads: lead ? [lead] : [],
      tasks: [],
      opportunities: opportunity ? [opportunity] : [],
      campaignMembers: lead ? await this.campaignMembers([lead.Id], contests) : [],
    };
  }

  /** How boards rank, from the policy: every board (live, /leaderboard, Home, final) reads it. */
  get rankingRules(): RankingRules {
    return { minDecided: this.deps.config.policy.contests.slaHitRate.minDecided };
  }

  async standings(contest: Contest): Promise<RankedRow[]> {
    return this.ledger.standings(contest, this.rankingRules);
  }

  /** Salesforce user ids of the participants (unmatched people cannot score). */
  async participantOwnerIds(contest: Contest): Promise<string[]> {
    const ids = await Promise.all(
      [...participantIds(contest)].map((slackId) => this.deps.people.salesforceIdFor(slackId)),
    );
    return ids.filter((id): id is string => id !== null);
  }

  /**
   * Recounts the contest from Salesforce (SOQL through the worker's connection) and makes the
   * recount the board. Returns the new standings and how the live board differed.
   */
  async recomputeFromSalesforce(contest: Contest): Promise<Recount> {
    const live = await this.standings(contest);
    // An object access was taken from while the contest ran: the query would fail on every retry
    // and the results would never post, so the live board stands, and says why.
    const needed = objectsNeededBy(contest);
    const unreadable = await unreadableAmong(this.deps, needed);
    const keepLive = (objects: typeof needed): Recount => ({
      rows: live,
      drift: driftReport(live, live),
      notRecountedBecause: cannotRead(objects),
    });
    if (unreadable.length > 0) return keepLive(unreadable);
    const conn = await this.deps.salesforce.connection();
    const now = this.clock.now();
    let records: ScoringRecords;
    try {
      records = await loadRecordsFromSalesforce(conn, contest, await this.participantOwnerIds(contest), now);
    } catch (error) {
      // Refused before the next sync noticed; Salesforce names the type ("sObject type 'Event' is
      // not supported"). Anything else, a required object included, fails the job as before.
      const problem = accessProblemOf(error);
      const refused = needed.filter(
        (object) => problem?.kind === 'no-access' && problem.message.includes(`'${object}'`),
      );
      if (refused.length === 0) throw error;
      return keepLive(refused);
    }
    const context = await this.lookups.contextFor(records, now, {
      needsSla: SLA_METRICS.has(contest.metric),
    });
    const entries = scoreActivities(contest, records, context);
    const rows = rankStandings(standingsFromLedger(contest, entries), this.rankingRules);
    const drift = driftReport(live, rows);
    await this.ledger.replaceAll(contest, entries);
    if (drift.hasDrift) {
      this.deps.logger.warn(
        {
          contestId: contest.id,
          changes: drift.changes.slice(0, 20),
          winnersChanged: drift.winnersChanged,
          subjects: groupBySubject(entries).size,
        },
        'contest board drifted from Salesforce; the recount wins',
      );
    }
    return { rows, drift };
  }
}
