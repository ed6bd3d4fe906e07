import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseArgs as parseRequestArgs, readBody, sendJson } from './http-util.ts';
import type { RateLimiter } from './rate-limiter.ts';
import type { JsonObject, RecordedCall } from './types.ts';
import { chatMethods } from './web-api-chat.ts';
import { directoryMethods } from './web-api-directory.ts';
import { fileMethods } from './web-api-files.ts';
import { decodeJsonFields, fail, type MethodHandler, type WebApiContext } from './web-api-shared.ts';
import { viewMethods } from './web-api-views.ts';

export const WEB_API_METHODS: Readonly<Record<string, MethodHandler>> = {
  ...directoryMethods,
  ...chatMethods,
  ...viewMethods,
  ...fileMethods,
};

function bearerToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match?.[1];
}

/**
 * Serves `/api/<method>` like slack.com/api: token check, per-method rate limits answered with 429
 * and Retry-After, the method itself, and a record of every call for tests to assert on.
 */
export class WebApi {
  readonly calls: RecordedCall[] = [];
  private readonly ctx: WebApiContext;
  private readonly botToken: string;
  private readonly rateLimiter: RateLimiter;
  private readonly responseDelays = new Map<string, number>();

  constructor(ctx: WebApiContext, botToken: string, rateLimiter: RateLimiter) {
    this.ctx = ctx;
    this.botToken = botToken;
    this.rateLimiter = rateLimiter;
  }

  /**
   * Holds a method's answer back after the method has taken effect, as when Slack has stored a post
   * but the response is still on its way: tests kill bullpen in that gap.
   */
  setResponseDelay(method: string, delayMs: number | undefined): void {
    if (delayMs === undefined || delayMs <= 0) this.responseDelays.delete(method);
    else this.responseDelays.set(method, delayMs);
  }

  async handle(
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
    query: URLSearchParams,
  ): Promise<void> {
    let args: JsonObject;
    try {
      args = decodeJsonFields(parseRequestArgs(await readBody(req), req.headers['content-type'], query));
    } catch {
      this.respond(res, method, {}, 200, fail('invalid_form_data'));
      return;
    }
    const bodyToken = typeof args['token'] === 'string' ? args['token'] : undefined;
    delete args['token'];
    const token = bearerToken(req) ?? bodyToken;
    if (token === undefined) {
      this.respond(res, method, args, 200, fail('not_authed'));
      return;
    }
    if (token !== this.botToken) {
      this.respond(res, method, args, 200, fail('invalid_auth'));
      return;
    }
    const handler = WEB_API_METHODS[method];
    if (!handler) {
      this.respond(res, method, args, 404, fail('unknown_method', { req_method: method }));
      return;
    }
    const limit = this.rateLimiter.take(method, this.ctx.now());
    if (!limit.allowed) {
      this.respond(res, method, args, 429, fail('ratelimited'), {
        'Retry-After': String(limit.retryAfterSeconds),
      });
      return;
    }
    let response: JsonObject;
    try {
      response = handler(args, this.ctx);
    } catch (error) {
      response = fail('internal_error', { detail: error instanceof Error ? error.message : String(error) });
    }
    const delayMs = this.responseDelays.get(method);
    if (delayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, delayMs).unref());
    this.respond(res, method, args, 200, response);
  }

  private respond(
    res: ServerResponse,
    method: string,
    args: JsonObject,
    httpStatus: number,
    response: JsonObject,
    headers: Record<string, string> = {},
  ): void {
    this.calls.push({ method, args, at: new Date(this.ctx.now()), httpStatus, response });
    // A caller killed while a delayed answer was pending is gone; there is no one to answer.
    if (!res.socket || res.socket.destroyed) return;
    sendJson(res, httpStatus, response, headers);
  }
}
