import { describe, expect, it } from 'vitest';
import { appKeyspace, keyspace } from '../../../src/platform/redis.ts';
import { sendEach } from '../../../src/platform/redis-slots.ts';
import { useRedis } from '../../helpers/redis.ts';

describe('key hash tags', () => {
  const fixture = useRedis();

  it('renders a tag as plain segments on one node, so key names stay what they were', () => {
    const keys = appKeyspace({ REDIS_PREFIX: 'bullpen' });
    expect(keys(keys.tag('sf', 'Lead'), 'byOwner', '005A')).toBe('bullpen:sf:Lead:byOwner:005A');
    expect(keys('nudges', `${keys.tag('snoozes')}-until`)).toBe('bullpen:nudges:snoozes-until');
    // Tags written with their braces are the same on both.
    expect(keys('{contest:c1}', 'board')).toBe('bullpen:{contest:c1}:board');
  });

  it('renders it in braces on Cluster, under a prefix that is no tag of its own', () => {
    const keys = appKeyspace({ REDIS_PREFIX: 'bullpen', REDIS_CLUSTER: true });
    expect(keys(keys.tag('sf', 'Lead'), 'byOwner', '005A')).toBe('bullpen:{sf:Lead}:byOwner:005A');
    expect(keys('nudges', 'digest', 'd1')).toBe('bullpen:nudges:digest:d1');
    expect(keys.cluster).toBe(true);
  });

  it('sends a batch over several keys as one pipeline or MULTI on one node, replies in order', async () => {
    const keys = keyspace(fixture.prefix);
    const replies = await sendEach(
      fixture.redis,
      [
        ['sadd', keys('a'), 'x'],
        ['sadd', keys('b'), 'y'],
        ['smembers', keys('a')],
      ],
      { atomic: true },
    );
    expect(replies).toEqual([1, 1, ['x']]);
    await expect(sendEach(fixture.redis, [['hget', keys('a'), 'f']])).rejects.toThrow(/WRONGTYPE/);
  });
});
