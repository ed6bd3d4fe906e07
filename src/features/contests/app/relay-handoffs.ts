import type { Keyspace, RedisClient } from '../../../platform/redis.ts';
import type { Handoff } from '../../../shared/relay/handoff.ts';
import { HandoffRecords } from '../../../shared/relay/handoff-records.ts';
import type { DomainEvent } from '../../../shared/sync/domain-events.ts';
import type { SyncedRecordStore } from '../../../shared/sync/synced-records.ts';
import { RELAY_METRICS, type Contest } from '../domain/model.ts';
import type { ScoringRecords } from '../domain/scoring-types.ts';
import type { SubjectUpdate } from '../store/ledger-store.ts';
import { idKey } from '../../../platform/salesforce/ids.ts';

/**
 * The relay's hand-off records a relay-metric contest scores from (shared/relay, written by the
 * relay feature): the whole-contest reads (recount, did-it-stick, preview) take those where a
 * participant is the SDR or the AE; the live path reads one lead's, or one AE's.
 */

export class ContestHandoffs {
  private readonly records: HandoffRecords;

  constructor(deps: { redis: RedisClient; keys: Keyspace }) {
    this.records = new HandoffRecords(deps.redis, deps.keys);
  }

  /** Hand-offs where any of these Salesforce users is the SDR or the AE; none for other metrics. */
  async involving(contest: Contest, ownerIds: readonly string[]): Promise<Handoff[]> {
    if (!RELAY_METRICS.has(contest.metric) || ownerIds.length === 0) return [];
    const owners = new Set(ownerIds.map(idKey));
    const found: Handoff[] = [];
    for await (const chunk of this.records.scan()) {
      found.push(
        ...chunk.filter((h) => owners.has(idKey(h.sdrSalesforceId)) || owners.has(idKey(h.aeSalesforceId))),
      );
    }
    return found;
  }

  /** Every hand-off to this AE (read through the per-AE index): their median is scored over all. */
  toAe(aeSalesforceId: string): Promise<Handoff[]> {
    return this.records.toAe(aeSalesforceId);
  }
}

/** What the time-to-accept path uses of the contest engine (engine.ts). */
export interface TimeToAcceptEngine {
  deps: { redis: RedisClient; keys: Keyspace; store: Pick<SyncedRecordStore, 'getMany'> };
  ledger: { contestsWithEntries(subject: string): Promise<Set<string>> };
  relevant(
    contests: Contest[],
    records: ScoringRecords,
    withEntries: ReadonlySet<string>,
  ): Promise<Contest[]>;
  updatesFor(contests: Contest[], subject: string, records: ScoringRecords): Promise<SubjectUpdate[]>;
}

/**
 * An accept moves the AE's median, so time-to-accept contests rescore the AE (their subject) over
 * every hand-off they accepted; the leads come along for the contest's scope.
 */
export async function timeToAcceptUpdates(
  engine: TimeToAcceptEngine,
  event: DomainEvent,
  running: readonly Contest[],
): Promise<SubjectUpdate[]> {
  const contests = running.filter((contest) => contest.metric === 'time_to_accept');
  if (event.type !== 'relay.accepted' || contests.length === 0) return [];
  const handoffs = await new ContestHandoffs(engine.deps).toAe(event.aeId);
  const leads = await engine.deps.store.getMany(
    'Lead',
    handoffs.map((handoff) => handoff.leadId),
  );
  const records: ScoringRecords = { leads, tasks: [], handoffs };
  const subject = handoffs.find((handoff) => handoff.leadId === event.leadId)?.aeSalesforceId ?? event.aeId;
  const relevant = await engine.relevant(contests, records, await engine.ledger.contestsWithEntries(subject));
  return engine.updatesFor(relevant, subject, records);
}
