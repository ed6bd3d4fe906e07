import { z } from 'zod';
import { contestPolicySchema } from './features/contests/policy.ts';
import { slaPolicySchema } from './shared/sla/sla-policy.ts';
import { recognitionPolicySchema } from './features/recognition/policy.ts';

/**
 * The policy file (path in BULLPEN_CONFIG, JSON or YAML) holds what a RevOps admin tunes rather than
 * what an operator deploys: roles, people overrides, the SLA policy and lead statuses. Feature sections (SLA, contests,
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

export const peopleSchema = z
  .object({
    /** Salesforce User email (lower-cased) -> Slack user ID, for people whose emails differ. */
    slackOverrides: z.record(z.string().email('expected an email address as key'), slackUserId).default({}),
  })
  .strict();

export const policySchema = z
  .object({
    roles: rolesSchema.default(() => rolesSchema.parse({})),
    people: peopleSchema.default(() => peopleSchema.parse({})),
    /** SLA clock, nudge policy, lead statuses and reason lists (see src/shared/sla/sla-policy.ts). */
    sla: slaPolicySchema.default(() => slaPolicySchema.parse({})),
    /** Contest jobs and leaderboards (see src/features/contests/policy.ts). */
    contests: contestPolicySchema.default(() => contestPolicySchema.parse({})),
    /** Shout-outs and win prompts (see src/features/recognition/policy.ts). */
    recognition: recognitionPolicySchema.default(() => recognitionPolicySchema.parse({})),
  })
  .strict();

export type Policy = z.infer<typeof policySchema>;

export const defaultPolicy = (): Policy => policySchema.parse({});
