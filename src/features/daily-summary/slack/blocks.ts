import type { KnownBlock } from '@slack/types';
import { DateTime } from 'luxon';

/** The daily summary post: a header with the team's date, each section, a divider between them. */

const MAX_BLOCKS = 50;

export interface DailyMessage {
  text: string;
  blocks: KnownBlock[];
}

export const dailyTitle = (localDate: string): string =>
  `Daily summary · ${DateTime.fromISO(localDate).toFormat('cccc d LLLL')}`;

export function dailyMessage(localDate: string, sections: readonly KnownBlock[][]): DailyMessage {
  const filled = sections.filter((blocks) => blocks.length > 0);
  const body = filled.flatMap((blocks, i) => (i === 0 ? blocks : [{ type: 'divider' } as const, ...blocks]));
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: `☀️ ${dailyTitle(localDate)}`, emoji: true } },
    ...(body.length > 0
      ? body.slice(0, MAX_BLOCKS - 1)
      : [{ type: 'section', text: { type: 'mrkdwn', text: '_Nothing to report yet._' } } as const]),
  ];
  return { text: dailyTitle(localDate), blocks };
}

/** Blocks each section may use: the header takes one, dividers one each. */
export const sectionBudget = (sectionCount: number): number =>
  Math.max(1, Math.floor((MAX_BLOCKS - 1 - Math.max(0, sectionCount - 1)) / Math.max(1, sectionCount)));
