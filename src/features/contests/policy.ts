import { IANAZone } from 'luxon';
import { z } from 'zod';

/**
 * The `contests` section of the policy file. `timeScale` shrinks every contest job delay (start,
 * reminders, end, live-board throttle) by that factor: 0.001 runs a one-hour contest in 3.6 s, which
 * is how the integration tests and demos watch a whole contest. Production leaves it at 1.
 */
export const contestPolicySchema = z
  .object({
    timeScale: z.number().positive('must be more than 0').max(1, 'at most 1 (real time)').default(1),
    /** Used when the launching manager's Slack time zone is unknown. */
    defaultTimeZone: z
      .string()
      .refine((zone) => IANAZone.isValidZone(zone), 'expected an IANA time zone, e.g. America/New_York')
      .default('UTC'),
    /** How many rows `/leaderboard` shows before the viewer's own neighbourhood. */
    leaderboardTopN: z.number().int().min(1).max(40).default(10),
  })
  .strict();

export type ContestPolicy = z.infer<typeof contestPolicySchema>;
export const defaultContestPolicy = (): ContestPolicy => contestPolicySchema.parse({});
