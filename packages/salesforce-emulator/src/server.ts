import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ClientCredentials, SessionRegistry, UserPassword } from './auth.ts';
import { handleTokenRequest } from './auth.ts';
import type { BulkContext } from './bulk2.ts';
import { handleBulkQuery } from './bulk2.ts';
import { SalesforceError, notFound } from './errors.ts';
import type { EmulatorFaults } from './faults.ts';
import { checkAccess, takeHang } from './faults.ts';
import type { ApiResponse } from './http-util.ts';
import { errorResponse, json, parseJsonBody, readBody, writeResponse } from './http-util.ts';
import { handleComposite } from './rest-composite.ts';
import type { Subrequest } from './rest-composite-request.ts';
import { handleCompositeRequest } from './rest-composite-request.ts';
import type { QueryCursors } from './rest-query.ts';
import { batchSizeFrom, firstPage, nextPage } from './rest-query.ts';
import { handleSobjects, methodNotAllowed } from './rest-sobjects.ts';
import type { SalesforceStore } from './store.ts';

/** Routes HTTP requests: the token endpoint, then authenticated, metered `/services/data/vNN.N/` calls. */

export interface RequestLogEntry {
  method: string;
  path: string;
  /** The SOQL of a query, queryAll or Bulk query job. */
  soql?: string;
  status: number;
  /** False for the token endpoint, the unauthenticated version list and composite subrequests. */
  api: boolean;
  /** A subrequest of the /composite call logged before it: it costs no API call of its own. */
  subrequest?: true;
  atMs: number;
}

export interface InjectedFailure {
  status: number;
  errorCode: string;
  message: string;
}

export interface ServerState {
  store: SalesforceStore;
  sessions: SessionRegistry;
  cursors: QueryCursors;
  bulkJobs: BulkContext['jobs'];
  client: ClientCredentials;
  users: readonly UserPassword[];
  runAsUserId: string;
  jwtPublicKey: string | undefined;
  orgId: string;
  baseUrl: string;
  now: () => number;
  apiUsage: { used: number; limit: number };
  failures: { remaining: number; failure: InjectedFailure | null };
  faults: EmulatorFaults;
  bulk: { pollsBeforeComplete: number; defaultPageSize: number };
  requests: RequestLogEntry[];
}

const MAX_LOGGED_REQUESTS = 100_000;
const VERSION_PATH = /^\/services\/data\/v(\d+\.\d)(?:\/(.*))?$/;
const SUPPORTED_VERSIONS = ['58.0', '59.0', '60.0', '61.0', '62.0', '63.0', '64.0', '65.0'];

const bearerToken = (request: IncomingMessage): string | null => {
  const header = request.headers.authorization ?? '';
  const match = /^(?:Bearer|OAuth)\s+(.+)$/i.exec(header);
  return match?.[1]?.trim() ?? null;
};

const limitsBody = (state: ServerState) => ({
  DailyApiRequests: {
    Max: state.apiUsage.limit,
    Remaining: Math.max(0, state.apiUsage.limit - state.apiUsage.used),
  },
  DailyBulkV2QueryJobs: { Max: 10_000, Remaining: 10_000 - state.bulkJobs.size },
  DailyBulkV2QueryFileStorageMB: { Max: 976_562, Remaining: 976_562 },
});

type RequestLike = Pick<IncomingMessage, 'method' | 'headers'>;

const routeApi = (
  state: ServerState,
  request: RequestLike,
  apiVersion: string,
  segments: string[],
  query: URLSearchParams,
  rawBody: string,
  userId: string,
  log: RequestLogEntry,
): ApiResponse => {
  const method = request.method ?? 'GET';
  const body = (): unknown => parseJsonBody(rawBody);
  const [resource, ...rest] = segments;
  const nowMs = state.now();
  const sobjectContext = { store: state.store, apiVersion, userId };
  switch (resource) {
    case undefined:
    case '':
      return json(200, {
        sobjects: `/services/data/v${apiVersion}/sobjects`,
        query: `/services/data/v${apiVersion}/query`,
        queryAll: `/services/data/v${apiVersion}/queryAll`,
        limits: `/services/data/v${apiVersion}/limits`,
        composite: `/services/data/v${apiVersion}/composite`,
        jobs: `/services/data/v${apiVersion}/jobs`,
      });
    case 'limits':
      return json(200, limitsBody(state));
    case 'query':
    case 'queryAll': {
      if (method !== 'GET') throw methodNotAllowed(method);
      const queryContext = { store: state.store, cursors: state.cursors, apiVersion, nowMs };
      const batchSize = batchSizeFrom(request.headers['sforce-query-options']?.toString());
      const [locator] = rest;
      if (locator !== undefined && locator !== '')
        return json(200, nextPage(queryContext, locator, batchSize));
      const soql = query.get('q');
      if (soql !== null) log.soql = soql;
      return json(200, firstPage(queryContext, soql, resource === 'queryAll', batchSize));
    }
    case 'sobjects':
      return handleSobjects(sobjectContext, method, rest, query, body);
    case 'composite':
      if (rest.every((segment) => segment === '')) {
        if (method === 'GET')
          return json(200, { sobjects: `/services/data/v${apiVersion}/composite/sobjects` });
        if (method !== 'POST') throw methodNotAllowed(method);
        return handleCompositeRequest(state.store, body(), (subrequest) =>
          runSubrequest(state, subrequest, userId),
        );
      }
      return handleComposite(sobjectContext, method, rest, query, body);
    case 'jobs': {
      const [kind, ...jobSegments] = rest;
      if (kind !== 'query') throw notFound();
      const parsed = method === 'POST' ? body() : undefined;
      if (
        typeof parsed === 'object' &&
        parsed !== null &&
        'query' in parsed &&
        typeof parsed.query === 'string'
      ) {
        log.soql = parsed.query;
      }
      return handleBulkQuery(
        { store: state.store, jobs: state.bulkJobs, apiVersion, userId, nowMs, ...state.bulk },
        method,
        jobSegments,
        query,
        () => parsed ?? body(),
      );
    }
    default:
      throw notFound();
  }
};

