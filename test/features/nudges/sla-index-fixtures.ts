import { WebClient } from '@slack/web-api';
import type { LeadReadDeps } from '../../../src/features/nudges/deps.ts';
import { createLogger } from '../../../src/platform/http/logger.ts';
import { keyspace } from '../../../src/platform/redis.ts';
import type { Lead, SfUser, Task } from '../../../src/platform/salesforce/records.ts';
import { PeopleDirectory } from '../../../src/shared/people/people.ts';
import { slaPolicySchema, type SlaPolicy } from '../../../src/shared/sla/sla-policy.ts';
import { LeadAssignments } from '../../../src/shared/sync/lead-assignments.ts';
import { markBackfilled } from '../../../src/shared/sync/sync-state.ts';
import {
  SyncedRecordStore,
  type RecordChange,
  type RecordTypes,
} from '../../../src/shared/sync/synced-records.ts';
import type { RedisFixture } from '../../helpers/redis.ts';
import { leadId, makeEvent, makeLead, makeTask, makeUser, sfDateTime, userId } from './fixtures.ts';

/**
 * A seeded random org for the SLA index tests: reps across time zones on both sides of the US DST
 * change (1 Nov 2026), leads and activity stored as sync leaves them, and random later changes.
 */

export const HOUR = 3_600_000;
export const BASE = Date.parse('2026-10-28T12:00:00Z');
const ZONES = [
  'America/New_York',
  'America/Los_Angeles',
  'Europe/London',
  'Europe/Berlin',
  'Australia/Sydney',
  'Asia/Kolkata',
  'America/Sao_Paulo',
  'UTC',
];
const SOURCES = ['Web', 'Webinar', 'Trade Show', 'Partner', null];
const STATUSES = [
  'Open - Not Contacted',
  'Open - Not Contacted',
  'Working - Contacted',
  'Closed - Not Converted',
];

