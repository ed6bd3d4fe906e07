import type { DomainEvent } from '../../../shared/sync/domain-events.ts';
import { realClock, type Clock } from '../../../platform/clock.ts';
import type { CampaignMember } from '../../../platform/salesforce/records.ts';
import type { ContestsDeps } from '../deps.ts';
import { LOWER_IS_BETTER, participantIds, RELAY_METRICS, type Contest } from '../domain/model.ts';
import type { RankedRow, RankingRules } from '../domain/ranking.ts';
import { scoreActivities } from '../domain/scoring.ts';
import type { ScoringContext, ScoringRecords } from '../domain/scoring-types.ts';
import { ContestStore } from '../store/contest-store.ts';
import { ledgerMigrationFor, type LedgerMigration } from '../store/ledger-migration.ts';
import { ContestLedger, subjectOf, type SubjectUpdate } from '../store/ledger-store.ts';
import { ContestSideStore } from '../store/side-store.ts';
import { boardEditInterval } from './board-throttle.ts';
import { ParticipantNames } from './participant-names.ts';
import { recountFromSalesforce, SLA_METRICS, type Recount } from './recount.ts';
import { timeToAcceptUpdates } from './relay-handoffs.ts';
import { leadContestsOf, NO_RECORDS, type LeadRead } from './lead-read.ts';
import { HandoffRecords, parseHandoff } from '../../../shared/relay/handoff-records.ts';
import { ScoringLookups } from './scoring-lookups.ts';

export type { Recount } from './recount.ts';

/**
 * The contest adapter: turns domain events from sync into ledger changes, rebuilds a board from
 * Salesforce, and reads standings. One per process; it caches the running contests and reloads
 * them when the contests' version counter moves.
 */

/** A contest whose live-board edit a scored event asked for first in the current interval. */
export interface EditDue {
  contest: Contest;
  interval: number;
}

export interface ScoredEvent {
  /** The contests whose board changed. */
  changed: Contest[];
  /** The contests whose board edit is to be scheduled (the first change of their edit interval). */
  editDue: EditDue[];
}

export class ContestEngine {
  readonly deps: ContestsDeps;
  readonly contests: ContestStore;
  readonly ledger: ContestLedger;
  readonly side: ContestSideStore;
  readonly names: ParticipantNames;
  readonly clock: Clock;
  readonly lookups: ScoringLookups;
  readonly migration: Pick<LedgerMigration, 'migrate' | 'migrateAll'>;
  private readonly handoffs: HandoffRecords;
  private cache: { version: string; running: Contest[]; players: Map<string, Set<string>> } | null = null;
  private loading: { version: string; promise: Promise<Contest[]> } | null = null;

  constructor(deps: ContestsDeps) {
    this.deps = deps;
    this.contests = new ContestStore(deps.redis, deps.keys);
    this.ledger = new ContestLedger(deps.redis, deps.keys);
    this.side = new ContestSideStore(deps);
    this.names = new ParticipantNames(deps);
    this.lookups = new ScoringLookups(deps);
    this.migration = ledgerMigrationFor(deps.redis, deps.keys);
    this.handoffs = new HandoffRecords(deps.redis, deps.keys);
    this.clock = deps.clock ?? realClock;
  }

  async runningContests(): Promise<Contest[]> {
    return this.runningAt(await this.contests.version());
  }

  /**
   * The running contests as of a version counter just read; reloaded only when it moved, and once
   * for all the events that saw it move at the same time.
   */
  private async runningAt(version: string): Promise<Contest[]> {
    if (this.cache?.version === version) return this.cache.running;
    if (this.loading?.version !== version) {
      const load = this.loadRunning(version).finally(() => {
        if (this.loading?.promise === load) this.loading = null;
      });
      this.loading = { version, promise: load };
    }
    return this.loading.promise;
  }

  private async loadRunning(version: string): Promise<Contest[]> {
    const running = await this.contests.listByStatus('running');
    await this.migration.migrateAll(running);
    this.cache = { version, running, players: new Map(running.map((c) => [c.id, participantIds(c)])) };
    return running;
  }

