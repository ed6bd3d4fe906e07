import { describe, expect, it } from 'vitest';
import {
  MAX_COMMAND_LENGTH,
  parseContestCommand,
  validateParticipants,
  type CommandContext,
  type ContestCommand,
  type ParseResult,
} from '../../../../src/features/contests/domain/command-parser.ts';
import type { ContestDraft } from '../../../../src/features/contests/domain/draft.ts';
import { DAY_MS, HOUR_MS } from '../../../../src/features/contests/domain/model.ts';
import { tokenize } from '../../../../src/features/contests/domain/tokenize.ts';

const context: CommandContext = {
  channelId: 'C0HERE001',
  now: new Date('2026-11-20T12:00:00Z'),
  timeZone: 'America/New_York',
};
const command = (result: ParseResult): ContestCommand => {
  if (!result.ok) throw new Error(`${result.error} (e.g. ${result.example})`);
  return result.command;
};
const draftOf = (text: string, ctx: CommandContext = context): ContestDraft => {
  const parsed = command(parseContestCommand(text, ctx));
  if (parsed.kind !== 'start' && parsed.kind !== 'draft' && parsed.kind !== 'preview')
    throw new Error(parsed.kind);
  return parsed.draft;
};
const errorOf = (text: string, ctx: CommandContext = context): string => {
  const result = parseContestCommand(text, ctx);
  if (result.ok) throw new Error(`expected an error for ${text}`);
  expect(result.example).toMatch(/^\/contest /);
  return result.error;
};

describe('tokenize', () => {
  it('keeps quoted text together, straight or curly, and Slack references whole', () => {
    const result = tokenize('start “Webinar blitz” prize:"Team lunch" in:<#C1234567|sales team>');
    expect(result.ok && result.tokens.map((t) => t.text)).toEqual([
      'start',
      'Webinar blitz',
      'prize:Team lunch',
      'in:<#C1234567|sales team>',
    ]);
  });

  it('reports an unbalanced quote', () => {
    const result = tokenize('start "Webinar blitz metric:calls');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toContain('never closed');
  });
});

