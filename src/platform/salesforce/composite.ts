import type { Connection } from 'jsforce';
import { z } from 'zod';

/**
 * Several SOQL queries in one Composite request (`POST /composite`), which Salesforce counts as one
 * API call whatever it holds. A composite request may carry at most five query subrequests, and
 * each one succeeds or fails on its own (allOrNone is off): a failed one comes back as an error
 * shaped like the one jsforce throws for a lone query, so the same handling applies to both.
 */

export const MAX_COMPOSITE_QUERIES = 5;

export interface CompositeQuery {
  /** Names the answer; letters, digits and underscores. */
  referenceId: string;
  soql: string;
  /** queryAll: deleted and archived rows too. */
  scanAll?: boolean;
  /** Request headers for this subrequest, e.g. Sforce-Query-Options. */
  headers?: Record<string, string>;
}

const queryPageSchema = z.object({
  totalSize: z.number(),
  done: z.boolean(),
  nextRecordsUrl: z.string().optional(),
  records: z.array(z.unknown()),
});
export type QueryPage = z.infer<typeof queryPageSchema>;

const errorBodySchema = z.array(z.object({ errorCode: z.string(), message: z.string() }).loose());

const compositeResponseSchema = z.object({
  compositeResponse: z.array(
    z.object({
      body: z.unknown(),
      httpHeaders: z.record(z.string(), z.string()).optional(),
      httpStatusCode: z.number(),
      referenceId: z.string(),
    }),
  ),
});

export type CompositeItem = z.infer<typeof compositeResponseSchema>['compositeResponse'][number];

/**
 * Sends one Composite request (one API call) and answers its subrequests' results, parsed. A refusal
 * of the whole request (expired session, API limit, 5xx) throws as any jsforce call does.
 */
export async function postComposite(
  conn: Connection,
  body: { allOrNone: boolean; compositeRequest: readonly object[] },
): Promise<CompositeItem[]> {
  const raw = await conn.request<unknown>({
    method: 'POST',
    url: `/services/data/v${conn.version}/composite`,
    body: JSON.stringify(body),
    headers: { 'Content-Type': 'application/json' },
  });
  const parsed = compositeResponseSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`Salesforce sent an unexpected composite response: ${parsed.error.message}`);
  }
  return parsed.data.compositeResponse;
}

/** Why Salesforce refused a subrequest: its first error, or the HTTP status and body when it gave none. */
export function subrequestRefusal(item: CompositeItem): { errorCode: string; message: string } {
  const errors = errorBodySchema.safeParse(item.body);
  const first = errors.success ? errors.data[0] : undefined;
  return {
    errorCode: first?.errorCode ?? `ERROR_HTTP_${item.httpStatusCode}`,
    message: first?.message ?? JSON.stringify(item.body),
  };
}

/** A subrequest Salesforce refused, carrying its errorCode as jsforce's own errors do. */
export class CompositeSubrequestError extends Error {
  readonly errorCode: string;
  readonly statusCode: number;
  readonly referenceId: string;
  constructor(referenceId: string, statusCode: number, errorCode: string, message: string) {
    super(message);
    this.name = errorCode;
    this.errorCode = errorCode;
    this.statusCode = statusCode;
    this.referenceId = referenceId;
  }
}

export type CompositeQueryResult =
  | { referenceId: string; ok: true; page: QueryPage }
  | { referenceId: string; ok: false; error: CompositeSubrequestError };

const subrequestUrl = (version: string, query: CompositeQuery): string =>
  `/services/data/v${version}/${query.scanAll ? 'queryAll' : 'query'}/?q=${encodeURIComponent(query.soql)}`;

const resultOf = (referenceId: string, item: CompositeItem | undefined): CompositeQueryResult => {
  if (item === undefined) {
    throw new Error(`Salesforce's composite response has no answer for subrequest ${referenceId}`);
  }
  if (item.httpStatusCode >= 200 && item.httpStatusCode < 300) {
    const page = queryPageSchema.safeParse(item.body);
    if (!page.success) {
      throw new Error(
        `Salesforce's composite answer to ${referenceId} is not a query result: ${page.error.message}`,
      );
    }
    return { referenceId, ok: true, page: page.data };
  }
  const refusal = subrequestRefusal(item);
  const error = new CompositeSubrequestError(
    referenceId,
    item.httpStatusCode,
    refusal.errorCode,
    refusal.message,
  );
  return { referenceId, ok: false, error };
};

/**
 * Runs up to five queries as one API call and answers each, in the order asked. A refusal of the
 * whole request (expired session, API limit, 5xx) throws as any jsforce call does.
 */
export async function compositeQueries(
  conn: Connection,
  queries: readonly CompositeQuery[],
): Promise<CompositeQueryResult[]> {
  if (queries.length === 0) return [];
  if (queries.length > MAX_COMPOSITE_QUERIES) {
    throw new Error(
      `A composite request holds at most ${MAX_COMPOSITE_QUERIES} queries; ${queries.length} were given`,
    );
  }
  const body = {
    allOrNone: false,
    compositeRequest: queries.map((query) => ({
      method: 'GET',
      url: subrequestUrl(conn.version, query),
      referenceId: query.referenceId,
      ...(query.headers ? { httpHeaders: query.headers } : {}),
    })),
  };
  const items = await postComposite(conn, body);
  const byReference = new Map(items.map((item) => [item.referenceId, item]));
  return queries.map((query) => resultOf(query.referenceId, byReference.get(query.referenceId)));
}
