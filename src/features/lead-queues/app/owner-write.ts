import { z } from 'zod';
import { classifySalesforceError } from '../../../platform/salesforce/connection.ts';
import type { SalesforceGateway } from '../../../platform/salesforce/gateway.ts';
import { buildSelect } from '../../../platform/salesforce/soql.ts';
import { sameId } from '../../../shared/people/queues.ts';

/**
 * The one Salesforce write a claim makes: Lead.OwnerId. Salesforce either refuses it (an errorCode:
 * a validation rule, access) or accepts it; but an answer lost on the way back (a timeout, a
 * dropped connection) says neither, so the owner is read back before the claim is given up: a
 * write that landed counts, and the claim is not released for a second click to write again.
 */

export type OwnerWrite = { ok: true } | { ok: false; error: unknown };

const ownerRowSchema = z.object({ OwnerId: z.string() });

/**
 * Salesforce names every refusal with an upper-case errorCode; a timeout, a dropped connection or a
 * 5xx (transient) may have landed, and so may anything without a code.
 */
const isRefusal = (error: unknown): boolean => {
  const code = (error as { errorCode?: unknown }).errorCode;
  const named = typeof code === 'string' && /^[A-Z][A-Z_]+$/.test(code);
  return named && classifySalesforceError(error) === 'permanent' && code !== 'REQUEST_TIMEOUT';
};

async function ownerNow(conn: Awaited<ReturnType<SalesforceGateway['connection']>>, leadId: string) {
  const soql = buildSelect({
    object: 'Lead',
    fields: ['Id', 'OwnerId'],
    where: { field: 'Id', op: '=', value: leadId },
  });
  const result = await conn.query<Record<string, unknown>>(soql);
  const row = result.records[0];
  return row === undefined ? null : ownerRowSchema.parse(row).OwnerId;
}

export async function writeLeadOwner(
  salesforce: Pick<SalesforceGateway, 'connection'>,
  leadId: string,
  ownerId: string,
): Promise<OwnerWrite> {
  const conn = await salesforce.connection();
  try {
    const result = await conn.sobject('Lead').update({ Id: leadId, OwnerId: ownerId });
    if (!result.success) {
      return {
        ok: false,
        error: Object.assign(new Error('Salesforce refused the update'), result.errors[0] ?? {}),
      };
    }
    return { ok: true };
  } catch (error) {
    if (isRefusal(error)) return { ok: false, error };
    const owner = await ownerNow(conn, leadId).catch(() => null);
    return owner !== null && sameId(owner, ownerId) ? { ok: true } : { ok: false, error };
  }
}
