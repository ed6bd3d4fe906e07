import type { Connection } from 'jsforce';
import { z } from 'zod';
import { postComposite, subrequestRefusal, type CompositeItem } from './composite.ts';

/**
 * Record writes in one Composite request (`POST /composite`) with allOrNone: Salesforce applies
 * every subrequest or none, so a validation rule refusing one change leaves no half-done write
 * behind (a Task logged but the owner unchanged). Queries, and the request itself, are composite.ts's.
 */

export const MAX_COMPOSITE_WRITES = 25;

export type CompositeWrite =
  | { kind: 'create'; referenceId: string; object: string; fields: Record<string, unknown> }
  | { kind: 'update'; referenceId: string; object: string; id: string; fields: Record<string, unknown> };

const createdSchema = z.object({ id: z.string() }).loose();

/** The write Salesforce refused, with its own errorCode and message (shown to people verbatim). */
export class CompositeWriteError extends Error {
  readonly errorCode: string;
  readonly referenceId: string;
  constructor(referenceId: string, errorCode: string, message: string) {
    super(message);
    this.name = 'CompositeWriteError';
    this.errorCode = errorCode;
    this.referenceId = referenceId;
  }
}

/** Subrequests that did not fail themselves but were rolled back because another one did. */
const ROLLED_BACK = 'PROCESSING_HALTED';

const urlOf = (version: string, write: CompositeWrite): string =>
  write.kind === 'create'
    ? `/services/data/v${version}/sobjects/${write.object}`
    : `/services/data/v${version}/sobjects/${write.object}/${write.id}`;

const firstFailure = (items: readonly CompositeItem[]): CompositeWriteError | null => {
  const failures = items
    .filter((item) => item.httpStatusCode >= 400)
    .map((item) => {
      const refusal = subrequestRefusal(item);
      return new CompositeWriteError(item.referenceId, refusal.errorCode, refusal.message);
    });
  return failures.find((f) => f.errorCode !== ROLLED_BACK) ?? failures[0] ?? null;
};

/**
 * Applies every write or none. Resolves to the Id of each created record by referenceId; rejects
 * with CompositeWriteError carrying the refusing subrequest's own message when Salesforce said no.
 */
export async function compositeWrites(
  conn: Connection,
  writes: readonly CompositeWrite[],
): Promise<Map<string, string>> {
  if (writes.length === 0 || writes.length > MAX_COMPOSITE_WRITES) {
    throw new Error(
      `A composite write holds 1 to ${MAX_COMPOSITE_WRITES} subrequests; ${writes.length} given`,
    );
  }
  const body = {
    allOrNone: true,
    compositeRequest: writes.map((write) => ({
      method: write.kind === 'create' ? 'POST' : 'PATCH',
      url: urlOf(conn.version, write),
      referenceId: write.referenceId,
      body: write.fields,
    })),
  };
  const items = await postComposite(conn, body);
  const failure = firstFailure(items);
  if (failure) throw failure;
  const created = new Map<string, string>();
  for (const item of items) {
    const id = createdSchema.safeParse(item.body);
    if (id.success) created.set(item.referenceId, id.data.id);
  }
  return created;
}
