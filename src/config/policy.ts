import { z } from 'zod';

/**
 * The policy file (path in BULLPEN_CONFIG, JSON or YAML) holds what a RevOps admin tunes rather than
 * what an operator deploys: roles, people overrides, lead statuses. Feature sections (SLA, contests,
 * recognition) extend this schema in their own modules' issues; every field has a default so an
 * absent file is a valid policy.
 */

const slackUserId = z.string().regex(/^[UW][A-Z0-9]{2,}$/, 'expected a Slack user ID like U012ABCDEF');
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
  })
  .strict();

export const leadStatusSchema = z
  .object({
    /** Statuses in which a lead has not been touched yet: its first-touch SLA clock is running. */
    untouched: z.array(z.string().min(1)).default(['Open - Not Contacted']),
    /** Statuses that count as open (needing follow-up); the rest count as closed. */
    open: z.array(z.string().min(1)).default(['Open - Not Contacted', 'Working - Contacted']),
  })
  .strict();

export const peopleSchema = z
  .object({
    /** Salesforce User email (lower-cased) -> Slack user ID, for people whose emails differ. */
    slackOverrides: z.record(z.string().email('expected an email address as key'), slackUserId).default({}),
  })
  .strict();

export const policySchema = z
  .object({
    roles: rolesSchema.default(() => rolesSchema.parse({})),
    leadStatuses: leadStatusSchema.default(() => leadStatusSchema.parse({})),
    people: peopleSchema.default(() => peopleSchema.parse({})),
  })
  .strict();

export type Policy = z.infer<typeof policySchema>;

export const defaultPolicy = (): Policy => policySchema.parse({});
