import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import type { Keyspace, RedisClient } from '../../platform/redis.ts';
import { sendEach, type RedisCommand } from '../../platform/redis-slots.ts';
import type { OpenAlert } from './domain/alert-batch.ts';
import { NudgeState, type NudgeStoreDeps } from './store.ts';

/**
 * The instant assignment alerts' state in Redis, under nudges' own keys: each rep's open alert,
 * the assignments already alerted (so a retried event alerts once), and a per-rep lock so two
 * events at once never open two messages. An alert's message record is a digest record of kind
 * 'alert' (store.ts), so the digest's buttons, "Done" lines and edits work on it unchanged.
 */

const openAlertSchema = z.object({ alertId: z.string(), openedAt: z.iso.datetime() });

/** Far longer than any open window (at most a day): the window itself decides when it closes. */
const OPEN_ALERT_TTL_S = 2 * 86_400;
/** As long as digest records are kept: an event replayed within that time is still recognised. */
const ALERTED_TTL_S = 35 * 86_400;
const LEAD_DIGEST_TTL_S = 2 * 86_400;
/** A queued edit that never ran (its job lost) stops blocking the next one after this. */
const REFRESH_PENDING_TTL_S = 60;
/** An alert's work (a few Redis reads and one Slack call) is done well inside this. */
const LOCK_TTL_MS = 60_000;
const LOCK_POLL_MS = 50;
const LOCK_WAIT_MS = 30_000;
const RELEASE_LOCK = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

export class AlertState {
  private readonly redis: RedisClient;
  private readonly keys: Keyspace;
  private readonly digests: NudgeState;

  constructor(deps: NudgeStoreDeps) {
    this.redis = deps.redis;
    this.keys = deps.keys;
    this.digests = new NudgeState(deps);
  }

  private key(...parts: string[]): string {
    return this.keys('nudges', ...parts);
  }

  async openAlert(repId: string): Promise<OpenAlert | null> {
    const json = await this.redis.get(this.key('open-alert', repId));
    return json ? openAlertSchema.parse(JSON.parse(json)) : null;
  }

  async setOpenAlert(repId: string, open: OpenAlert): Promise<void> {
    await this.redis.set(this.key('open-alert', repId), JSON.stringify(open), 'EX', OPEN_ALERT_TTL_S);
  }

  /** Forgets the rep's open alert if it is still this one (its message is gone). */
  async closeOpenAlert(repId: string, alertId: string): Promise<void> {
    const open = await this.openAlert(repId);
    if (open?.alertId === alertId) await this.redis.del(this.key('open-alert', repId));
  }

  async wasAlerted(assignmentKey: string): Promise<boolean> {
    return (await this.redis.exists(this.key('alerted', assignmentKey))) === 1;
  }

  async markAlerted(assignmentKey: string, alertId: string): Promise<void> {
    await this.redis.set(this.key('alerted', assignmentKey), alertId, 'EX', ALERTED_TTL_S);
  }

  /** Adds leads to an alert's record (kept in store.ts's digest key) and to the per-lead index. */
  async addLeads(alertId: string, leadIds: readonly string[]): Promise<void> {
    const record = await this.digests.digest(alertId);
    if (!record) throw new Error(`alert ${alertId} has no record`);
    const added = leadIds.filter((id) => !record.leadIds.includes(id));
    if (added.length === 0) return;
    const updated = { ...record, leadIds: [...record.leadIds, ...added] };
    const write: RedisCommand = ['set', this.key('digest', alertId), JSON.stringify(updated), 'KEEPTTL'];
    const indexes = added.flatMap((leadId): RedisCommand[] => [
      ['sadd', this.key('lead-digests', leadId), alertId],
      ['expire', this.key('lead-digests', leadId), LEAD_DIGEST_TTL_S],
    ]);
    if (!this.keys.cluster) {
      await sendEach(this.redis, [write, ...indexes], { atomic: true });
      return;
    }
    // On Cluster the record and each lead's set sit in their own slots: no one transaction. The
    // per-lead sets go first and the record last, so a failure leaves the record without these
    // leads and the retried job adds them again (SADD of the same member changes nothing).
    await sendEach(this.redis, indexes);
    await sendEach(this.redis, [write]);
  }

  /** True for the first caller since the last edit: only that one queues the alert's edit. */
  async markRefreshPending(alertId: string): Promise<boolean> {
    const set = await this.redis.set(
      this.key('alert-refresh', alertId),
      '1',
      'EX',
      REFRESH_PENDING_TTL_S,
      'NX',
    );
    return set === 'OK';
  }

  /** Called as an edit starts rendering: leads added from now on queue the next edit. */
  async clearRefreshPending(alertId: string): Promise<void> {
    await this.redis.del(this.key('alert-refresh', alertId));
  }

  /**
   * Runs `work` while holding the rep's alert lock. A holder that died releases it by expiry; a
   * caller that cannot get it in time throws, and its job retries.
   */
  async withRepLock<T>(repId: string, work: () => Promise<T>): Promise<T> {
    const key = this.key('alert-lock', repId);
    const token = randomUUID();
    const deadline = Date.now() + LOCK_WAIT_MS;
    while ((await this.redis.set(key, token, 'PX', LOCK_TTL_MS, 'NX')) !== 'OK') {
      if (Date.now() > deadline) throw new Error(`the alert lock of ${repId} is busy; retrying later`);
      await sleep(LOCK_POLL_MS);
    }
    try {
      return await work();
    } finally {
      await this.redis.eval(RELEASE_LOCK, 1, key, token);
    }
  }
}
