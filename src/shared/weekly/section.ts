import type { KnownBlock } from '@slack/types';

/**
 * Marketing's weekly digest (nudges) is assembled like App Home and the daily summary: features
 * contribute sections (the relay its funnel), main.ts hands them to nudges, and nudges places them
 * in the post. Features never import each other.
 */

export interface WeeklyDigestContext {
  /** The reported week, [start, end), and the one before it for the change. */
  week: { start: Date; end: Date };
  previousWeek: { start: Date; end: Date };
  /** For people: "Nov 23 – Nov 29". */
  weekLabel: string;
  now: Date;
}

export interface WeeklyDigestSection {
  /** Lower comes first. */
  order: number;
  name: string;
  /** Blocks for the digest, within `maxBlocks` (a message holds 50); none when there is nothing to say. */
  render(context: WeeklyDigestContext, maxBlocks: number): Promise<KnownBlock[]>;
}
