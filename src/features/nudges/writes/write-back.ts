import type { Connection } from 'jsforce';
import { z } from 'zod';
import type { Logger } from '../../../platform/http/logger.ts';
import type { Keyspace, RedisClient } from '../../../platform/redis.ts';
import { buildSelect } from '../../../platform/salesforce/soql.ts';
import { writeBackCommandSchema, type WriteBackCommand } from '../domain/write-commands.ts';

/**
 * Writes bullpen makes to Salesforce on a rep's behalf. Every write carries an idempotency key so a
 * retried job never creates a second Task: with bullpen's optional metadata the Task carries the key
 * in the unique External ID field Bullpen_Key__c, so a second insert is refused and looked up; without it, the key is recorded in Redis before and after the
 * write, and a retry that finds it "pending" first looks for the Task carrying the key.
 */

export interface WriteBackResult {
  /** The Task (or Lead, for a status update) written. */
  id: string;
  /** false when the key had already been written: a retry, or the same click twice. */
  created: boolean;
}

export interface WriteBackOptions {
  /** Whether Task.Bullpen_Key__c exists; 'auto' asks Salesforce once (describe) and caches it. */
  metadata?: 'auto' | 'present' | 'absent';
  /** A Lead field to write quality feedback into instead of a Task, e.g. Lead_Quality__c. */
  qualityField?: string;
}

const KEY_FIELD = 'Bullpen_Key__c';
const MARKER = (key: string): string => `[bullpen:${key}]`;
const KEY_TTL_S = 30 * 86_400;

const saveResultSchema = z.object({ id: z.string(), success: z.boolean(), created: z.boolean().optional() });

function taskFor(command: WriteBackCommand): Record<string, unknown> {
  const base = {
    WhoId: command.leadId,
    OwnerId: command.ownerId,
    Status: 'Completed',
    ActivityDate: command.activityDate,
  };
  switch (command.kind) {
    case 'log-activity': {
      const label = command.activity === 'call' ? 'Call' : 'Email';
      return {
        ...base,
        Subject: `${label} (logged from Slack)`,
        TaskSubtype: label,
        Type: label,
        Description: `${command.note ? `${command.note}\n\n` : ''}Logged with bullpen ${MARKER(command.key)}`,
        ...(command.callDisposition ? { CallDisposition: command.callDisposition } : {}),
      };
    }
    case 'lead-quality':
      return {
        ...base,
        Subject: `Lead quality: ${command.rating}${command.reason ? ` - ${command.reason}` : ''}`.slice(
          0,
          255,
        ),
        TaskSubtype: 'Task',
        Type: 'Other',
        Description: `Lead-quality feedback from sales, recorded with bullpen ${MARKER(command.key)}`,
      };
    case 'update-status':
      return {
        ...base,
        Subject: `Status: ${command.status}${command.reason ? ` - ${command.reason}` : ''}`.slice(0, 255),
        TaskSubtype: 'Task',
        Type: 'Other',
        Description: `Status changed from Slack with bullpen ${MARKER(command.key)}`,
      };
  }
}

/** Salesforce's answer when a field does not exist for this user, or is not theirs to write. */
function refusesField(error: unknown, field: string): boolean {
  const { errorCode, message } = error as { errorCode?: unknown; message?: unknown };
  return (
    (errorCode === 'INVALID_FIELD' || errorCode === 'INVALID_FIELD_FOR_INSERT_UPDATE') &&
    typeof message === 'string' &&
    message.includes(field)
  );
}

export class SalesforceWriteBack {
  private readonly conn: Connection;
  private readonly redis: RedisClient;
  private readonly keys: Keyspace;
  private readonly logger: Logger;
  private readonly options: WriteBackOptions;

  constructor(
    deps: { conn: Connection; redis: RedisClient; keys: Keyspace; logger: Logger },
    options: WriteBackOptions = {},
  ) {
    this.conn = deps.conn;
    this.redis = deps.redis;
    this.keys = deps.keys;
    this.logger = deps.logger;
    this.options = options;
  }

  async hasKeyField(): Promise<boolean> {
    if (this.options.metadata === 'present') return true;
    if (this.options.metadata === 'absent') return false;
    const cacheKey = this.keys('sf', 'metadata', 'task-key-field');
    const cached = await this.redis.get(cacheKey);
    if (cached !== null) return cached === '1';
    const describe = await this.conn.sobject('Task').describe();
    const present = describe.fields.some((f) => f.name === KEY_FIELD && f.externalId === true);
    await this.redis.set(cacheKey, present ? '1' : '0', 'EX', 3600);
    return present;
  }

  private stateKey(key: string): string {
    return this.keys('sf', 'writes', key);
  }