describe('parseContestCommand: start', () => {
  it('parses the issue example', () => {
    const draft = draftOf(
      '/contest start "Webinar blitz" metric:followups for:3d in:#sales scope:source=Webinar prize:"Team lunch"'.replace(
        '/contest ',
        '',
      ),
    );
    expect(draft).toMatchObject({
      name: 'Webinar blitz',
      metric: 'followups',
      durationMs: 3 * DAY_MS,
      startAt: null,
      channel: { kind: 'name', name: 'sales' },
      participants: { kind: 'channel_members' },
      scope: { kind: 'sources', sources: ['Webinar'] },
      prize: 'Team lunch',
    });
  });

  it("reads Slack's escaped channel, user and user-group forms and unescapes text", () => {
    const draft = draftOf(
      'start “Q4 &amp; friends” metric:won_amount for:1d12h in:<#C0SALES01|sales> with:<@U0ANA0001|ana>,<@U0BEN0002> <@U0CARL003> teams:<!subteam^S0EAST001|@east>,<!subteam^S0WEST001> start:2026-12-01T09:00 top:5 updates:live',
    );
    expect(draft).toMatchObject({
      name: 'Q4 & friends',
      metric: 'opportunities_won',
      wonBy: 'amount',
      durationMs: 36 * HOUR_MS,
      channel: { kind: 'id', id: 'C0SALES01' },
      participants: { kind: 'users', userIds: ['U0ANA0001', 'U0BEN0002', 'U0CARL003'] },
      teamUsergroupIds: ['S0EAST001', 'S0WEST001'],
      publicTopN: 5,
      cadence: { liveUpdates: true, dailyStandingsAt: null },
    });
    // 09:00 New York on 1 December is 14:00 UTC.
    expect(draft.startAt?.toISOString()).toBe('2026-12-01T14:00:00.000Z');
  });

  it('takes a user group as participants, a campaign scope, and defaults the channel', () => {
    const draft = draftOf(
      'start Power push metric:calls for:2h with:<!subteam^S0SALES01|@sales> scope:campaign=701000000000001AAA',
    );
    expect(draft).toMatchObject({
      name: 'Power push',
      channel: { kind: 'id', id: 'C0HERE001' },
      participants: { kind: 'usergroup', usergroupId: 'S0SALES01' },
      scope: { kind: 'campaign', campaignId: '701000000000001AAA' },
    });
  });

  it('fills from a template and lets options override it', () => {
    expect(draftOf('start template:power-hour')).toMatchObject({
      name: 'Power hour',
      metric: 'calls',
      durationMs: HOUR_MS,
      cadence: { dailyStandingsAt: null },
    });
    expect(draftOf('start "Longer" template:webinar-blitz for:5d')).toMatchObject({
      durationMs: 5 * DAY_MS,
      scope: { kind: 'sources', sources: ['Webinar'] },
    });
  });

  it('reads the relay metrics, their aliases and the quick-accept template; time to accept takes no goal', () => {
    expect(draftOf('start Relay metric:qualified for:3d').metric).toBe('leads_qualified');
    expect(draftOf('start Relay metric:leads_qualified for:3d').metric).toBe('leads_qualified');
    expect(draftOf('start Relay metric:accepted for:3d').metric).toBe('handoffs_accepted');
    expect(draftOf('start Relay metric:time_to_accept for:3d').metric).toBe('time_to_accept');
    expect(draftOf('start template:quick-accept')).toMatchObject({
      name: 'Quick accept week',
      metric: 'time_to_accept',
      durationMs: 5 * DAY_MS,
    });
    expect(errorOf('start Relay metric:time_to_accept for:3d goal:5')).toContain(
      'time to accept is a median time, not a count',
    );
    expect(errorOf('start Relay metric:time_to_accept for:3d teams:<!subteam^S0EAST01>')).toContain(
      'teams: time to accept is a median per AE',
    );
  });

  it('checks sources against the known list, case-insensitively', () => {
    const ctx = { ...context, knownLeadSources: ['Webinar', 'Trade Show'] };
    expect(draftOf('start X metric:calls for:1h scope:source=webinar,"trade show"', ctx).scope).toEqual({
      kind: 'sources',
      sources: ['Webinar', 'Trade Show'],
    });
    expect(errorOf('start X metric:calls for:1h scope:source=Webnar', ctx)).toContain(
      'Known sources: Webinar, Trade Show',
    );
  });
});

describe('parseContestCommand: other commands', () => {
  it.each([
    ['', { kind: 'open_modal' }],
    ['help', { kind: 'help' }],
    ['list', { kind: 'list' }],
    ['status', { kind: 'status', contestId: null }],
    ['status c1a2b3', { kind: 'status', contestId: 'c1a2b3' }],
    ['end c1a2b3', { kind: 'end', contestId: 'c1a2b3' }],
    ['cancel c1a2b3', { kind: 'cancel', contestId: 'c1a2b3' }],
    ['recompute c1a2b3', { kind: 'recompute', contestId: 'c1a2b3' }],
    ['extend c1a2b3 2d', { kind: 'extend', contestId: 'c1a2b3', byMs: 2 * DAY_MS }],
  ])('%j', (text, expected) => {
    expect(command(parseContestCommand(text, context))).toEqual(expected);
  });

  it('preview looks back over a window without needing a name', () => {
    const parsed = command(
      parseContestCommand('preview metric:followups scope:source=Webinar over:7d', context),
    );
    expect(parsed).toMatchObject({
      kind: 'preview',
      lookbackMs: 7 * DAY_MS,
      draft: { durationMs: 7 * DAY_MS },
    });
  });

  it('draft saves without launching', () => {
    expect(command(parseContestCommand('draft "Later" metric:calls for:1h', context)).kind).toBe('draft');
  });
});

