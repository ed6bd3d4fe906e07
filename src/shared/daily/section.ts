import type { KnownBlock } from '@slack/types';

/**
 * The daily summary a team channel gets each morning is assembled from sections other features
 * contribute (follow-up numbers, contest standings, shout-outs), the way App Home is: features
 * never import each other, so main.ts hands the daily-summary feature everyone's sections.
 */

export interface DailyTeam {
  /** The team's manager in Slack; their time zone sets the team's day. */
  managerSlackId: string;
  managerSalesforceId: string | null;
  channel: string;
  /** Salesforce User ids of the manager and their direct reports. */
  ownerIds: ReadonlySet<string>;
  /** Slack ids of the same people, where matched. */
  memberSlackIds: ReadonlySet<string>;
}

export interface DailyContext {
  team: DailyTeam;
  timeZone: string;
  /** The team's local date of the post (YYYY-MM-DD). */
  localDate: string;
  /** The local day before, as instants: [start, end). */
  yesterday: { start: Date; end: Date };
  now: Date;
}

export interface DailySection {
  /** Lower comes first. */
  order: number;
  name: string;
  /** Blocks for this team's post, within `maxBlocks`; none when there is nothing to say. */
  render(context: DailyContext, maxBlocks: number): Promise<KnownBlock[]>;
}
