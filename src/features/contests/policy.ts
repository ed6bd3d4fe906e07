import { isValidTimeZone } from '../../platform/time-zones.ts';
import { z } from 'zod';

/**
 * The `contests` section of the policy file: what a RevOps admin tunes. (Tests and demos that run a
 * contest faster than real time hand bullpen a Clock instead: src/platform/clock.ts.)
 */
export const contestPolicySchema = z
  .object({
    /** Used when the launching manager's Slack time zone is unknown. */
    defaultTimeZone: z
      .string()
      .refine((zone) => isValidTimeZone(zone), 'expected an IANA time zone, e.g. America/New_York')
      .default('UTC'),
    /**
     * How many rows `/leaderboard` shows before the viewer's own neighbourhood, and how many scorers
     * the final results and reminders list, when the contest has no `top:N` of its own.
     */
    leaderboardTopN: z.number().int().min(1).max(40).default(10),
    /**
     * A live board is edited at least this often while its contest runs, even when nobody scores,
     * so its "time left" stays true (still never more than once per edit interval).
     */
    liveBoardRefreshMinutes: z.number().int().min(1).max(60).default(5),
    slaHitRate: z
      .object({
        /**
         * Decided leads (hit or missed) a rep needs before ranking with everyone else; fewer are
         * listed after them, however high their rate. 1 of 1 is luck, not a record.
         */
        minDecided: z.number().int().min(0).max(1000).default(5),
      })
      .strict()
      .default({ minDecided: 5 }),
    /**
     * "Did it stick?": a report posted to the contest's channel some days after it ends, comparing
     * the follow-up rate, time to first touch and the contest metric before, during and after.
     */
    didItStick: z
      .object({
        enabled: z.boolean().default(true),
        /** Days after the end; null: as long as the contest lasted. Never more than `maxDays`. */
        afterDays: z.number().positive().max(30).nullable().default(null),
        maxDays: z.number().positive().max(30).default(14),
      })
      .strict()
      .default({ enabled: true, afterDays: null, maxDays: 14 }),
  })
  .strict();

export type ContestPolicy = z.infer<typeof contestPolicySchema>;
export const defaultContestPolicy = (): ContestPolicy => contestPolicySchema.parse({});
