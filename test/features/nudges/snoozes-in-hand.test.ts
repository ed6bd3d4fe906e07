import { describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { allUsers, ownerQueue } from '../../../src/features/nudges/app/lead-loader.ts';
import { classifyOwners } from '../../../src/features/nudges/app/scan-owners.ts';
import { runSlaReindex } from '../../../src/features/nudges/app/sla-reindex.ts';
import { NudgeState } from '../../../src/features/nudges/store.ts';
import { useRedis } from '../../helpers/redis.ts';
import { BASE, depsFor, HOUR, policyWith, RandomOrg } from './sla-index-fixtures.ts';

/*
 * Snoozes are read only for the leads in hand (issue 15 item 3): a scan window through the SLA index
 * reads the due leads' snoozes, `/leads` and Home the owner's leads'. Reading every stored snooze
 * cost 1.9 s at 100,000 (bench snoozes). The answers must be those given every snooze.
 */

/** The commands sent on the snooze set, by name. */
function snoozeCommands(redis: Redis): string[] {
  const seen: string[] = [];
  const send = redis.sendCommand.bind(redis);
  redis.sendCommand = ((...args: Parameters<Redis['sendCommand']>) => {
    const command = args[0] as { name: string; args: unknown[] };
    if (String(command.args[0] ?? '').endsWith('snoozes-until')) seen.push(command.name);
    return send(...args);
  }) as Redis['sendCommand'];
  return seen;
}

describe('snoozes read for the leads in hand', () => {
  const fixture = useRedis();

  it('give the scan and the owner queues the answers every snooze gives', async () => {
    const deps = depsFor(fixture, policyWith([]));
    const org = new RandomOrg(deps, 20261201);
    await org.build(400);
    const now = new Date(BASE + 30 * HOUR);
    await runSlaReindex(deps, 'test', () => now);
    const state = new NudgeState(deps);
    for (const id of [...org.leads.keys()].filter(() => org.random() < 0.3)) {
      await state.snooze(id, new Date(now.getTime() + (org.random() - 0.3) * 48 * HOUR));
    }
    // Snoozes of leads that are not in the store (closed and gone, another org's test data).
    for (let i = 0; i < 500; i += 1) await state.snooze(`00QGONE${i}`, new Date(now.getTime() + HOUR));
    const every = await state.snoozes();
    const users = await allUsers(deps);

    const commands = snoozeCommands(fixture.redis);
    const inHand = await classifyOwners(deps, { now, users }, 'index');
    expect(inHand).toEqual(await classifyOwners(deps, { now, users, snoozes: every }, 'index'));
    // Not vacuous: without the snoozes the scan lists other leads.
    expect(inHand).not.toEqual(await classifyOwners(deps, { now, users, snoozes: new Map() }, 'index'));

    for (const user of users) {
      const read = await ownerQueue(deps, user.Id, { now, facts: 'index' });
      const given = await ownerQueue(deps, user.Id, { now, snoozes: every, facts: 'index' });
      expect(read.clocked).toEqual(given.clocked);
    }
    expect(commands.length).toBeGreaterThan(0);
    expect(commands.filter((name) => name !== 'zmscore' && name !== 'exists')).toEqual([]);
  });
});
