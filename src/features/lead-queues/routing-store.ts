import { z } from 'zod';
import { RedisBacked } from '../../platform/redis.ts';
import { SKIP_REASONS, type Candidate } from './domain/routing.ts';

/**
 * Routing's keys (claims included): each queue's smooth weighted round-robin state (one hash of current weights,
 * advanced by one Lua script so concurrent leads never take the same turn), each routed lead's
 * record of who got it, when and why, the once-only mark per arrival and per re-route, and a
 * short cache of members' Slack status emoji.
 */

const assignmentSchema = z.object({
  ownerId: z.string(),
  at: z.string(),
  rule: z.enum(['round-robin', 'reroute', 'claim']),
  skipped: z.array(z.object({ userId: z.string(), reason: z.enum(SKIP_REASONS) })),
  from: z.string().nullable(),
});
export type RoutedAssignment = z.infer<typeof assignmentSchema>;

const routedLeadSchema = z.object({
  leadId: z.string(),
  queueId: z.string(),
  queueName: z.string(),
  arrivalId: z.string(),
  assignments: z.array(assignmentSchema),
});
export type RoutedLead = z.infer<typeof routedLeadSchema>;

const TTL_S = 30 * 86_400;
const STATUS_TTL_S = 5 * 60;
const NO_STATUS = '-';

/**
 * Smooth weighted round-robin (nginx's): every candidate's current weight grows by its weight, the
 * largest wins and gives back the total. Candidates are ARGV pairs (id, weight). Each turn (an
 * arrival, a re-route step) picks once: a retry after a failure gets the same member, not the next.
 */
const PICK = `
local taken = redis.call('GET', KEYS[2])
if taken then return taken end
local best, bestWeight, total = nil, nil, 0
for i = 1, #ARGV, 2 do
  local weight = tonumber(ARGV[i + 1])
  local current = redis.call('HINCRBY', KEYS[1], ARGV[i], weight)
  total = total + weight
  if bestWeight == nil or current > bestWeight then best, bestWeight = ARGV[i], current end
end
if best then
  redis.call('HINCRBY', KEYS[1], best, -total)
  redis.call('EXPIRE', KEYS[1], ${TTL_S})
  redis.call('SET', KEYS[2], best, 'EX', ${TTL_S})
end
return best
`;

export class RoutingStore extends RedisBacked {
  private key(...parts: string[]): string {
    return this.keys('lead-queues', 'routing', ...parts);
  }

  /** The next candidate in the queue's rotation for this turn (atomic), or null when there is none. */
  async pick(queueId: string, turn: string, candidates: readonly Candidate[]): Promise<string | null> {
    if (candidates.length === 0) return null;
    const args = candidates.flatMap((candidate) => [candidate.userId, String(candidate.weight)]);
    // The rotation and the turn share the tag `routing` (one Cluster slot): a turn names no queue.
    const tagged = (...parts: string[]): string =>
      this.keys('lead-queues', this.keys.tag('routing'), ...parts);
    const keys = [tagged('cursor', queueId.slice(0, 15)), tagged('turn', turn)];
    const picked = await this.redis.eval(PICK, 2, ...keys, ...args);
    return typeof picked === 'string' ? picked : null;
  }

  async routedLead(leadId: string): Promise<RoutedLead | null> {
    const raw = await this.redis.get(this.key('lead', leadId.slice(0, 15)));
    if (raw === null) return null;
    const parsed = routedLeadSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  }

  /** A Claim click that made its clicker the owner joins the lead's record of who, when and why. */
  async recordClaim(lead: Omit<RoutedLead, 'assignments'>, ownerId: string, at: string): Promise<void> {
    const record = (await this.routedLead(lead.leadId)) ?? { ...lead, assignments: [] };
    const claim: RoutedAssignment = { ownerId, at, rule: 'claim', skipped: [], from: null };
    await this.saveRoutedLead({ ...record, assignments: [...record.assignments, claim] });
  }

  async saveRoutedLead(record: RoutedLead): Promise<void> {
    await this.redis.set(this.key('lead', record.leadId.slice(0, 15)), JSON.stringify(record), 'EX', TTL_S);
  }

  /** True the first time only: an arrival is routed once, a lead moved once per re-route. */
  async markOnce(what: string): Promise<boolean> {
    return (await this.redis.set(this.key('once', what), '1', 'EX', TTL_S, 'NX')) === 'OK';
  }

  async unmark(what: string): Promise<void> {
    await this.redis.del(this.key('once', what));
  }

  async isMarked(what: string): Promise<boolean> {
    return (await this.redis.exists(this.key('once', what))) === 1;
  }

  /** The cached Slack status emoji: undefined when not cached, null when they have none. */
  async cachedStatus(slackId: string): Promise<string | null | undefined> {
    const raw = await this.redis.get(this.key('status', slackId));
    if (raw === null) return undefined;
    return raw === NO_STATUS ? null : raw;
  }

  async cacheStatus(slackId: string, emoji: string | null): Promise<void> {
    await this.redis.set(this.key('status', slackId), emoji ?? NO_STATUS, 'EX', STATUS_TTL_S);
  }
}
