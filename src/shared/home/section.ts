import type { KnownBlock } from '@slack/types';
import type { Role } from '../people/roles.ts';

/**
 * App Home is assembled from sections that features contribute (overdue leads, live contests,
 * recent shout-outs, team follow-up rate, sync health). Each section reads only from Redis, so
 * Home renders fast and never waits on Salesforce.
 */
export interface HomeViewer {
  slackUserId: string;
  /** The viewer's Salesforce User Id, when matched. */
  salesforceUserId: string | null;
  roles: Set<Role>;
  now: Date;
}

export interface HomeSection {
  /** Lower comes first. */
  order: number;
  name: string;
  /** Which viewers see it; e.g. managers only. */
  appliesTo(viewer: HomeViewer): boolean;
  /** Blocks for this viewer, within `maxBlocks` (the Home total is capped at 100). */
  render(viewer: HomeViewer, maxBlocks: number): Promise<KnownBlock[]>;
}
