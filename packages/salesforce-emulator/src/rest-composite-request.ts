import { z } from 'zod';
import { SalesforceError } from './errors.ts';
import type { ApiResponse } from './http-util.ts';
import { json } from './http-util.ts';
import type { SalesforceStore } from './store.ts';

/**
 * The Composite resource (`POST /composite`): up to 25 subrequests in one API call, run in order,
 * each answered with its own status and body. At most five of them may be queries (query,
 * queryAll, a queryMore locator) or sObject Collections; more, and the whole request fails. A
 * subrequest may name an earlier one's answer as `@{referenceId.field}`. With allOrNone the first
 * failure rolls every change back and the others answer PROCESSING_HALTED; without it the others
 * run, except those that refer to a failed one.
 */

export const MAX_SUBREQUESTS = 25;
export const MAX_QUERY_SUBREQUESTS = 5;

const subrequestSchema = z.object({
  method: z.enum(['GET', 'POST', 'PATCH', 'PUT', 'DELETE']),
  url: z.string().min(1),
  referenceId: z.string().regex(/^[A-Za-z0-9_]+$/),
  body: z.unknown().optional(),
  httpHeaders: z.record(z.string(), z.string()).optional(),
});
const compositeSchema = z.object({
  allOrNone: z.boolean().optional(),
  collateSubrequests: z.boolean().optional(),
  compositeRequest: z.array(subrequestSchema).min(1),
});

export interface Subrequest {
  method: string;
  /** Path and query, references resolved, e.g. /services/data/v64.0/queryAll?q=... */
  url: string;
  /** Lower-case header names, as Node gives a top-level request's. */
  headers: Record<string, string>;
  body: unknown;
}

/** Runs one subrequest through the ordinary routes; errors come back as their error response. */
export type SubrequestRunner = (subrequest: Subrequest) => ApiResponse;

interface SubrequestResult {
  body: unknown;
  httpHeaders: Record<string, string>;
  httpStatusCode: number;
  referenceId: string;
}

/** Headers the subrequests inherit from the composite request; naming them fails it. */
const INHERITED_HEADERS = new Set(['accept', 'authorization', 'content-type']);
const QUERY_RESOURCE = /^\/services\/data\/v\d+\.\d\/(query|queryAll|composite\/sobjects)(\/|\?|$)/;
const REFERENCE = /@\{([A-Za-z0-9_]+)((?:\.[A-Za-z0-9_]+|\[\d+\])*)\}/g;

const halted = (message: string) => [{ errorCode: 'PROCESSING_HALTED', message }];
const ROLLED_BACK = 'The transaction was rolled back since another operation in the same transaction failed.';

const invalidRequest = (message: string): SalesforceError =>
  new SalesforceError(400, 'INVALID_INPUT', message);

const parseRequest = (body: unknown) => {
  const parsed = compositeSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SalesforceError(
      400,
      'JSON_PARSER_ERROR',
      `Invalid composite request at ${issue?.path.join('.') || 'the top level'}: ${issue?.message ?? ''}`,
    );
  }
  const requests = parsed.data.compositeRequest;
  if (requests.length > MAX_SUBREQUESTS) {
    throw invalidRequest(`Composite requests cannot have more than ${MAX_SUBREQUESTS} subrequests`);
  }
  const queries = requests.filter((request) => QUERY_RESOURCE.test(request.url)).length;
  if (queries > MAX_QUERY_SUBREQUESTS) {
    throw invalidRequest(
      `Composite requests cannot have more than ${MAX_QUERY_SUBREQUESTS} query or sObject Collections subrequests; this one has ${queries}`,
    );
  }
  const seen = new Set<string>();
  for (const request of requests) {
    if (seen.has(request.referenceId)) {
      throw invalidRequest(`Duplicate referenceId ${request.referenceId} in the composite request`);
    }
    seen.add(request.referenceId);
    const inherited = Object.keys(request.httpHeaders ?? {}).find((name) =>
      INHERITED_HEADERS.has(name.toLowerCase()),
    );
    if (inherited !== undefined) {
      throw invalidRequest(`Subrequest ${request.referenceId} may not set the ${inherited} header`);
    }
  }
  return { allOrNone: parsed.data.allOrNone ?? false, requests };
};

