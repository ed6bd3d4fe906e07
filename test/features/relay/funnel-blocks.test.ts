import { describe, expect, it } from 'vitest';
import { emptyCounts, type FunnelComparison } from '../../../src/features/relay/domain/funnel.ts';
import {
  countsText,
  drillBlockId,
  FUNNEL_DRILL_ACTION,
  groupSection,
  parseDrillBlockId,
  parseDrillOption,
  signedChange,
} from '../../../src/features/relay/slack/funnel-blocks.ts';

describe('funnel blocks', () => {
  it('carries the period and group of a Show leads menu in its block id, and reads it back', () => {
    const target = { period: 'last week', group: { kind: 'source' as const, key: 'Web' } };
    const id = drillBlockId(target);
    expect(id).toBe('relay.funnel:{"p":"last week","g":"source","k":"Web"}');
    expect(parseDrillBlockId(id ?? '')).toEqual(target);
    expect(parseDrillBlockId(drillBlockId({ period: '7d', group: { kind: 'all' } }) ?? '')).toEqual({
      period: '7d',
      group: { kind: 'all' },
    });
    // Too long for Slack's 255-character block id: no menu rather than a broken one.
    expect(drillBlockId({ period: '7d', group: { kind: 'campaign', key: 'x'.repeat(250) } })).toBeNull();
    for (const forged of [
      'nudge.lead.00Q',
      'relay.funnel:{',
      'relay.funnel:{"p":"7d","g":"team","k":"x"}',
      'relay.funnel:{"p":"7d","g":"source"}',
    ]) {
      expect(parseDrillBlockId(forged)).toBeNull();
    }
  });

  it('reads a menu option as a step, with a reason only for returns and disqualifications', () => {
    expect(parseDrillOption('qualified')).toEqual({ step: 'qualified' });
    expect(parseDrillOption('returned:No budget')).toEqual({ step: 'returned', reason: 'No budget' });
    expect(parseDrillOption('disqualified:Bad: data')).toEqual({ step: 'disqualified', reason: 'Bad: data' });
    expect(parseDrillOption('accepted:x')).toBeNull();
    expect(parseDrillOption('everything')).toBeNull();
  });

  it('writes each step with its change, and offers only the numbers that have leads', () => {
    expect([signedChange(3), signedChange(-2), signedChange(0)]).toEqual(['+3', '−2', '±0']);
    const current = emptyCounts();
    current.steps.in = 2;
    current.steps.returned = 1;
    current.returnReasons = { 'No budget': 1 };
    const previous = emptyCounts();
    previous.steps.in = 4;
    expect(countsText(current, previous)).toBe(
      'Leads in *2* (−2) · Worked within SLA *0* (±0) · Qualified *0* (±0) · Accepted *0* (±0) · Returned *1* (+1) · Disqualified *0* (±0) · Converted *0* (±0)\nReturned because: No budget 1 (+1)',
    );
    const comparison: FunnelComparison = {
      current: { overall: current, bySource: {}, byCampaign: {} },
      previous: { overall: previous, bySource: {}, byCampaign: {} },
    };
    const section = groupSection('*All leads*', comparison, { kind: 'all' }, '7d');
    expect(section.accessory).toMatchObject({
      type: 'static_select',
      action_id: FUNNEL_DRILL_ACTION,
      options: [
        { value: 'in', text: { text: 'Leads in (2)' } },
        { value: 'returned', text: { text: 'Returned (1)' } },
        { value: 'returned:No budget', text: { text: 'Returned · No budget (1)' } },
      ],
    });
    // The digest's copy (no period to drill into) has no menu.
    expect(groupSection('*All leads*', comparison, { kind: 'all' }, null).accessory).toBeUndefined();
  });
});
