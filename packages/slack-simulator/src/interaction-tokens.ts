import { randomBytes } from 'node:crypto';

/**
 * trigger_ids (good for 3 s, single use) and response_urls (5 uses within 30 min) that the
 * simulator hands bullpen, with the context needed to act on them later.
 */

export const TRIGGER_TTL_MS = 3_000;
export const RESPONSE_URL_TTL_MS = 30 * 60_000;
export const RESPONSE_URL_MAX_USES = 5;

interface TriggerRecord {
  userId: string;
  issuedAt: number;
  used: boolean;
  /** Set when the interaction happened inside a modal; views.push stacks onto it. */
  fromViewId: string | undefined;
}

export type TriggerCheck =
  | { ok: true; userId: string; fromViewId: string | undefined }
  | { ok: false; error: 'invalid_trigger_id' | 'expired_trigger_id' | 'exchanged_trigger_id' };

export class TriggerRegistry {
  private readonly triggers = new Map<string, TriggerRecord>();
  private counter = 0;
  private readonly ttlMs: number;

  constructor(ttlMs: number) {
    this.ttlMs = ttlMs;
  }

  issue(userId: string, nowMs: number, fromViewId?: string): string {
    this.counter += 1;
    const id = `${Math.floor(nowMs / 1000)}${this.counter}.${Date.now() % 100_000}.${randomBytes(16).toString('hex')}`;
    this.triggers.set(id, { userId, issuedAt: nowMs, used: false, fromViewId });
    return id;
  }

  /** Exchanges a trigger for one views.open/push: a trigger works once, and only for 3 s. */
  exchange(triggerId: string, nowMs: number): TriggerCheck {
    const record = this.triggers.get(triggerId);
    if (!record) return { ok: false, error: 'invalid_trigger_id' };
    if (nowMs - record.issuedAt > this.ttlMs) return { ok: false, error: 'expired_trigger_id' };
    if (record.used) return { ok: false, error: 'exchanged_trigger_id' };
    record.used = true;
    return { ok: true, userId: record.userId, fromViewId: record.fromViewId };
  }
}

export interface ResponseUrlTarget {
  userId: string;
  channelId: string;
  /** The message the interaction came from, for replace_original/delete_original. */
  sourceTs: string | undefined;
  sourceIsEphemeral: boolean;
}

interface ResponseUrlRecord extends ResponseUrlTarget {
  issuedAt: number;
  uses: number;
}

export type ResponseUrlCheck =
  | { ok: true; target: ResponseUrlTarget }
  | { ok: false; status: 404; error: 'invalid_url' | 'expired_url' | 'used_url' };

export class ResponseUrlRegistry {
  private readonly urls = new Map<string, ResponseUrlRecord>();

  issue(target: ResponseUrlTarget, nowMs: number): string {
    const id = `${target.channelId}/${randomBytes(12).toString('hex')}`;
    this.urls.set(id, { ...target, issuedAt: nowMs, uses: 0 });
    return id;
  }

  use(id: string, nowMs: number): ResponseUrlCheck {
    const record = this.urls.get(id);
    if (!record) return { ok: false, status: 404, error: 'invalid_url' };
    if (nowMs - record.issuedAt > RESPONSE_URL_TTL_MS)
      return { ok: false, status: 404, error: 'expired_url' };
    if (record.uses >= RESPONSE_URL_MAX_USES) return { ok: false, status: 404, error: 'used_url' };
    record.uses += 1;
    return { ok: true, target: record };
  }

  /** After a replace_original the response_url keeps pointing at the (new) message. */
  retarget(id: string, sourceTs: string, sourceIsEphemeral: boolean): void {
    const record = this.urls.get(id);
    if (record) {
      record.sourceTs = sourceTs;
      record.sourceIsEphemeral = sourceIsEphemeral;
    }
  }
}