describe('parseContestCommand: hostile and mistaken input', () => {
  it('rejects very long text before doing any work', () => {
    const error = errorOf(`start "${'x'.repeat(MAX_COMMAND_LENGTH)}"`);
    expect(error).toContain(`limit is ${MAX_COMMAND_LENGTH}`);
  });

  it.each([
    ['start "Blitz metric:calls for:3d', 'never closed'],
    ['start Blitz metric:calls for:0h', 'zero'],
    ['start Blitz metric:calls for:31d', 'longer than 30 days'],
    ['start Blitz metric:calls for:-1h', 'negative'],
    ['start Blitz metric:calls for:soon', "couldn't read"],
    ['start Blitz metric:calls for:3d metrc:calls', "unknown key 'metrc:'. Did you mean 'metric:'?"],
    ['start Blitz metric:calls for:3d colour:red', 'Valid keys: name, metric, for'],
    ['start Blitz metric:call-ups for:3d', "'call-ups' is not a metric"],
    ['start Blitz for:3d', 'choose a metric'],
    ['start Blitz metric:calls', 'how long'],
    ['start metric:calls for:3d', 'name'],
    ['start "Blitz" metric:calls for:3d 2d', "Did you mean 'for:2d'?"],
    ['start Blitz metric:calls for:3d metric:calls', 'given twice'],
    ['start Blitz metric:calls for:3d start:2026-11-01T09:00', 'in the past'],
    ['start Blitz metric:calls for:3d start:tomorrow', 'not a date-time'],
    ['start Blitz metric:calls for:3d with:@ana', 'not a person or user group'],
    ['start Blitz metric:calls for:3d with:<!subteam^S0A1|@a>,<@U0ANA0001>', 'not both'],
    ['start Blitz metric:calls for:3d scope:campaign=123', 'campaign id'],
    ['start Blitz metric:calls for:3d scope:region=EU', 'should be all'],
    ['start Blitz metric:calls for:3d top:0', 'from 1 to 50'],
    ['start Blitz metric:calls for:3d template:nope', "no template 'nope'"],
    ['start Blitz metric:calls for:3d in:sales', 'not a channel'],
    ['strat Blitz', "Did you mean 'start'?"],
    ['end', 'needs a contest id'],
    ['end 12345', 'not a contest id'],
    ['end c1:2', 'not a contest id'],
    ['extend c1a2b3', 'how much longer'],
    ['extend c1a2b3 -1h', 'negative'],
    ['list everything', 'nothing after it'],
  ])('%s', (text, fragment) => {
    expect(errorOf(text)).toContain(fragment);
  });

  it('reports every problem of a one-line launch in one answer, not one at a time', () => {
    const error = errorOf('start for:99d');
    expect(error).toContain('give the contest a name');
    expect(error).toContain('choose a metric');
    expect(error).toContain('longer than 30 days');
    const many = errorOf('start Blitz metrc:calls colour:red metric:call-ups for:3d top:0 in:sales');
    for (const fragment of [
      "'metrc:'",
      "'colour:'",
      "'call-ups' is not a metric",
      'from 1 to 50',
      'not a channel',
    ])
      expect(many).toContain(fragment);
    // A misspelt template may have meant to supply the name, metric and length: only it is reported.
    const template = errorOf('start template:power-hr');
    expect(template).toContain("there is no template 'power-hr'");
    for (const fragment of ['give the contest a name', 'choose a metric', 'how long'])
      expect(template).not.toContain(fragment);
  });

  it('never throws on odd input', () => {
    for (const text of [
      '"',
      '“',
      '<',
      '<@',
      ':',
      'start :',
      'start "" metric:calls for:1h',
      'start \u0000 metric:x',
      '   ',
    ]) {
      expect(() => parseContestCommand(text, context)).not.toThrow();
    }
  });
});

describe('validateParticipants', () => {
  it('names the unknown ids', () => {
    const known = new Set(['U0ANA0001']);
    expect(validateParticipants(['U0ANA0001'], known)).toEqual({ ok: true });
    const result = validateParticipants(['U0ANA0001', 'U0GHOST01', 'U0GHOST01'], known);
    expect(result).toEqual({
      ok: false,
      unknownIds: ['U0GHOST01'],
      error: expect.stringContaining('U0GHOST01'),
    });
  });
});
