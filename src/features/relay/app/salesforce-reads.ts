import type { Connection } from 'jsforce';
import { z } from 'zod';
import { compositeQueries } from '../../../platform/salesforce/composite.ts';
import { idLiteral } from '../../../platform/salesforce/soql.ts';

/** The lead and the AE as Salesforce has them now, read in one API call. */

const leadSchema = z
  .object({
    Id: z.string(),
    Name: z.string(),
    Company: z.string().nullable().optional(),
    Status: z.string(),
    OwnerId: z.string(),
    IsConverted: z.boolean(),
  })
  .loose();
export type RelayLead = z.infer<typeof leadSchema>;

const userSchema = z
  .object({
    Id: z.string(),
    Name: z.string(),
    IsActive: z.boolean(),
    ManagerId: z.string().nullable().optional(),
  })
  .loose();
export type RelayUser = z.infer<typeof userSchema>;

const LEAD_FIELDS = ['Id', 'Name', 'Company', 'Status', 'OwnerId', 'IsConverted'];

/** `extraField` is the routing rule's Lead field, already checked to be a plain API name. */
export async function readLeadAndUser(
  conn: Connection,
  leadId: string,
  userId: string | null,
  extraField?: string,
): Promise<{ lead: RelayLead | null; user: RelayUser | null }> {
  const fields = extraField && !LEAD_FIELDS.includes(extraField) ? [...LEAD_FIELDS, extraField] : LEAD_FIELDS;
  const queries = [
    { referenceId: 'lead', soql: `SELECT ${fields.join(', ')} FROM Lead WHERE Id = ${idLiteral(leadId)}` },
    ...(userId
      ? [
          {
            referenceId: 'user',
            soql: `SELECT Id, Name, IsActive, ManagerId FROM User WHERE Id = ${idLiteral(userId)}`,
          },
        ]
      : []),
  ];
  const [leadAnswer, userAnswer] = await compositeQueries(conn, queries);
  if (leadAnswer && !leadAnswer.ok) throw leadAnswer.error;
  if (userAnswer && !userAnswer.ok) throw userAnswer.error;
  const lead = leadAnswer?.ok ? leadSchema.safeParse(leadAnswer.page.records[0]) : undefined;
  const user = userAnswer?.ok ? userSchema.safeParse(userAnswer.page.records[0]) : undefined;
  return { lead: lead?.success ? lead.data : null, user: user?.success ? user.data : null };
}