  /**
   * The contests a rescore of this subject can change: those where a participant owns one of the
   * records, plus those already holding entries for it (points to take back). Skipping the rest is
   * what keeps fifty concurrent contests from costing fifty scorings per activity.
   */
  async relevant(
    contests: Contest[],
    records: ScoringRecords,
    withEntries: ReadonlySet<string>,
  ): Promise<Contest[]> {
    if (contests.length === 0) return [];
    const owners = new Set<string>();
    for (const lead of records.leads) owners.add(lead.OwnerId);
    for (const task of records.tasks) owners.add(task.OwnerId);
    for (const event of records.events ?? []) owners.add(event.OwnerId);
    for (const opportunity of records.opportunities ?? []) owners.add(opportunity.OwnerId);
    for (const handoff of records.handoffs ?? [])
      owners.add(handoff.sdrSalesforceId).add(handoff.aeSalesforceId);
    const players = await this.lookups.slackIdsOf(owners, this.clock.now());
    return contests.filter(
      (contest) =>
        withEntries.has(contest.id) || players.some((id) => this.cache?.players.get(contest.id)?.has(id)),
    );
  }

  /** Rescores what one domain event touched; returns the contests whose board changed. */
  async scoreDomainEvent(event: DomainEvent): Promise<Contest[]> {
    return (await this.scoreEvent(event)).changed;
  }

  /**
   * Rescores what one domain event touched in every running contest it can matter to. Idempotent:
   * the same event twice applies the same entries. For an activity on a lead in steady state this
   * is two round trips: one pipeline reads the lead, every activity on it (kept by lead), its
   * campaign memberships and owner history when a running contest needs them, the contests'
   * version and which contests hold entries for the lead; then one pipeline runs every relevant
   * contest's script, which also raises the board-edit flag (`editDue`: the contests whose live
   * board edit this event is the first to ask for in the current interval).
   */
  async scoreEvent(event: DomainEvent): Promise<ScoredEvent> {
    const leadId = 'leadId' in event ? event.leadId : undefined;
    const opportunityId =
      event.type === 'opportunity.won' || event.type === 'lead.converted' ? event.opportunityId : null;
    const updates: SubjectUpdate[] = [];
    const read = leadId ? await this.readLead(leadId, 'ownerId' in event ? [event.ownerId] : []) : null;
    const running = read?.running ?? (await this.runningContests());
    if (running.length === 0) return { changed: [], editDue: [] };
    if (event.type === 'lead.converted' && event.opportunityId) {
      await this.side.rememberOpportunityLead(event.opportunityId, event.leadId);
    }
    if (leadId && read && read.contests.length > 0) {
      const relevant = await this.relevant(read.contests, read.records, read.withEntries);
      updates.push(...(await this.updatesFor(relevant, leadId, read.records, read.assignedAt)));
    }
    const wonContests = running.filter((c) => c.metric === 'opportunities_won');
    if (opportunityId && wonContests.length > 0) {
      const records = await this.opportunityRecords(opportunityId, wonContests);
      const withEntries = await this.ledger.contestsWithEntries(opportunityId);
      const relevant = await this.relevant(wonContests, records, withEntries);
      updates.push(...(await this.updatesFor(relevant, opportunityId, records)));
    }
    updates.push(...(await timeToAcceptUpdates(this, event, running)));
    const applied = await this.ledger.applySubjects(updates);
    const changed = new Map<string, Contest>();
    const editDue = new Map<string, EditDue>();
    applied.forEach((result, index) => {
      const update = updates[index];
      if (!update || result.changed === 0) return;
      changed.set(update.contest.id, update.contest);
      if (result.editFlagged && update.edit) {
        editDue.set(update.contest.id, { contest: update.contest, interval: update.edit.interval });
      }
    });
    return { changed: [...changed.values()], editDue: [...editDue.values()] };
  }

