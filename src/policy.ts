import { z } from 'zod';
import { contestPolicySchema } from './features/contests/policy.ts';
import { peopleSchema, rolesSchema } from './shared/people/policy.ts';
import { slaPolicySchema } from './shared/sla/sla-policy.ts';
import { recognitionPolicySchema } from './features/recognition/policy.ts';
import { leadQueuesPolicySchema } from './features/lead-queues/policy.ts';
import { relayPolicySchema } from './features/relay/policy.ts';
import { dailyPolicySchema } from './features/daily-summary/policy.ts';

/**
 * The policy file (path in BULLPEN_CONFIG, JSON or YAML) holds what a RevOps admin tunes rather than
 * what an operator deploys: roles, people overrides, the SLA policy and lead statuses, contests and
 * recognition. Each section's schema lives with the code it tunes (shared/<part>/ and features/<name>/policy.ts);
 * this file only composes them. Every field has a default so an absent file is a valid policy.
 */

export const policySchema = z
  .object({
    /** Who is an admin, manager or executive (see src/shared/people/policy.ts). */
    roles: rolesSchema.default(() => rolesSchema.parse({})),
    people: peopleSchema.default(() => peopleSchema.parse({})),
    /** SLA clock, nudge policy, lead statuses and reason lists (see src/shared/sla/sla-policy.ts). */
    sla: slaPolicySchema.default(() => slaPolicySchema.parse({})),
    /** Contest jobs and leaderboards (see src/features/contests/policy.ts). */
    contests: contestPolicySchema.default(() => contestPolicySchema.parse({})),
    /** Shout-outs and win prompts (see src/features/recognition/policy.ts). */
    recognition: recognitionPolicySchema.default(() => recognitionPolicySchema.parse({})),
    /** Lead queues posted to Slack channels with a Claim button (see src/features/lead-queues/policy.ts). */
    queues: leadQueuesPolicySchema.default(() => []),
    /** The SDR → AE relay: qualify, hand off, accept or return (see src/features/relay/policy.ts). */
    relay: relayPolicySchema.default(() => relayPolicySchema.parse({})),
    /** Team channels' daily summary (see src/features/daily-summary/policy.ts). */
    daily: dailyPolicySchema.default(() => dailyPolicySchema.parse({})),
  })
  .strict();

export type Policy = z.infer<typeof policySchema>;

export const defaultPolicy = (): Policy => policySchema.parse({});
