import { z } from 'zod';
import { RedisBacked } from '../../platform/redis.ts';
import { syncedObjects, type SyncedObjectName } from '../../platform/salesforce/records.ts';

/**
 * Which synced objects bullpen cannot do without, and what it remembers about the ones the
 * integration user cannot read. An org answers INVALID_TYPE for any object its user has no access
 * to; that must cost one request an hour, not one every sync, and must not stop the other objects.
 */

export const REQUIRED_OBJECTS: readonly SyncedObjectName[] = ['User', 'Lead', 'Task'];
export const NO_ACCESS_RETRY_MS = 60 * 60_000;
/** A field the org lacks is tried again after this long (an admin may add it). */
export const MISSING_FIELD_RETRY_MS = 60 * 60_000;

/** What goes missing when an optional object cannot be read; shown wherever "no access" is. */
export const FEATURES_NEEDING: Partial<Record<SyncedObjectName, string>> = {
  Event: 'meetings in contests and first touches by meeting',
  Opportunity: 'opportunity contests, conversions to won deals and win prompts for shout-outs',
  Campaign: "campaign names in marketing's weekly digest",
  CampaignMember: "per-campaign follow-up in marketing's weekly digest",
};

export const isRequiredObject = (object: SyncedObjectName): boolean => REQUIRED_OBJECTS.includes(object);

/** Fields sync filters or orders on, or that identify a row: never dropped. */
const ESSENTIAL_FIELDS = new Set(['Id', 'SystemModstamp', 'IsDeleted', 'CreatedDate']);

/** A field may be dropped when its schema accepts null: the record still parses without it. */
export function isDroppableField(object: SyncedObjectName, field: string): boolean {
  if (ESSENTIAL_FIELDS.has(field)) return false;
  const shape = syncedObjects[object].shape as Record<string, z.ZodType>;
  return shape[field]?.safeParse(null).success ?? false;
}

export type AccessProblem =
  | { kind: 'no-access'; errorCode: string; message: string }
  | { kind: 'missing-field'; field: string; message: string };

const NO_ACCESS_CODES = new Set(['INVALID_TYPE', 'INSUFFICIENT_ACCESS', 'INSUFFICIENT_ACCESS_OR_READONLY']);

/** Reads a failed query: the object is unreadable, a field is missing, or neither (null). */
export function accessProblemOf(error: unknown): AccessProblem | null {
  const err = error as { errorCode?: string; name?: string; message?: string };
  const code = err.errorCode ?? err.name ?? '';
  const message = (err.message ?? '').trim();
  if (NO_ACCESS_CODES.has(code)) return { kind: 'no-access', errorCode: code, message };
  if (code === 'INVALID_FIELD') {
    const field = /No such column '([A-Za-z0-9_]+)'/.exec(message)?.[1];
    if (field) return { kind: 'missing-field', field, message };
  }
  return null;
}

/** The last line of a SOQL error names the problem; the lines before repeat the query. */
export const shortMessage = (message: string): string => message.split('\n').at(-1)?.trim() ?? message;

export class RequiredObjectUnreadableError extends Error {
  readonly errorCode: string;
  readonly object: SyncedObjectName;
  constructor(object: SyncedObjectName, problem: AccessProblem) {
    super(
      `Salesforce sync cannot read ${object}, which bullpen requires (${shortMessage(problem.message)}): give the integration user read access to ${object} and its fields`,
    );
    this.name = 'RequiredObjectUnreadableError';
    this.errorCode = problem.kind === 'no-access' ? problem.errorCode : 'INVALID_FIELD';
    this.object = object;
  }
}

const noAccessSchema = z.object({
  errorCode: z.string(),
  message: z.string(),
  since: z.string(),
  nextRetryAt: z.string(),
});
export type NoAccess = z.infer<typeof noAccessSchema>;

const missingFieldsSchema = z.object({ fields: z.array(z.string()), nextRetryAt: z.string() });

const parseJson = <T>(schema: z.ZodType<T>, json: string | null | undefined): T | null => {
  if (!json) return null;
  try {
    const parsed = schema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
};

/** Per-object access state in Redis, shared by every worker, doctor and Home. */
export class ObjectAccessRegistry extends RedisBacked {
  private get accessKey(): string {
    return this.keys('sf', 'sync', 'access');
  }

  private get fieldsKey(): string {
    return this.keys('sf', 'sync', 'missing-fields');
  }

  async noAccess(): Promise<Map<SyncedObjectName, NoAccess>> {
    const stored = await this.redis.hgetall(this.accessKey);
    const result = new Map<SyncedObjectName, NoAccess>();
    for (const [object, json] of Object.entries(stored)) {
      const entry = parseJson(noAccessSchema, json);
      if (entry && object in syncedObjects) result.set(object as SyncedObjectName, entry);
    }
    return result;
  }

  /** The stored "no access" while its retry time has not come; null when the object may be read. */
  async blocked(object: SyncedObjectName, now: Date): Promise<NoAccess | null> {
    const entry = parseJson(noAccessSchema, await this.redis.hget(this.accessKey, object));
    return entry && Date.parse(entry.nextRetryAt) > now.getTime() ? entry : null;
  }

  async markNoAccess(
    object: SyncedObjectName,
    problem: { errorCode: string; message: string },
    now: Date,
  ): Promise<NoAccess> {
    const previous = parseJson(noAccessSchema, await this.redis.hget(this.accessKey, object));
    const entry: NoAccess = {
      errorCode: problem.errorCode,
      message: shortMessage(problem.message),
      since: previous?.since ?? now.toISOString(),
      nextRetryAt: new Date(now.getTime() + NO_ACCESS_RETRY_MS).toISOString(),
    };
    await this.redis.hset(this.accessKey, object, JSON.stringify(entry));
    return entry;
  }

  async clear(object: SyncedObjectName): Promise<void> {
    await this.redis.hdel(this.accessKey, object);
  }

  /** Fields known to be missing from the org, until their retry time. */
  async missingFields(object: SyncedObjectName, now: Date): Promise<string[]> {
    const entry = parseJson(missingFieldsSchema, await this.redis.hget(this.fieldsKey, object));
    return entry && Date.parse(entry.nextRetryAt) > now.getTime() ? entry.fields : [];
  }

  async setMissingFields(object: SyncedObjectName, fields: string[], now: Date): Promise<void> {
    if (fields.length === 0) {
      await this.redis.hdel(this.fieldsKey, object);
      return;
    }
    const nextRetryAt = new Date(now.getTime() + MISSING_FIELD_RETRY_MS).toISOString();
    await this.redis.hset(this.fieldsKey, object, JSON.stringify({ fields, nextRetryAt }));
  }
}