  /**
   * A lead's records, with the contests' version, the contests holding entries for it and the
   * event owner's Slack id and time zone when not cached (or stale) read in the same pipeline. With
   * no lead contest running (as far as this process knows), only the version is read, and the lead
   * only if the version says contests changed.
   */
  private async readLead(leadId: string, owners: readonly string[]): Promise<LeadRead> {
    const known = this.cache ? leadContestsOf(this.cache.running) : [];
    if (this.cache && known.length === 0) {
      const running = await this.runningContests();
      if (leadContestsOf(running).length === 0) return { running, contests: [], ...NO_RECORDS };
    }
    const expected = this.cache ? leadContestsOf(this.cache.running) : [];
    const withMembers = expected.some((contest) => contest.scope.kind === 'campaign');
    const withAssignment = expected.some((contest) => SLA_METRICS.has(contest.metric));
    const withHandoff = expected.some((contest) => RELAY_METRICS.has(contest.metric));
    let refreshed: (replies: unknown[]) => void = () => undefined;
    const read = await this.deps.store.leadWithActivities(leadId, {
      campaignMembers: withMembers,
      assignment: withAssignment,
      alongside: (reads) => {
        reads.get(this.contests.versionKey).smembers(this.ledger.contestsWithEntriesKey(leadId));
        if (withHandoff) this.handoffs.queueGet(reads, leadId);
        refreshed = this.lookups.queueRefresh(reads, owners, this.clock.now());
      },
    });
    const [version, withEntries, handoffReply] = read.alongside as [string | null, string[], string | null];
    refreshed(read.alongside.slice(withHandoff ? 3 : 2));
    const running = await this.runningAt(version ?? '0');
    const contests = leadContestsOf(running);
    const lead = read.lead;
    const campaignMembers =
      withMembers || !lead ? read.campaignMembers : await this.campaignMembers([lead.Id], contests);
    const handoff = withHandoff
      ? parseHandoff(handoffReply)
      : contests.some((c) => RELAY_METRICS.has(c.metric))
        ? await this.handoffs.get(leadId)
        : null;
    return {
      running,
      contests,
      records: {
        leads: lead ? [lead] : [],
        tasks: read.tasks,
        events: read.events,
        campaignMembers,
        handoffs: handoff ? [handoff] : [],
      },
      withEntries: new Set(withEntries),
      ...(withAssignment ? { assignedAt: new Map(read.assignedAt ? [[leadId, read.assignedAt]] : []) } : {}),
    };
  }

  async updatesFor(
    contests: Contest[],
    subject: string,
    records: ScoringRecords,
    assignedAt?: ReadonlyMap<string, Date>,
  ): Promise<SubjectUpdate[]> {
    const contexts = new Map<boolean, Promise<ScoringContext>>();
    const contextFor = (needsSla: boolean) => {
      let context = contexts.get(needsSla);
      if (!context) {
        const known = assignedAt ? { assignedAt } : {};
        context = this.lookups.contextFor(records, this.clock.now(), { needsSla, ...known });
        contexts.set(needsSla, context);
      }
      return context;
    };
    return Promise.all(
      contests.map(async (contest) => {
        const context = await contextFor(SLA_METRICS.has(contest.metric));
        const entries = scoreActivities(contest, records, context).filter((e) => subjectOf(e) === subject);
        const edit = boardEditInterval(contest, this.clock);
        return { contest, subject, entries, ...(edit ? { edit } : {}) };
      }),
    );
  }

  private async campaignMembers(leadIds: string[], contests: Contest[]): Promise<CampaignMember[]> {
    if (!contests.some((contest) => contest.scope.kind === 'campaign')) return [];
    const { store } = this.deps;
    return store.campaignMembersOfMany(leadIds);
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
  rankingRulesFor(contest: Contest): RankingRules {
    return {
      minDecided: this.deps.config.policy.contests.slaHitRate.minDecided,
      lowerIsBetter: LOWER_IS_BETTER.has(contest.metric),
    };
  }

  async standings(contest: Contest): Promise<RankedRow[]> {
    await this.migration.migrate(contest);
    return this.ledger.standings(contest, this.rankingRulesFor(contest));
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
   * recount the board. Returns the new standings and how the live board differed (recount.ts).
   */
  async recomputeFromSalesforce(contest: Contest): Promise<Recount> {
    return recountFromSalesforce(this, contest);
  }
}
