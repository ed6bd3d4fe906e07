import { z } from 'zod';
import type { Lead, Opportunity, SfEvent, Task } from '../../platform/salesforce/records.ts';
import { sameId } from '../../platform/salesforce/ids.ts';
import type { RecordChange } from './synced-records.ts';

/** Which Task or Event on which lead, whose, and when: what every activity event carries. */
const activityFacts = {
  activityType: z.enum(['Task', 'Event']),
  activityId: z.string(),
  leadId: z.string(),
  ownerId: z.string(),
  at: z.string(),
};
export type ActivityFacts = z.infer<z.ZodObject<typeof activityFacts>>;

/**
 * What sync tells the rest of bullpen, derived from the difference between the stored and the
 * incoming version of a record (and the relay's hand-off facts, which it publishes itself). Consumers (SLA engine, contests, recognition) get these through
 * BullMQ queues, never by direct calls; each parses a job's data once with readDomainEvent, since
 * it comes back from Redis. One schema per event: the type and the check cannot drift apart.
 */
export const domainEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('lead.created'),
    leadId: z.string(),
    ownerId: z.string(),
    leadSource: z.string().nullable(),
    at: z.string(),
  }),
  z.object({
    type: z.literal('lead.status_changed'),
    leadId: z.string(),
    ownerId: z.string(),
    from: z.string(),
    to: z.string(),
    at: z.string(),
  }),
  z.object({
    type: z.literal('lead.owner_changed'),
    leadId: z.string(),
    from: z.string(),
    to: z.string(),
    at: z.string(),
  }),
  z.object({
    type: z.literal('lead.converted'),
    leadId: z.string(),
    ownerId: z.string(),
    opportunityId: z.string().nullable(),
    at: z.string(),
  }),
  z.object({ type: z.literal('activity.logged'), ...activityFacts }),
  z.object({ type: z.literal('activity.updated'), ...activityFacts }),
  z.object({ type: z.literal('activity.deleted'), ...activityFacts }),
  // The relay's own facts (it writes Salesforce and keeps the hand-off record): published by the
  // relay at once, so contests on the relay metrics re-score without waiting for the next sync.
  z.object({
    type: z.literal('relay.handed_off'),
    leadId: z.string(),
    sdrId: z.string(),
    aeId: z.string(),
    at: z.string(),
  }),
  z.object({ type: z.literal('relay.accepted'), leadId: z.string(), aeId: z.string(), at: z.string() }),
  z.object({
    type: z.literal('opportunity.won'),
    opportunityId: z.string(),
    ownerId: z.string(),
    name: z.string(),
    amount: z.number().nullable(),
    at: z.string(),
  }),
]);
export type DomainEvent = z.infer<typeof domainEventSchema>;

/** A domain event job's data, checked: what sync published, read back from Redis. */
export const readDomainEvent = (data: unknown): DomainEvent => domainEventSchema.parse(data);

export type DomainEventType = DomainEvent['type'];

const LEAD_ID_PREFIX = '00Q';
export const isLeadId = (id: string | null): id is string => id !== null && id.startsWith(LEAD_ID_PREFIX);

/** Stable per event and record version: a re-read page produces the same ids, so queues dedupe. */
export function domainEventId(event: DomainEvent): string {
  const subject =
    'leadId' in event && !('activityId' in event)
      ? event.leadId
      : 'activityId' in event
        ? event.activityId
        : event.opportunityId;
  return `${event.type}-${subject}-${Date.parse(event.at)}`;
}

function leadEvents(before: Lead | null, after: Lead): DomainEvent[] {
  const at = after.SystemModstamp;
  if (after.IsDeleted) return [];
  if (!before) {
    const created: DomainEvent[] = [
      {
        type: 'lead.created',
        leadId: after.Id,
        ownerId: after.OwnerId,
        leadSource: after.LeadSource,
        at: after.CreatedDate,
      },
    ];
    if (after.IsConverted) {
      created.push({
        type: 'lead.converted',
        leadId: after.Id,
        ownerId: after.OwnerId,
        opportunityId: after.ConvertedOpportunityId,
        at,
      });
    }
    return created;
  }
  const events: DomainEvent[] = [];
  if (before.Status !== after.Status) {
    events.push({
      type: 'lead.status_changed',
      leadId: after.Id,
      ownerId: after.OwnerId,
      from: before.Status,
      to: after.Status,
      at,
    });
  }
  if (before.OwnerId !== after.OwnerId) {
    events.push({
      type: 'lead.owner_changed',
      leadId: after.Id,
      from: before.OwnerId,
      to: after.OwnerId,
      at,
    });
  }
  if (!before.IsConverted && after.IsConverted) {
    events.push({
      type: 'lead.converted',
      leadId: after.Id,
      ownerId: after.OwnerId,
      opportunityId: after.ConvertedOpportunityId,
      at,
    });
  }
  return events;
}

function activityEvents(
  activityType: 'Task' | 'Event',
  before: Task | SfEvent | null,
  after: Task | SfEvent,
): DomainEvent[] {
  const leadId = isLeadId(after.WhoId)
    ? after.WhoId
    : isLeadId(before?.WhoId ?? null)
      ? (before?.WhoId ?? null)
      : null;
  if (!leadId) return [];
  const base = {
    activityType,
    activityId: after.Id,
    leadId,
    ownerId: after.OwnerId,
    at: after.SystemModstamp,
  };
  if (after.IsDeleted) return before && !before.IsDeleted ? [{ type: 'activity.deleted', ...base }] : [];
  if (!before || before.IsDeleted) return [{ type: 'activity.logged', ...base }];
  // Moved to another lead: the lead it left lost it (its SLA clock and scores move back).
  const left = isLeadId(before.WhoId) && !sameId(before.WhoId, leadId) ? before.WhoId : null;
  const leftEvents: DomainEvent[] = left ? [{ type: 'activity.deleted', ...base, leadId: left }] : [];
  return [...leftEvents, { type: 'activity.updated', ...base }];
}

function opportunityEvents(before: Opportunity | null, after: Opportunity): DomainEvent[] {
  if (after.IsDeleted || !after.IsWon || before?.IsWon) return [];
  return [
    {
      type: 'opportunity.won',
      opportunityId: after.Id,
      ownerId: after.OwnerId,
      name: after.Name,
      amount: after.Amount,
      at: after.SystemModstamp,
    },
  ];
}

export function deriveDomainEvents(change: RecordChange): DomainEvent[] {
  switch (change.object) {
    case 'Lead':
      return leadEvents(change.before as Lead | null, change.after as Lead);
    case 'Task':
    case 'Event':
      return activityEvents(
        change.object,
        change.before as Task | SfEvent | null,
        change.after as Task | SfEvent,
      );
    case 'Opportunity':
      return opportunityEvents(change.before as Opportunity | null, change.after as Opportunity);
    default:
      return [];
  }
}
