import { describe, expect, it } from 'vitest';
import { NudgeState } from '../../../src/features/nudges/store.ts';
import { keyspace } from '../../../src/platform/redis.ts';
import { useRedis } from '../../helpers/redis.ts';

const DAY = 86_400_000;
const now = new Date('2026-11-30T12:00:00Z');
const at = (days: number) => new Date(now.getTime() + days * DAY);

describe('snoozes', () => {
  const fixture = useRedis();

  it('reads only the leads asked for, and drops snoozes that have ended', async () => {
    const keys = keyspace(fixture.prefix);
    const state = new NudgeState({ redis: fixture.redis, keys });
    await state.snooze('00QA', at(1));
    await state.snooze('00QB', at(3));
    await state.snooze('00QC', at(-2));
    expect(await state.snoozesOf(['00QA', '00QZ'], now)).toEqual(new Map([['00QA', at(1)]]));
    // The ended snooze of 00QC is gone from Redis, not only from the answer.
    expect(await state.snoozesOf(['00QC', '00QB'], now)).toEqual(new Map([['00QB', at(3)]]));
    expect(await fixture.redis.zcard(keys('nudges', 'snoozes-until'))).toBe(2);
    expect(await state.snoozes()).toEqual(
      new Map([
        ['00QA', at(1)],
        ['00QB', at(3)],
      ]),
    );
    // A later snooze of the same lead replaces the earlier.
    await state.snooze('00QA', at(7));
    expect((await state.snoozesOf(['00QA'], now)).get('00QA')).toEqual(at(7));
    expect(await state.snoozesOf([], now)).toEqual(new Map());
  });

  it('moves snoozes an older bullpen stored in one hash into the sorted set on the first read', async () => {
    const keys = keyspace(fixture.prefix);
    await fixture.redis.hset(keys('nudges', 'snoozes'), {
      '00QOLD1': String(at(2).getTime()),
      '00QOLD2': String(at(-1).getTime()),
    });
    const state = new NudgeState({ redis: fixture.redis, keys });
    expect(await state.snoozesOf(['00QOLD1', '00QOLD2'], now)).toEqual(new Map([['00QOLD1', at(2)]]));
    expect(await fixture.redis.exists(keys('nudges', 'snoozes'))).toBe(0);
    expect(await state.snoozes()).toEqual(new Map([['00QOLD1', at(2)]]));
  });

  it('keeps a snooze set in the new layout over the old hash’s value for the same lead', async () => {
    const keys = keyspace(fixture.prefix);
    const state = new NudgeState({ redis: fixture.redis, keys });
    await state.snooze('00QBOTH', at(5));
    await fixture.redis.hset(keys('nudges', 'snoozes'), '00QBOTH', String(at(1).getTime()));
    expect(await state.snoozes()).toEqual(new Map([['00QBOTH', at(5)]]));
  });
});
