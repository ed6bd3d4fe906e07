import { describe, expect, it } from 'vitest';
import { WRITE_TRANSITIONS, stillOpen } from '../../../../src/features/nudges/domain/digest-records.ts';
import {
  describeAction,
  idempotencyKey,
  pendingLabel,
  snoozeOffered,
  touchesLead,
  writeFor,
} from '../../../../src/features/nudges/domain/lead-action.ts';
import { ratingsFrom } from '../../../../src/features/nudges/domain/quality-ratings.ts';
import { defaultSlaPolicy } from '../../../../src/shared/sla/sla-policy.ts';
import { leadId, makeTask, sfDateTime, userId } from '../fixtures.ts';

const policy = defaultSlaPolicy();
const base = { key: 'digest-1-call', leadId: leadId(1), ownerId: userId(1), activityDate: '2026-11-24' };

describe('what a click on a nudge means', () => {
  it('keys the same click on the same lead to the same write, within 80 safe characters', () => {
    const connected = { kind: 'call', outcome: 'Connected', note: null } as const;
    const call = idempotencyKey('digest-005:2026-11-24T14-15', leadId(1), connected);
    expect(call).toBe(idempotencyKey('digest-005:2026-11-24T14-15', leadId(1), { ...connected, note: 'x' }));
    expect(call).toMatch(/^[A-Za-z0-9_.-]+$/);
    expect(call).toMatch(new RegExp(`-${leadId(1)}-call\\.[a-z0-9]+$`));
    // Another outcome is another write: "No answer" now, "Connected" on the next try.
    expect(call).not.toBe(
      idempotencyKey('digest-005:2026-11-24T14-15', leadId(1), { ...connected, outcome: 'No answer' }),
    );
    expect(idempotencyKey('x'.repeat(200), leadId(1), { kind: 'snooze', days: 3 })).toHaveLength(80);
    expect(idempotencyKey('x'.repeat(200), leadId(1), connected)).toHaveLength(80);
    expect(idempotencyKey('s', leadId(1), { kind: 'snooze', days: 3 })).not.toBe(
      idempotencyKey('s', leadId(1), { kind: 'snooze', days: 7 }),
    );
  });

  it('touches the lead at once for a call only when its outcome stops the SLA clock', () => {
    const call = (outcome: string) => ({ kind: 'call', outcome, note: null }) as const;
    expect(touchesLead(call('Connected'), policy)).toBe(true);
    expect(touchesLead(call('No answer'), policy)).toBe(true);
    expect(touchesLead(call('Wrong number'), policy)).toBe(false);
    expect(touchesLead({ kind: 'email' }, policy)).toBe(true);
    expect(touchesLead({ kind: 'snooze', days: 1 }, policy)).toBe(false);
  });

  it('writes calls, emails, disqualifications and ratings to Salesforce, and keeps snoozes in bullpen', () => {
    expect(writeFor({ kind: 'call', outcome: 'Wrong number', note: 'Old number' }, base, policy)).toEqual({
      kind: 'log-activity',
      ...base,
      activity: 'call',
      callDisposition: 'Wrong number',
      note: 'Old number',
    });
    expect(writeFor({ kind: 'email' }, base, policy)).toEqual({
      kind: 'log-activity',
      ...base,
      activity: 'email',
    });
    expect(writeFor({ kind: 'snooze', days: 1 }, base, policy)).toBeNull();
    expect(writeFor({ kind: 'disqualify', reason: 'Spam', note: 'bot' }, base, policy)).toEqual({
      kind: 'update-status',
      ...base,
      status: policy.statuses.disqualified,
      reason: 'Spam: bot',
    });
    expect(writeFor({ kind: 'rate', rating: 'bad', reason: 'Wrong fit' }, base, policy)).toEqual({
      kind: 'lead-quality',
      ...base,
      rating: 'bad',
      reason: 'Wrong fit',
    });
  });

  it('reads as done and as pending', () => {
    expect(describeAction({ kind: 'email' }, null, 'UTC')).toBe('Email logged');
    expect(describeAction({ kind: 'call', outcome: 'No answer', note: null }, null, 'UTC')).toBe(
      'Call logged (No answer)',
    );
    expect(describeAction({ kind: 'call', outcome: 'Busy <signal>', note: null }, null, 'UTC')).toBe(
      'Call logged (Busy &lt;signal&gt;)',
    );
    expect(describeAction({ kind: 'snooze', days: 2 }, new Date('2026-11-26T12:00:00Z'), 'UTC')).toBe(
      'Snoozed until Thu 26 Nov',
    );
    expect(pendingLabel({ kind: 'disqualify', reason: 'Spam', note: null })).toBe('Disqualification (Spam)');
  });

  it('offers only the snooze lengths the policy lists', () => {
    const offered = policy.nudges.snoozeOptions[0]?.days ?? 1;
    expect(snoozeOffered(offered, policy)).toBe(true);
    expect(snoozeOffered(999, policy)).toBe(false);
  });
});

describe('digest entries and ratings', () => {
  it('never moves a write back from done or failed, and lists a refused lead again', () => {
    expect(WRITE_TRANSITIONS.delayed).toEqual(['saving']);
    expect(WRITE_TRANSITIONS.done).not.toContain('failed');
    expect(stillOpen(undefined)).toBe(true);
    expect(stillOpen({ leadId: leadId(1), text: 't', at: '', status: 'failed' })).toBe(true);
    expect(stillOpen({ leadId: leadId(1), text: 't', at: '', status: 'saving' })).toBe(false);
  });

  it('reads quality ratings back from the Tasks the Rate-quality button wrote', () => {
    const createdAt = sfDateTime('2026-11-24T10:00:00Z');
    const tasks = [
      makeTask({ WhoId: leadId(1), CreatedDate: createdAt, Subject: 'Lead quality: bad - Wrong fit' }),
      makeTask({ WhoId: leadId(1), CreatedDate: createdAt, Subject: 'Lead quality: good' }),
      makeTask({ WhoId: leadId(1), CreatedDate: createdAt, Subject: 'Call' }),
      makeTask({ WhoId: leadId(1), CreatedDate: createdAt, Subject: 'Lead quality: good', IsDeleted: true }),
    ];
    expect(ratingsFrom(leadId(1), tasks)).toEqual([
      { leadId: leadId(1), rating: 'bad', reason: 'Wrong fit', at: new Date('2026-11-24T10:00:00Z') },
      { leadId: leadId(1), rating: 'good', reason: '', at: new Date('2026-11-24T10:00:00Z') },
    ]);
  });
});
