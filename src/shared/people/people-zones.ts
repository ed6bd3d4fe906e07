import { createHash, randomUUID } from 'node:crypto';
import type { ChainableCommander } from 'ioredis';
import { pipelineAcrossSlots, repliesOf } from '../../platform/redis-slots.ts';
import type { SfUser, SyncedObjectName } from '../../platform/salesforce/records.ts';
import type { SlaPolicy } from '../sla/sla-policy.ts';
import { peopleKey, type PeopleDirectory } from './people.ts';
import { slackZonesVersionKey, type SlackTimeZoneDeps } from './slack-time-zones.ts';
import { timeZonesOf } from './time-zones.ts';

/**
 * Every rep's Slack id and time zone, as a scan window reads them (it checks every owner's zone
 * against the one their index entries were computed in): kept by the worker under the tokens of what
 * they come from (the stored users' version, the Slack matches' version, the cached Slack zones'
 * version) and the policy, and read again when one moved. At 1,000 reps a window otherwise read
 * 1,000 Slack ids and 1,000 cached zones. At most MAX_AGE_MS old: that bounds a token lost to a
 * crash between a write and its token, and lets a Slack zone whose cache expired be refreshed.
 */

export interface PersonZone {
  slackUserId: string | null;
  timeZone: string;
}

export interface PeopleZones {
  /** By Salesforce user id, in the users' order. Shared with later reads: do not change it. */
  people: ReadonlyMap<string, PersonZone>;
  /** A sha1 of every person's zone in order: equal digests, equal zones. */
  zonesDigest: string;
}

export interface PeopleZonesDeps extends SlackTimeZoneDeps {
  store: { queueVersion(reads: ChainableCommander, object: SyncedObjectName): void };
  people: Pick<PeopleDirectory, 'slackIdsFor'>;
  config: { policy: { sla: SlaPolicy } };
}

const MAX_AGE_MS = 10 * 60_000;

interface Kept extends PeopleZones {
  tokens: string;
  policy: SlaPolicy;
  at: number;
}

/** The three tokens, one round trip; a missing one is created (so the next window can keep). */
async function tokensOf(deps: PeopleZonesDeps): Promise<string | null> {
  const reads = pipelineAcrossSlots(deps.redis);
  deps.store.queueVersion(reads, 'User');
  reads.get(peopleKey(deps.keys, 'version'));
  reads.get(slackZonesVersionKey(deps.keys));
  const [users, matches, zones] = repliesOf(await reads.exec());
  if (typeof users === 'string' && typeof matches === 'string' && typeof zones === 'string') {
    return `${users}|${matches}|${zones}`;
  }
  // Set only where absent: a token a writer set meanwhile stays.
  await Promise.all([
    typeof matches === 'string' ? null : deps.redis.set(peopleKey(deps.keys, 'version'), randomUUID(), 'NX'),
    typeof zones === 'string' ? null : deps.redis.set(slackZonesVersionKey(deps.keys), randomUUID(), 'NX'),
  ]);
  return null;
}

function zonesDigestOf(people: ReadonlyMap<string, PersonZone>): string {
  // One update of the joined text: the same digest as an update per person, without 1,000 calls into C++.
  const text = [...people].map(([id, { timeZone }]) => `${id}=${timeZone};`).join('');
  return createHash('sha1').update(text).digest('hex');
}

/** One per worker (createNudgesFeature): what it last read, for its keyspace. */
export class PeopleZonesMemo {
  private last: Kept | null = null;

  /** Each user's Slack id (null: not matched) and time zone (timeZoneOf's). */
  async read(deps: PeopleZonesDeps, users: readonly SfUser[], now = Date.now()): Promise<PeopleZones> {
    const policy = deps.config.policy.sla;
    // Read before the data: a write between makes the next read's tokens differ, never the reverse.
    const versions = await tokensOf(deps);
    const ids = users.map((user) => user.Id);
    const tokens = versions === null ? null : `${deps.keys('')}|${versions}|${ids.join(',')}`;
    const last = this.last;
    if (tokens && last && last.tokens === tokens && last.policy === policy && now - last.at < MAX_AGE_MS) {
      return last;
    }
    const slackIds = await deps.people.slackIdsFor(ids);
    const zones = await timeZonesOf(
      deps,
      users.map((user, i) => ({ slackUserId: slackIds[i] ?? null, salesforceUser: user })),
    );
    const people = new Map(
      users.map((user, i) => [
        user.Id,
        { slackUserId: slackIds[i] ?? null, timeZone: zones[i] ?? policy.calendar.fallbackTimeZone },
      ]),
    );
    const read = { people, zonesDigest: zonesDigestOf(people) };
    this.last = tokens ? { ...read, tokens, policy, at: now } : null;
    return read;
  }
}