/** mulberry32: a seeded RNG, so a failure replays. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function policyWith(holidays: string[]): SlaPolicy {
  return slaPolicySchema.parse({ calendar: { holidays } });
}

export function depsFor(fixture: RedisFixture, policy: SlaPolicy): LeadReadDeps {
  const { redis, prefix } = fixture;
  const keys = keyspace(prefix);
  const store = new SyncedRecordStore(redis, keys);
  const logger = createLogger({ level: 'silent' });
  const slack = new WebClient('xoxb-unused');
  const people = new PeopleDirectory({ client: slack, redis, keys, store, overrides: {}, logger });
  const config = {
    env: { SLACK_TIMEOUT_MS: 1000, BULLPEN_CONFIG: undefined },
    policy: { sla: policy },
    slack: { mode: 'local' },
    salesforce: { mode: 'emulator' },
  };
  return { config, store, people, redis, keys, slack, logger };
}

export class RandomOrg {
  readonly random: () => number;
  readonly users: SfUser[] = [];
  readonly leads = new Map<string, Lead>();
  readonly tasks: Task[] = [];
  /** What the last `change` stored, as sync's store reports it (its domain events derive from it). */
  lastChanges: RecordChange[] = [];

  private readonly deps: LeadReadDeps;

  constructor(deps: LeadReadDeps, seed: number) {
    this.deps = deps;
    this.random = rng(seed);
  }

  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.random() * list.length)] as T;
  }

  private stamp(previous: string, at: number): string {
    return sfDateTime(new Date(Math.max(at, Date.parse(previous) + 1000)).toISOString());
  }

  async build(leadCount: number): Promise<void> {
    const managers = [1, 2, 3].map((n) =>
      makeUser({ Id: userId(900 + n), TimeZoneSidKey: this.pick(ZONES) }),
    );
    for (let n = 1; n <= 24; n += 1) {
      const manager = n % 8 === 0 ? null : this.pick(managers).Id;
      this.users.push(
        makeUser({ Id: userId(n), ManagerId: manager, TimeZoneSidKey: ZONES[n % ZONES.length] }),
      );
    }
    this.users.push(...managers);
    await this.deps.store.applyPage('User', this.users);
    const leads: Lead[] = [];
    for (let n = 1; n <= leadCount; n += 1) {
      const created = BASE - this.random() * 12 * 24 * HOUR + (this.random() < 0.03 ? 30 * HOUR : 0);
      const createdAt = sfDateTime(new Date(created).toISOString());
      const lead = makeLead({
        Id: leadId(n),
        OwnerId: this.pick(this.users).Id,
        LeadSource: this.pick(SOURCES),
        Status: this.pick(STATUSES),
        CreatedDate: createdAt,
        SystemModstamp: this.stamp(createdAt, created + this.random() * 4 * 24 * HOUR),
      });
      leads.push(lead);
      this.leads.set(lead.Id, lead);
      for (let t = Math.floor(this.random() * 3); t > 0; t -= 1)
        this.addTask(lead, created + this.random() * 5 * 24 * HOUR);
    }
    await this.deps.store.applyPage('Lead', leads);
    await this.deps.store.applyPage('Task', this.tasks);
    // As sync's first run leaves it: later changes arrive as events.
    await markBackfilled(this.deps, 'Lead');
    await markBackfilled(this.deps, 'Task');
  }

  private addTask(lead: Lead, at: number): Task {
    const iso = sfDateTime(new Date(at).toISOString());
    const task = makeTask({
      WhoId: lead.Id,
      OwnerId: this.random() < 0.85 ? lead.OwnerId : this.pick(this.users).Id,
      CreatedDate: iso,
      TaskSubtype: this.pick(['Call', 'Call', 'Email', null]),
      CallDisposition: this.pick([null, 'Connected', 'Wrong number', 'No answer']),
      Status: this.random() < 0.85 ? 'Completed' : 'Not Started',
    });
    this.tasks.push(task);
    return task;
  }

  /** One random change sync stores at `at` on a random lead; returns the lead's Id (its event). */
  async change(at: number): Promise<string> {
    const lead = this.pick([...this.leads.values()]);
    const when = at - this.random() * 20 * HOUR + (this.random() < 0.1 ? 8 * HOUR : 0);
    const kind = this.pick(['task', 'task', 'event', 'status', 'owner', 'convert', 'delete-task']);
    const next: Lead = { ...lead, SystemModstamp: this.stamp(lead.SystemModstamp, when) };
    this.lastChanges = [];
    const store = async <O extends 'Task' | 'Event' | 'Lead'>(object: O, records: RecordTypes[O][]) => {
      this.lastChanges.push(...(await this.deps.store.applyPage(object, records)));
    };
    if (kind === 'task') await store('Task', [this.addTask(lead, when)]);
    if (kind === 'event') {
      const event = makeEvent({
        WhoId: lead.Id,
        OwnerId: lead.OwnerId,
        CreatedDate: sfDateTime(new Date(when).toISOString()),
      });
      await store('Event', [event]);
    }
    if (kind === 'delete-task') {
      const task = this.tasks.find((t) => t.WhoId === lead.Id && !t.IsDeleted);
      if (task) {
        const deleted = { ...task, IsDeleted: true, SystemModstamp: this.stamp(task.SystemModstamp, at) };
        this.tasks[this.tasks.indexOf(task)] = deleted;
        await store('Task', [deleted]);
      }
    }
    if (kind === 'status') next.Status = this.pick(STATUSES);
    if (kind === 'convert') next.IsConverted = true;
    if (kind === 'owner') {
      next.OwnerId = this.pick(this.users).Id;
      const assignments = new LeadAssignments(this.deps.redis, this.deps.keys);
      await assignments.recordAssignment(lead.Id, next.OwnerId, new Date(Math.min(when, at)), 'sync');
    }
    this.leads.set(lead.Id, next);
    await store('Lead', [next]);
    return lead.Id;
  }

  async moveTimeZone(user: SfUser, zone: string): Promise<void> {
    const moved = { ...user, TimeZoneSidKey: zone, SystemModstamp: sfDateTime('2026-10-29T00:00:00Z') };
    this.users[this.users.indexOf(user)] = moved;
    await this.deps.store.applyPage('User', [moved]);
  }
}
