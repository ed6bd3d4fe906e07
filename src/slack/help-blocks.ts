import type { KnownBlock } from '@slack/types';

export interface CommandHelp {
  usage: string;
  summary: string;
}

/** The commands a user can run, grouped for the `/bullpen help` answer. */
export const COMMAND_HELP: CommandHelp[] = [
  { usage: '/bullpen help', summary: 'What bullpen can do and how to reach it.' },
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