class UnresolvedReference extends Error {}

/** The value `path` (`.field`, `[0]`) names in an earlier subrequest's body. */
const lookUp = (results: Map<string, SubrequestResult>, id: string, path: string): unknown => {
  const earlier = results.get(id);
  if (earlier === undefined || earlier.httpStatusCode >= 400) throw new UnresolvedReference(`${id}${path}`);
  let value: unknown = earlier.body;
  for (const step of path.match(/\.[A-Za-z0-9_]+|\[\d+\]/g) ?? []) {
    const key = step.startsWith('.') ? step.slice(1) : Number(step.slice(1, -1));
    value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  }
  if (value === undefined || value === null || typeof value === 'object') {
    throw new UnresolvedReference(`${id}${path}`);
  }
  return value;
};

const resolveText = (text: string, results: Map<string, SubrequestResult>): string =>
  text.replace(REFERENCE, (_match, id: string, path: string) => String(lookUp(results, id, path)));

const resolveBody = (body: unknown, results: Map<string, SubrequestResult>): unknown => {
  if (typeof body === 'string') return resolveText(body, results);
  if (Array.isArray(body)) return body.map((item) => resolveBody(item, results));
  if (typeof body === 'object' && body !== null) {
    return Object.fromEntries(Object.entries(body).map(([key, value]) => [key, resolveBody(value, results)]));
  }
  return body;
};

const asResult = (referenceId: string, response: ApiResponse): SubrequestResult => {
  if ('write' in response) {
    return {
      body: [{ errorCode: 'NOT_FOUND', message: 'This resource is not supported in a composite request' }],
      httpHeaders: {},
      httpStatusCode: 400,
      referenceId,
    };
  }
  return {
    body: response.body ?? null,
    httpHeaders: response.headers ?? {},
    httpStatusCode: response.status,
    referenceId,
  };
};

class Rollback extends Error {}

export const handleCompositeRequest = (
  store: SalesforceStore,
  body: unknown,
  run: SubrequestRunner,
): ApiResponse => {
  const { allOrNone, requests } = parseRequest(body);
  const results = new Map<string, SubrequestResult>();
  let failed: string | null = null;
  try {
    store.transaction(() => {
      for (const request of requests) {
        let result: SubrequestResult;
        try {
          const headers = Object.fromEntries(
            Object.entries(request.httpHeaders ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
          );
          const subrequest = {
            method: request.method,
            url: resolveText(request.url, results),
            headers,
            body: resolveBody(request.body, results),
          };
          result = asResult(request.referenceId, run(subrequest));
        } catch (error) {
          if (!(error instanceof UnresolvedReference)) throw error;
          const message = `Invalid reference specified. No value for ${error.message} found in ${request.referenceId}.`;
          result = {
            body: halted(message),
            httpHeaders: {},
            httpStatusCode: 400,
            referenceId: request.referenceId,
          };
        }
        results.set(request.referenceId, result);
        if (result.httpStatusCode >= 400 && allOrNone) {
          failed = request.referenceId;
          throw new Rollback();
        }
      }
    });
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
  }
  const compositeResponse = requests.map(({ referenceId }): SubrequestResult =>
    failed !== null && referenceId !== failed
      ? { body: halted(ROLLED_BACK), httpHeaders: {}, httpStatusCode: 400, referenceId }
      : (results.get(referenceId) ?? {
          body: halted(ROLLED_BACK),
          httpHeaders: {},
          httpStatusCode: 400,
          referenceId,
        }),
  );
  return json(200, { compositeResponse });
};
