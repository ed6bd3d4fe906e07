import type { KnownBlock } from '@slack/types';

export interface CommandHelp {
  usage: string;
  summary: string;
}

/** The commands a user can run, grouped for the `/bullpen help` answer. */
export const COMMAND_HELP: CommandHelp[] = [
  { usage: '/bullpen help', summary: 'What bullpen can do and how to reach it.' },
  {
    usage: '/contest',
    summary:
      'Launch a follow-up contest (managers): a form, or one line like `/contest start "Webinar blitz" metric:followups for:3d`. `/contest help` for more.',
  },
  {
    usage: '/leaderboard [why]',
    summary: 'Your rank in a live contest, and the records behind your points.',
  },
  {
    usage: '/shoutout @someone what they did',
    summary:
      'Executives: recognise people in public (bare `/shoutout` opens a form that can link a won deal).',
  },
  { usage: '/shoutout delete <id>', summary: 'Delete a shout-out you posted (admins: any).' },
  {
    usage: '/leads',
    summary:
      'Your overdue and due-soon leads, with log call/email, snooze, disqualify and rate buttons; then your other open leads, to rate their quality.',
  },
  {
    usage: '/routing why <lead id>',
    summary: 'Who bullpen routed a lead to, when and why (who was skipped and for what).',
  },
  {
    usage: '/followup',
    summary:
      "Follow-up rate within SLA, last 7 days vs the 7 before: yours, your team's (managers) or everyone's (admins).",
  },
  {
    usage: '/qualify <lead Id or URL>',
    summary:
      'SDRs: check need, timing and budget and hand the lead to an AE (also the "Qualify" shortcut on a message linking a lead).',
  },
  {
    usage: '/funnel [7d | 30d | last week | this month | …]',
    summary:
      'Marketing and admins: the relay as numbers by lead source and campaign (leads in, worked within SLA, qualified, accepted, returned, disqualified, converted) against the period before, with the leads behind any number.',
  },
];

export function helpBlocks(commands: CommandHelp[] = COMMAND_HELP): KnownBlock[] {
  return [
    { type: 'header', text: { type: 'plain_text', text: 'bullpen: follow up every lead, fast' } },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: commands.map((c) => `\`${c.usage}\` ${c.summary}`).join('\n'),
      },
    },
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: 'Your overdue leads, live contests and shout-outs are on the bullpen *Home* tab.',
        },
      ],
    },
  ];
}
