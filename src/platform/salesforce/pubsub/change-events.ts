import avro from 'avsc';
import { z } from 'zod';
import type { PubSubClient, PubSubCredentials } from './grpc-client.ts';

/**
 * Change Data Capture events decoded from their Avro payloads, each with the writer's schema that
 * GetSchema serves for its schema id (cached: a schema id names one schema for good). bullpen reads
 * only the ChangeEventHeader: which records of which entity changed, and how. It re-reads the records
 * themselves, since an event carries only the fields that changed.
 */

export const changeEventHeaderSchema = z.object({
  entityName: z.string(),
  recordIds: z.array(z.string()),
  changeType: z.string(),
  commitTimestamp: z.number(),
  transactionKey: z.string(),
  sequenceNumber: z.number(),
  commitUser: z.string(),
});

export interface ChangeEvent {
  /** Base64 of the event's replay id, as stored. */
  replayId: string;
  entity: string;
  changeType: string;
  recordIds: string[];
  commitTimestamp: number;
  /** GAP_* events: Salesforce could not say what changed; the records must be read. */
  isGap: boolean;
}

const payloadSchema = z.object({ ChangeEventHeader: changeEventHeaderSchema });

export class ChangeEventDecoder {
  readonly #client: PubSubClient;
  readonly #types = new Map<string, Promise<avro.Type>>();

  constructor(client: PubSubClient) {
    this.#client = client;
  }

  #type(schemaId: string, credentials: PubSubCredentials): Promise<avro.Type> {
    let type = this.#types.get(schemaId);
    if (!type) {
      type = this.#client.getSchema(schemaId, credentials).then((info) => {
        const parsed = JSON.parse(info.schema_json) as Parameters<typeof avro.Type.forSchema>[0];
        return avro.Type.forSchema(parsed);
      });
      // A failed fetch is not cached: the next event asks again.
      type.catch(() => this.#types.delete(schemaId));
      this.#types.set(schemaId, type);
    }
    return type;
  }

  /**
   * The event, or null when its payload does not decode with its schema (retrying cannot help).
   * A schema that cannot be fetched throws: the call failed, and the event will come again.
   */
  async decode(
    event: { schema_id: string; payload: Buffer },
    replayId: Buffer,
    credentials: PubSubCredentials,
  ): Promise<ChangeEvent | null> {
    const type = await this.#type(event.schema_id, credentials);
    let header: z.infer<typeof changeEventHeaderSchema>;
    try {
      header = payloadSchema.parse(type.fromBuffer(event.payload)).ChangeEventHeader;
    } catch {
      return null;
    }
    return {
      replayId: replayId.toString('base64'),
      entity: header.entityName,
      changeType: header.changeType,
      recordIds: header.recordIds,
      commitTimestamp: header.commitTimestamp,
      isGap: header.changeType.startsWith('GAP_'),
    };
  }
}