/** One /composite subrequest through the ordinary routes and access switches, logged on its own. */
const runSubrequest = (state: ServerState, subrequest: Subrequest, userId: string): ApiResponse => {
  const url = new URL(subrequest.url, state.baseUrl);
  const { method } = subrequest;
  const log: RequestLogEntry = {
    method,
    path: url.pathname,
    status: 0,
    api: false,
    subrequest: true,
    atMs: state.now(),
  };
  state.requests.push(log);
  let result: ApiResponse;
  try {
    const match = VERSION_PATH.exec(url.pathname);
    if (match === null) throw notFound();
    const segments = (match[2] ?? '').split('/').map((segment) => decodeURIComponent(segment));
    if (segments[0] === 'composite' && segments.slice(1).every((segment) => segment === '')) {
      throw new SalesforceError(400, 'INVALID_INPUT', 'A composite request cannot hold another one');
    }
    log.soql = url.searchParams.get('q') ?? undefined;
    const rawBody = subrequest.body === undefined ? '' : JSON.stringify(subrequest.body);
    checkAccess(state.faults, segments, url.searchParams, rawBody);
    const request = { method, headers: subrequest.headers };
    result = routeApi(state, request, match[1] ?? '64.0', segments, url.searchParams, rawBody, userId, log);
  } catch (error) {
    if (!(error instanceof SalesforceError)) throw error;
    result = errorResponse(error);
  }
  log.status = result.status;
  return result;
};

export const handleRequest = async (
  state: ServerState,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> => {
  const url = new URL(request.url ?? '/', state.baseUrl);
  const method = request.method ?? 'GET';
  const log: RequestLogEntry = { method, path: url.pathname, status: 0, api: false, atMs: state.now() };
  state.requests.push(log);
  // The log serves tests and benchmarks; a long-running demo must not grow it without bound.
  if (state.requests.length > MAX_LOGGED_REQUESTS) state.requests.splice(0, MAX_LOGGED_REQUESTS / 2);
  const hang = takeHang(state.faults, method, url.pathname);
  if (hang !== null && hang.afterProcessing !== true && hang.delayMs === undefined) {
    state.faults.held.push(response);
    return;
  }
  let result: ApiResponse;
  let limitHeader: Record<string, string> = {};
  try {
    const rawBody = method === 'GET' || method === 'HEAD' ? '' : await readBody(request);
    const loginFailure = state.faults.loginFailure;
    if (url.pathname === '/services/oauth2/token' && method === 'POST' && loginFailure !== null) {
      result = json(400, { error: loginFailure.error, error_description: loginFailure.description });
    } else if (url.pathname === '/services/oauth2/token' && method === 'POST') {
      const token = handleTokenRequest(new URLSearchParams(rawBody), {
        store: state.store,
        sessions: state.sessions,
        client: state.client,
        users: state.users,
        runAsUserId: state.runAsUserId,
        jwtPublicKey: state.jwtPublicKey,
        baseUrl: state.baseUrl,
        orgId: state.orgId,
        nowMs: state.now(),
      });
      result = json(token.status, token.body);
    } else if (url.pathname === '/services/oauth2/revoke' && method === 'POST') {
      result = { status: 200 };
    } else if (/^\/services\/data\/?$/.test(url.pathname) && method === 'GET') {
      result = json(
        200,
        SUPPORTED_VERSIONS.map((version) => ({
          label: `v${version}`,
          url: `/services/data/v${version}`,
          version,
        })),
      );
    } else {
      const match = VERSION_PATH.exec(url.pathname);
      if (match === null) throw notFound();
      log.api = true;
      const usage = state.apiUsage;
      limitHeader = { 'sforce-limit-info': `api-usage=${usage.used}/${usage.limit}` };
      const token = bearerToken(request);
      const userId = token === null ? null : state.sessions.resolve(token);
      if (userId === null) {
        throw new SalesforceError(401, 'INVALID_SESSION_ID', 'Session expired or invalid');
      }
      if (state.failures.remaining > 0 && state.failures.failure !== null) {
        state.failures.remaining -= 1;
        const { status, errorCode, message } = state.failures.failure;
        throw new SalesforceError(status, errorCode, message);
      }
      if (usage.used >= usage.limit) {
        throw new SalesforceError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
      }
      usage.used += 1;
      limitHeader = { 'sforce-limit-info': `api-usage=${usage.used}/${usage.limit}` };
      const segments = (match[2] ?? '').split('/').map((segment) => decodeURIComponent(segment));
      log.soql = url.searchParams.get('q') ?? undefined;
      checkAccess(state.faults, segments, url.searchParams, rawBody);
      result = routeApi(state, request, match[1] ?? '64.0', segments, url.searchParams, rawBody, userId, log);
    }
  } catch (error) {
    result =
      error instanceof SalesforceError
        ? errorResponse(error)
        : json(500, [
            {
              errorCode: 'UNKNOWN_EXCEPTION',
              message: error instanceof Error ? error.message : String(error),
            },
          ]);
  }
  log.status = result.status;
  if (hang?.delayMs !== undefined) {
    await new Promise((resolve) => setTimeout(resolve, hang.delayMs));
  } else if (hang !== null) {
    // The work is done but the answer is lost on the way back, as when a proxy drops it.
    state.faults.held.push(response);
    return;
  }
  await writeResponse(response, result, limitHeader);
};
