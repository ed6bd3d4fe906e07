import { z } from 'zod';
import { SLACK_USER_ID } from '../../platform/slack/mentions.ts';

/**
 * The relay's policy section (issue 14): who may qualify and hand off a lead, what they check, to
 * which AE it goes, the Lead Status of each relay step, why an AE may return it and where it then
 * goes, and how long the AE has to accept. src/policy.ts composes it as `relay`.
 */

const salesforceUserId = z
  .string()
  .regex(/^005[a-zA-Z0-9]{12}(?:[a-zA-Z0-9]{3})?$/, 'expected a Salesforce User Id (005…)');
const ownerId = z
  .string()
  .regex(/^00[5G][a-zA-Z0-9]{12}(?:[a-zA-Z0-9]{3})?$/, 'expected a User Id (005…) or queue Id (00G…)');
const slackUserId = z.string().regex(SLACK_USER_ID, 'expected a Slack user ID like U012ABCDEF');
const label = z.string().trim().min(1).max(75);

const criterionSchema = z
  .object({
    /** Names the answer in the modal and in Redis; letters, digits, dashes and underscores. */
    key: z.string().regex(/^[a-z][a-z0-9_-]{0,30}$/, 'expected a short lower-case key like "budget"'),
    label,
    choices: z.array(label).min(2).max(10),
    required: z.boolean().default(true),
  })
  .strict();
export type Criterion = z.infer<typeof criterionSchema>;

const DEFAULT_CRITERIA: z.input<typeof criterionSchema>[] = [
  { key: 'need', label: 'Need', choices: ['Clear need', 'Some interest', 'No clear need'] },
  { key: 'timing', label: 'Timing', choices: ['This quarter', 'Next quarter', 'Later or unknown'] },
  { key: 'budget', label: 'Budget', choices: ['Budget confirmed', 'Budget likely', 'No budget yet'] },
  {
    key: 'authority',
    label: 'Authority',
    choices: ['Decision maker', 'Influencer', 'Unknown'],
    required: false,
  },
];

/** A Lead field whose value picks the AE; a plain API name, so it is safe to put in SOQL. */
const leadField = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,79}$/, 'expected a Lead field API name');

const routingSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('named'), ae: salesforceUserId }).strict(),
  /** Takes turns among `team` (the policy's AEs when absent). */
  z.object({ kind: z.literal('roundRobin'), team: z.array(salesforceUserId).min(1).optional() }).strict(),
  z
    .object({
      kind: z.literal('field'),
      field: leadField,
      /** Field value -> AE. */
      map: z.record(z.string(), salesforceUserId),
      fallback: salesforceUserId.optional(),
    })
    .strict(),
]);
export type RelayRouting = z.infer<typeof routingSchema>;

const statusesSchema = z
  .object({
    /** Written with the new owner when an SDR hands a lead off. Add it to the org (README). */
    handedOff: z.string().min(1).default('Handed Off'),
    /**
     * Written when the AE accepts. An "untouched" SLA status (sla.statuses.untouched), so the AE's
     * first-touch clock runs from the accept until their first call, email or status change; a
     * "working" status here would count the accept itself as the first touch.
     */
    accepted: z.string().min(1).default('Open - Not Contacted'),
    /** Written with the nurture owner when the AE returns the lead. Add it to the org (README). */
    nurture: z.string().min(1).default('Nurture'),
  })
  .strict();

export const relayPolicySchema = z
  .object({
    /** Who may qualify: anyone holding one of these roles, or listed by Slack user ID. */
    qualifiers: z
      .object({
        roles: z.array(z.enum(['admin', 'manager', 'executive', 'rep'])).default(['rep']),
        people: z.array(slackUserId).default([]),
      })
      .strict()
      .default({ roles: ['rep'], people: [] }),
    /** The closers a lead may be handed to. Empty: any active Salesforce user. */
    aes: z.array(salesforceUserId).default([]),
    routing: routingSchema.default({ kind: 'roundRobin' }),
    criteria: z
      .array(criterionSchema)
      .min(1)
      .max(8)
      .default(() => DEFAULT_CRITERIA.map((c) => criterionSchema.parse(c)))
      .refine((list) => new Set(list.map((c) => c.key)).size === list.length, 'criterion keys must differ'),
    statuses: statusesSchema.default(() => statusesSchema.parse({})),
    returnReasons: z
      .array(label)
      .min(1)
      .max(20)
      .default(['Not ready', 'No budget', 'No need', 'Wrong person', 'Bad data', 'Duplicate']),
    /** Who owns a returned lead: a marketing queue or user. Absent: the SDR who handed it off. */
    nurtureOwner: ownerId.optional(),
    /** Business days (SLA calendar, the AE's time zone) the AE has to accept or return. */
    acceptSlaBusinessDays: z.number().positive().max(10).default(1),
  })
  .strict();
export type RelayPolicy = z.infer<typeof relayPolicySchema>;
