import { z } from 'zod';

/**
 * The `recognition` section of the policy file: where shout-outs go, who may post them and which
 * closed deals are big enough to prompt the executives. Every field has a default, so a missing
 * section is valid; without a channel, a shout-out is posted where the command was run.
 */

const slackChannelId = z
  .string()
  .regex(/^[CG][A-Z0-9]{2,}$/, 'expected a Slack channel ID like C012ABCDEF (not a #name)');

export const recognitionPolicySchema = z
  .object({
    /** Public channel for shout-outs, e.g. #wins. */
    channel: slackChannelId.optional(),
    /** Whether `/shoutout` may post in the channel it was run in instead of the recognition channel. */
    allowCurrentChannel: z.boolean().default(false),
    /** What a non-executive gets: a refusal (default) or a plain peer kudos without executive styling. */
    nonExecutives: z.enum(['refuse', 'peer-kudos']).default('refuse'),
    /** A Closed Won opportunity at or above this Amount prompts every executive once. */
    winPromptThreshold: z.number().nonnegative().default(50_000),
    /** Wins older than this (close date or last change) never prompt, so a first sync does not spam. */
    winPromptMaxAgeDays: z.number().int().min(1).max(90).default(3),
    /** Also post linked shout-outs to the Opportunity's Chatter feed (FeedItem). */
    chatterMirror: z.boolean().default(false),
    /** Longest shout-out message, in characters. */
    maxMessageLength: z.number().int().min(50).max(2_500).default(1_500),
  })
  .strict();

export type RecognitionPolicy = z.infer<typeof recognitionPolicySchema>;