  async execute(input: WriteBackCommand): Promise<WriteBackResult> {
    const command = writeBackCommandSchema.parse(input);
    const recorded = await this.redis.get(this.stateKey(command.key));
    if (recorded?.startsWith('done:')) return { id: recorded.slice(5), created: false };

    if (command.kind === 'update-status') {
      // Setting a status is idempotent in itself; the Task records who did it and why.
      await this.conn.sobject('Lead').update({ Id: command.leadId, Status: command.status });
    }
    if (command.kind === 'lead-quality' && this.options.qualityField) {
      const value = `${command.rating}${command.reason ? `: ${command.reason}` : ''}`;
      await this.conn.sobject('Lead').update({ Id: command.leadId, [this.options.qualityField]: value });
      await this.redis.set(this.stateKey(command.key), `done:${command.leadId}`, 'EX', KEY_TTL_S);
      return { id: command.leadId, created: true };
    }

    const task = taskFor(command);
    try {
      return await this.createTask(command, task, recorded);
    } catch (error) {
      if (task['CallDisposition'] === undefined || !refusesField(error, 'CallDisposition')) throw error;
      // An integration user that may not write the outcome still logs the call; the outcome goes
      // into the Description, where people (not the SLA clock or contests) can read it.
      this.logger.warn(
        { key: command.key },
        'Salesforce refused Task.CallDisposition; outcome put in Description',
      );
      const { CallDisposition: outcome, ...rest } = task;
      const description = `Call result: ${String(outcome)}\n${String(rest['Description'])}`;
      return this.createTask(command, { ...rest, Description: description }, recorded);
    }
  }

  private async createTask(
    command: WriteBackCommand,
    task: Record<string, unknown>,
    recorded: string | null,
  ): Promise<WriteBackResult> {
    if (await this.hasKeyField()) return this.createKeyedTask(command, task);
    return this.createMarkedTask(command, task, recorded);
  }

  /**
   * With Task.Bullpen_Key__c: insert with the unique external id rather than upsert (an upsert that
   * matches updates the Task, and Salesforce refuses updates that carry TaskSubtype: it is
   * create-only); a duplicate means an earlier attempt wrote it, so look that one up.
   */
  private async createKeyedTask(
    command: WriteBackCommand,
    task: Record<string, unknown>,
  ): Promise<WriteBackResult> {
    try {
      const saved = saveResultSchema.parse(
        await this.conn.sobject('Task').create({ ...task, [KEY_FIELD]: command.key }),
      );
      await this.redis.set(this.stateKey(command.key), `done:${saved.id}`, 'EX', KEY_TTL_S);
      return { id: saved.id, created: true };
    } catch (error) {
      if ((error as { errorCode?: string }).errorCode !== 'DUPLICATE_VALUE') throw error;
      const existing = await this.conn.query<{ Id: string }>(
        buildSelect({
          object: 'Task',
          fields: ['Id'],
          where: { field: KEY_FIELD, op: '=', value: command.key },
          limit: 1,
        }),
      );
      const id = existing.records[0]?.Id;
      if (!id) throw error;
      await this.redis.set(this.stateKey(command.key), `done:${id}`, 'EX', KEY_TTL_S);
      return { id, created: false };
    }
  }

  /**
   * Without the key field: the key is recorded as pending before the insert and done after it, and
   * a retry that finds it pending first looks for the Task carrying the key in its Description.
   */
  private async createMarkedTask(
    command: WriteBackCommand,
    task: Record<string, unknown>,
    recorded: string | null,
  ): Promise<WriteBackResult> {
    if (recorded?.startsWith('pending:')) {
      const found = await this.findTaskByMarker(
        command.leadId,
        command.key,
        new Date(Number(recorded.slice(8))),
      );
      if (found) {
        this.logger.info(
          { key: command.key, taskId: found },
          'write-back retry found the Task from the earlier attempt',
        );
        await this.redis.set(this.stateKey(command.key), `done:${found}`, 'EX', KEY_TTL_S);
        return { id: found, created: false };
      }
    }
    await this.redis.set(this.stateKey(command.key), `pending:${Date.now()}`, 'EX', KEY_TTL_S);
    const raw: unknown = await this.conn.sobject('Task').create(task);
    const saved = saveResultSchema.parse(raw);
    await this.redis.set(this.stateKey(command.key), `done:${saved.id}`, 'EX', KEY_TTL_S);
    return { id: saved.id, created: true };
  }

  /** A write that failed for good wrote nothing; forget its key so a deliberate retry can proceed. */
  async forget(key: string): Promise<void> {
    await this.redis.del(this.stateKey(key));
  }

  private async findTaskByMarker(leadId: string, key: string, since: Date): Promise<string | null> {
    const soql = buildSelect({
      object: 'Task',
      fields: ['Id', 'Description'],
      where: {
        and: [
          { field: 'WhoId', op: '=', value: leadId },
          { field: 'CreatedDate', op: '>=', value: new Date(since.getTime() - 60_000) },
        ],
      },
      limit: 200,
    });
    const result = await this.conn.query<{ Id: string; Description: string | null }>(soql);
    const marker = MARKER(key);
    return result.records.find((r) => r.Description?.includes(marker))?.Id ?? null;
  }
}
