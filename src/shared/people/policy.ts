import { z } from 'zod';
import { SLACK_USER_ID } from '../../platform/slack/mentions.ts';

/**
 * The people sections of the policy file: who holds which role, and the Slack accounts sync cannot
 * match by email. src/policy.ts composes them with the other sections.
 */

const slackUserId = z.string().regex(SLACK_USER_ID, 'expected a Slack user ID like U012ABCDEF');
const slackUsergroupId = z
  .string()
  .regex(/^S[A-Z0-9]{2,}$/, 'expected a Slack user group ID like S012ABCDEF');

export const rolesSchema = z
  .object({
    admins: z.array(slackUserId).default([]),
    managers: z.array(slackUserId).default([]),
    executives: z.array(slackUserId).default([]),
    executiveUsergroup: slackUsergroupId.optional(),
    managerUsergroup: slackUsergroupId.optional(),
    /** Marketing ops: `/funnel` and the funnel on App Home (issue 14). */
    marketing: z.array(slackUserId).default([]),
    marketingUsergroup: slackUsergroupId.optional(),
  })
  .strict();
export type RolesPolicy = z.infer<typeof rolesSchema>;

export const peopleSchema = z
  .object({
    /** Salesforce User email (lower-cased) -> Slack user ID, for people whose emails differ. */
    slackOverrides: z.record(z.string().email('expected an email address as key'), slackUserId).default({}),
  })
  .strict();
export type PeoplePolicy = z.infer<typeof peopleSchema>;
