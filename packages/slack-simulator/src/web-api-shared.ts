import { z } from 'zod';
import type { SimFiles } from './files.ts';
import type { TriggerRegistry } from './interaction-tokens.ts';
import type { JsonObject } from './types.ts';
import type { SimWorkspace } from './workspace.ts';

export interface WebApiContext {
  workspace: SimWorkspace;
  triggers: TriggerRegistry;
  files: SimFiles;
  now: () => number;
  baseUrl: () => string;
}

export type MethodHandler = (args: JsonObject, ctx: WebApiContext) => JsonObject;

export function fail(error: string, extra: JsonObject = {}): JsonObject {
  return { ok: false, error, ...extra };
}

/** Form bodies carry booleans as "true"/"1"; JSON bodies as booleans. */
export const formBoolean = z
  .union([z.boolean(), z.string(), z.number()])
  .transform((value) => value === true || value === 'true' || value === '1' || value === 1);

export const formInteger = z.union([z.number(), z.string().regex(/^\d+$/)]).transform(Number);

/** JSON-encoded arguments (blocks, view...) are decoded before handlers run; this accepts either form. */
export const jsonObjectArg = z.record(z.string(), z.unknown());
export const blocksArg = z.array(z.record(z.string(), z.unknown()));

/** Parses a method's arguments; a schema failure becomes Slack's `invalid_arguments`. */
export function parseArgs<T>(
  schema: z.ZodType<T>,
  args: JsonObject,
): { ok: true; data: T } | { ok: false; response: JsonObject } {
  const result = schema.safeParse(args);
  if (result.success) return { ok: true, data: result.data };
  const messages = result.error.issues.map(
    (issue) => `[ERROR] ${issue.message} [json-pointer:/${issue.path.map(String).join('/')}]`,
  );
  return { ok: false, response: fail('invalid_arguments', { response_metadata: { messages } }) };
}

export function invalidBlocks(problems: string[]): JsonObject {
  return fail('invalid_blocks', { errors: problems, response_metadata: { messages: problems } });
}

/** Cursor pagination as Slack does it: an opaque base64 cursor and `response_metadata.next_cursor`. */
export function paginate<T>(
  items: readonly T[],
  cursor: string | undefined,
  limit: number | undefined,
  kind: string,
): { ok: true; page: T[]; nextCursor: string } | { ok: false } {
  let start = 0;
  if (cursor !== undefined && cursor !== '') {
    const decoded = Buffer.from(cursor, 'base64').toString('utf8');
    const match = new RegExp(`^${kind}:(\\d+)$`).exec(decoded);
    if (!match) return { ok: false };
    start = Number(match[1]);
  }
  const size = limit === undefined || limit <= 0 ? 100 : Math.min(limit, 1000);
  const page = items.slice(start, start + size);
  const next = start + size < items.length ? Buffer.from(`${kind}:${start + size}`).toString('base64') : '';
  return { ok: true, page, nextCursor: next };
}

/** Fields that @slack/web-api JSON-encodes in form bodies; decoded so handlers and tests see objects. */
const JSON_FIELDS = ['blocks', 'attachments', 'view', 'metadata'];

export function decodeJsonFields(args: JsonObject): JsonObject {
  const decoded: JsonObject = { ...args };
  for (const field of JSON_FIELDS) {
    const value = decoded[field];
    if (typeof value !== 'string' || value.trim() === '') continue;
    try {
      decoded[field] = JSON.parse(value) as unknown;
    } catch {
      // Left as a string; the handler answers with Slack's error for a malformed field.
    }
  }
  return decoded;
}
