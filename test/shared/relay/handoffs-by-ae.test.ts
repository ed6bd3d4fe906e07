import { describe, expect, it } from 'vitest';
import { keyspace } from '../../../src/platform/redis.ts';
import type { Handoff } from '../../../src/shared/relay/handoff.ts';
import { HandoffRecords } from '../../../src/shared/relay/handoff-records.ts';
import { useRedis } from '../../helpers/redis.ts';

/*
 * An AE's hand-offs (what a time-to-accept contest rescores on every accept) are read through a
 * per-AE index, not by scanning every hand-off. Hand-offs stored before the index existed are
 * indexed on first read; a lead handed on to another AE counts for the new AE only.
 */

const AE_1 = '005000000000AE1AAA';
const AE_2 = '005000000000AE2AAA';

function handoff(leadId: string, aeSalesforceId: string, at = '2026-11-30T10:00:00.000Z'): Handoff {
  return {
    leadId,
    leadName: `Lead ${leadId}`,
    company: null,
    sdrSlackId: 'U0SDR',
    sdrSalesforceId: '005000000000SDRAAA',
    aeSalesforceId,
    summary: 'need, timing, budget',
    taskId: `00T${leadId.slice(3)}`,
    handedOffAt: at,
    dueAt: '2026-11-30T14:00:00.000Z',
    state: 'pending',
  };
}

const leadIdsOf = (handoffs: Handoff[]): string[] => handoffs.map((h) => h.leadId).sort();

describe('an AE’s hand-offs', () => {
  const fixture = useRedis();
  const recordsOf = () => new HandoffRecords(fixture.redis, keyspace(fixture.prefix));

  it('are the ones handed to that AE, whichever Id length names them', async () => {
    const records = recordsOf();
    await records.save(handoff('00Q000000000001AAA', AE_1));
    await records.save(handoff('00Q000000000002AAA', AE_1.slice(0, 15)));
    await records.save(handoff('00Q000000000003AAA', AE_2));

    expect(leadIdsOf(await records.toAe(AE_1))).toEqual(['00Q000000000001AAA', '00Q000000000002AAA']);
    expect(leadIdsOf(await records.toAe(AE_2.slice(0, 15)))).toEqual(['00Q000000000003AAA']);
    expect(await records.toAe('005000000000AE3AAA')).toEqual([]);
  });

  it('include those stored before the index existed', async () => {
    const keys = keyspace(fixture.prefix);
    // As an install from before the index wrote them: the hand-off hash only.
    for (const [leadId, ae] of [
      ['00Q000000000011AAA', AE_1],
      ['00Q000000000012AAA', AE_2],
    ] as const) {
      await fixture.redis.hset(
        keys('relay', 'handoffs'),
        leadId.slice(0, 15),
        JSON.stringify(handoff(leadId, ae)),
      );
    }
    const records = recordsOf();
    await records.save(handoff('00Q000000000013AAA', AE_1));

    expect(leadIdsOf(await records.toAe(AE_1))).toEqual(['00Q000000000011AAA', '00Q000000000013AAA']);
    expect(leadIdsOf(await records.toAe(AE_2))).toEqual(['00Q000000000012AAA']);
  });

  it('leave out a lead handed on to another AE since', async () => {
    const records = recordsOf();
    await records.save(handoff('00Q000000000021AAA', AE_1));
    expect(leadIdsOf(await records.toAe(AE_1))).toEqual(['00Q000000000021AAA']);

    await records.save(handoff('00Q000000000021AAA', AE_2, '2026-11-30T11:00:00.000Z'));

    expect(await records.toAe(AE_1)).toEqual([]);
    expect(leadIdsOf(await records.toAe(AE_2))).toEqual(['00Q000000000021AAA']);
  });

  it('are read through the index once it is built, not by scanning every hand-off', async () => {
    const records = recordsOf();
    await records.save(handoff('00Q000000000031AAA', AE_1));
    expect(leadIdsOf(await records.toAe(AE_1))).toEqual(['00Q000000000031AAA']);
    // Written around save (no index entry): only a scan of the whole hash would find it.
    await fixture.redis.hset(
      keyspace(fixture.prefix)('relay', 'handoffs'),
      '00Q000000000032',
      JSON.stringify(handoff('00Q000000000032AAA', AE_1)),
    );

    expect(leadIdsOf(await records.toAe(AE_1))).toEqual(['00Q000000000031AAA']);
  });

  it('keep an index entry whose record has not landed yet (on Cluster the two are written apart)', async () => {
    const records = recordsOf();
    const keys = keyspace(fixture.prefix);
    await records.save(handoff('00Q000000000041AAA', AE_2));
    expect(await records.toAe(AE_1)).toEqual([]);
    // A save to AE 1 half done: its index entry is in, the record still names AE 2.
    await fixture.redis.sadd(keys('relay', 'handoffs-by-ae', AE_1.slice(0, 15)), '00Q000000000041');
    expect(await records.toAe(AE_1)).toEqual([]);

    await fixture.redis.hset(
      keys('relay', 'handoffs'),
      '00Q000000000041',
      JSON.stringify(handoff('00Q000000000041AAA', AE_1, '2026-11-30T11:00:00.000Z')),
    );

    expect(leadIdsOf(await records.toAe(AE_1))).toEqual(['00Q000000000041AAA']);
  });
});
