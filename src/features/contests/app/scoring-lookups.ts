import type { ChainableCommander } from 'ioredis';
import type { Lead, SfUser } from '../../../platform/salesforce/records.ts';
import { businessHoursBetween } from '../../../shared/sla/business-clock.ts';
import { firstTouchDueAt } from '../../../shared/sla/lead-clock.ts';
import { resolveTimeZone } from '../../../shared/sla/sla-policy.ts';
import type { ContestsDeps } from '../deps.ts';
import type { ScoringContext, ScoringRecords } from '../domain/scoring-types.ts';

/**
 * What the pure scorer needs from the outside world, resolved ahead of time: the Slack id of every
 * Salesforce owner in the records, each task owner's time zone (their ActivityDate is dated in it)
 * and (for SLA metrics) each lead owner's time zone. Lookups are
 * cached per process for a minute; people and time zones change rarely and a recompute fixes any
 * point scored in between.
 */

const CACHE_MS = 60_000;
const REFRESH_AHEAD_MS = 10_000;

export class ScoringLookups {
  private readonly services: Pick<ContestsDeps, 'people' | 'store' | 'config'>;
  private readonly slackIds = new Map<string, { value: string | null; until: number }>();
  private readonly timeZones = new Map<string, { value: string; until: number }>();

  constructor(services: Pick<ContestsDeps, 'people' | 'store' | 'config'>) {
    this.services = services;
  }

  /**
   * Queues, in a caller's pipeline, the reads of the owners' Slack ids and time zones that are not
   * cached or are stale, so the scoring that follows finds them fresh at no round trip of its own
   * (scoring reads its lead in one pipeline and adds these, for the activity's owner). Returns
   * what takes the replies, in the order queued.
   */
  queueRefresh(
    reads: ChainableCommander,
    ownerIds: Iterable<string>,
    now: Date,
  ): (replies: unknown[]) => void {
    const nowMs = now.getTime();
    const takers: ((reply: unknown) => void)[] = [];
    const until = nowMs + CACHE_MS;
    // Refreshed a little before they expire, so an entry cannot expire between this read and the
    // scoring that uses it (which would read it again on its own).
    const staleAt = nowMs + REFRESH_AHEAD_MS;
    for (const id of new Set(ownerIds)) {
      if (!((this.slackIds.get(id)?.until ?? 0) > staleAt)) {
        this.services.people.queueSlackIdFor(reads, id);
        takers.push((reply) =>
          this.slackIds.set(id, { value: typeof reply === 'string' ? reply : null, until }),
        );
      }
      if (!((this.timeZones.get(id)?.until ?? 0) > staleAt)) {
        this.services.store.queueGet(reads, 'User', id);
        takers.push((reply) => {
          const user = typeof reply === 'string' ? (JSON.parse(reply) as SfUser) : null;
          this.timeZones.set(id, { value: this.zoneOf(user), until });
        });
      }
    }
    return (replies) => takers.forEach((take, index) => take(replies[index] ?? null));
  }

  private zoneOf(user: SfUser | null): string {
    return resolveTimeZone(user?.TimeZoneSidKey, this.services.config.policy.sla);
  }

  private async slackIdFor(ownerId: string, nowMs: number): Promise<string | null> {
    const cached = this.slackIds.get(ownerId);
    if (cached && cached.until > nowMs) return cached.value;
    const value = await this.services.people.slackIdFor(ownerId);
    this.slackIds.set(ownerId, { value, until: nowMs + CACHE_MS });
    return value;
  }

  private async timeZoneOf(ownerId: string, nowMs: number): Promise<string> {
    const cached = this.timeZones.get(ownerId);
    if (cached && cached.until > nowMs) return cached.value;
    const user = await this.services.store.get('User', ownerId);
    const value = this.zoneOf(user);
    this.timeZones.set(ownerId, { value, until: nowMs + CACHE_MS });
    return value;
  }

  /** Slack ids of the owners matched to a Slack member. */
  async slackIdsOf(ownerIds: Iterable<string>, now: Date): Promise<string[]> {
    const ids = await Promise.all([...ownerIds].map((id) => this.slackIdFor(id, now.getTime())));
    return ids.filter((id): id is string => id !== null);
  }

  async contextFor(
    records: ScoringRecords,
    now: Date,
    options: { needsSla: boolean; assignedAt?: ReadonlyMap<string, Date> },
  ): Promise<ScoringContext> {
    const nowMs = now.getTime();
    const owners = new Set<string>();
    for (const lead of records.leads) owners.add(lead.OwnerId);
    for (const task of records.tasks) owners.add(task.OwnerId);
    for (const event of records.events ?? []) owners.add(event.OwnerId);
    for (const opportunity of records.opportunities ?? []) owners.add(opportunity.OwnerId);
    for (const handoff of records.handoffs ?? [])
      owners.add(handoff.sdrSalesforceId).add(handoff.aeSalesforceId);
    const slackIds = new Map<string, string | null>();
    await Promise.all([...owners].map(async (id) => slackIds.set(id, await this.slackIdFor(id, nowMs))));
    const dueAt = new Map<string, Date>();
    let assignedAt: ReadonlyMap<string, Date> = new Map<string, Date>();
    if (options.needsSla) {
      const policy = this.services.config.policy.sla;
      // A rep's SLA runs from when they got the lead (owner history), not from its creation; the
      // caller may have read it with the lead.
      assignedAt = options.assignedAt ?? (await this.services.store.leadAssignedAt(records.leads));
      await Promise.all(
        records.leads.map(async (lead) => {
          const zone = await this.timeZoneOf(lead.OwnerId, nowMs);
          dueAt.set(lead.Id, firstTouchDueAt(lead, zone, policy, assignedAt.get(lead.Id)));
        }),
      );
    }
    const zoneOwners = [...records.tasks.map((task) => task.OwnerId)];
    for (const handoff of records.handoffs ?? []) zoneOwners.push(handoff.aeSalesforceId);
    const ownerZones = new Map<string, string>();
    await Promise.all(
      [...new Set(zoneOwners)].map(async (id) => ownerZones.set(id, await this.timeZoneOf(id, nowMs))),
    );
    const { calendar } = this.services.config.policy.sla;
    const completed = new Set(this.services.config.policy.sla.qualifyingActivity.completedTaskStatuses);
    return {
      now,
      slackUserFor: (ownerId) => slackIds.get(ownerId) ?? null,
      firstTouchDueAt: (lead: Lead) => dueAt.get(lead.Id) ?? null,
      assignedAt: (lead: Lead) => assignedAt.get(lead.Id) ?? null,
      timeZoneFor: (ownerId) => ownerZones.get(ownerId) ?? null,
      businessHoursFor: (ownerId, from, to) =>
        businessHoursBetween(from, to, ownerZones.get(ownerId) ?? calendar.fallbackTimeZone, calendar),
      isCompletedStatus: (status) => completed.has(status),
      callOutcomes: this.services.config.policy.sla.callOutcomes,
    };
  }
}
