import { z } from 'zod';
import { RedisBacked } from '../../platform/redis.ts';
import type { Arrival } from './domain/arrival.ts';
import type { ClaimRecord } from './domain/claim.ts';

/**
 * The lead-queues feature's keys: each arrival (what was posted where), the lead's latest arrival,
 * the claim on an arrival (taken atomically: SET NX, then completed or released only by the click
 * holding it) and the once-only escalation mark.
 */

const arrivalSchema = z.object({
  id: z.string(),
  leadId: z.string(),
  queueId: z.string(),
  queueName: z.string(),
  channel: z.string(),
  claimSlaMinutes: z.number(),
  manager: z.string().nullable(),
  arrivedAt: z.string(),
  lead: z.object({
    name: z.string(),
    company: z.string().nullable(),
    source: z.string().nullable(),
    createdAt: z.string(),
  }),
});

const claimSchema = z.object({
  token: z.string(),
  slackUserId: z.string(),
  state: z.enum(['writing', 'done']),
  at: z.string(),
});

const TTL_S = 30 * 86_400;
/**
 * A click that died between taking the claim and writing Salesforce would hold it for ever, so the
 * claim lapses; but never while a write may still be running, which would let a second click write
 * too: past SF_TIMEOUT_MS's ceiling (600 s) with a minute to spare. A completed claim is kept TTL_S.
 */
const WRITING_TTL_S = 11 * 60;

const parseJson = <T>(schema: z.ZodType<T>, raw: string | null): T | null => {
  if (raw === null) return null;
  const parsed = schema.safeParse(JSON.parse(raw));
  return parsed.success ? parsed.data : null;
};

/** Records the completed claim unless another click holds the claim (it lapsed and was taken). */
const COMPLETE_CLAIM = `
local current = redis.call('GET', KEYS[1])
if current and cjson.decode(current)['token'] ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
return 1
`;

const RELEASE_CLAIM = `
local current = redis.call('GET', KEYS[1])
if not current then return 0 end
if cjson.decode(current)['token'] ~= ARGV[1] then return 0 end
return redis.call('DEL', KEYS[1])
`;

export class LeadQueueStore extends RedisBacked {
  private key(...parts: string[]): string {
    return this.keys('lead-queues', ...parts);
  }

  /** Records an arrival once; false when it was already recorded (the same event seen again). */
  async addArrival(arrival: Arrival): Promise<boolean> {
    const added = await this.redis.set(
      this.key('arrival', arrival.id),
      JSON.stringify(arrival),
      'EX',
      TTL_S,
      'NX',
    );
    if (added !== 'OK') return false;
    await this.redis.set(this.key('latest', arrival.leadId), arrival.id, 'EX', TTL_S);
    return true;
  }

  async arrival(id: string): Promise<Arrival | null> {
    return parseJson(arrivalSchema, await this.redis.get(this.key('arrival', id)));
  }

  /** The lead's most recent arrival in a mapped queue, if it had one. */
  async latestArrivalOf(leadId: string): Promise<Arrival | null> {
    const id = await this.redis.get(this.key('latest', leadId));
    return id === null ? null : this.arrival(id);
  }

  async claim(arrivalId: string): Promise<ClaimRecord | null> {
    return parseJson(claimSchema, await this.redis.get(this.key('claim', arrivalId)));
  }

  /** Takes the claim for one click; the claim already there when another click holds it. */
  async tryClaim(
    arrivalId: string,
    claim: ClaimRecord,
  ): Promise<{ won: true } | { won: false; holder: ClaimRecord | null }> {
    const taken = await this.redis.set(
      this.key('claim', arrivalId),
      JSON.stringify(claim),
      'EX',
      WRITING_TTL_S,
      'NX',
    );
    return taken === 'OK' ? { won: true } : { won: false, holder: await this.claim(arrivalId) };
  }

  async completeClaim(arrivalId: string, claim: ClaimRecord): Promise<boolean> {
    const done: ClaimRecord = { ...claim, state: 'done' };
    const result = await this.redis.eval(
      COMPLETE_CLAIM,
      1,
      this.key('claim', arrivalId),
      claim.token,
      JSON.stringify(done),
      String(TTL_S),
    );
    return result === 1;
  }

  async releaseClaim(arrivalId: string, token: string): Promise<void> {
    await this.redis.eval(RELEASE_CLAIM, 1, this.key('claim', arrivalId), token);
  }

  /** True the first time only: an arrival is escalated at most once. */
  async markEscalated(arrivalId: string): Promise<boolean> {
    return (await this.redis.set(this.key('escalated', arrivalId), '1', 'EX', TTL_S, 'NX')) === 'OK';
  }

  /** True the first time only: a lead that left the queue outside bullpen is marked so once. */
  async markLeft(arrivalId: string): Promise<boolean> {
    return (await this.redis.set(this.key('left', arrivalId), '1', 'EX', TTL_S, 'NX')) === 'OK';
  }
}
