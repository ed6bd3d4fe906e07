import { z } from 'zod';
import { SLACK_USER_ID } from '../../platform/slack/mentions.ts';

/**
 * The `daily` section of the policy file: which team channels get a daily summary and at what
 * local time (the team manager's time zone). No teams, no posts.
 */

const team = z
  .object({
    /** The team's manager (Slack user id): their direct reports in Salesforce are the team. */
    manager: z.string().regex(SLACK_USER_ID, 'expected a Slack user ID like U012ABCDEF'),
    channel: z
      .string()
      .regex(/^[CG][A-Z0-9]{2,}$/, 'expected a Slack channel ID like C012ABCDEF (not a #name)'),
  })
  .strict();

export const dailyPolicySchema = z
  .object({
    /** Local time of the post, HH:MM (24 h) in the manager's time zone. */
    time: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time like 08:30 (24-hour HH:MM)')
      .default('08:30'),
    teams: z
      .array(team)
      .max(200)
      .refine(
        (teams) => new Set(teams.map((t) => t.channel)).size === teams.length,
        'each channel may appear once (one summary per channel per day)',
      )
      .default([]),
  })
  .strict();

export type DailyPolicy = z.infer<typeof dailyPolicySchema>;
export type DailyTeamPolicy = DailyPolicy['teams'][number];
