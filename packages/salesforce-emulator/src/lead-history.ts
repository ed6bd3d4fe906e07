import type { IdFactory } from './ids.ts';
import { keyPrefixes } from './ids.ts';
import type { SfRecord } from './schema.ts';

/**
 * Lead field history as Salesforce keeps it when history tracking is on for Lead Owner: each owner
 * change writes two LeadHistory rows with Field 'Owner', one holding the old and new owner Ids
 * (DataType 'EntityId') and one their names (DataType 'Text'). Readers must pick the Id row.
 */

export interface OwnerChange {
  leadId: string;
  fromOwnerId: string;
  toOwnerId: string;
  /** Who made the change. */
  byUserId: string;
  /** CreatedDate of the rows, in Salesforce's format. */
  stamp: string;
}

export const ownerHistoryRows = (
  ids: IdFactory,
  change: OwnerChange,
  nameOf: (id: string) => string,
): SfRecord[] => {
  const row = (dataType: 'EntityId' | 'Text', oldValue: string, newValue: string): SfRecord => ({
    Id: ids.next(keyPrefixes.LeadHistory),
    IsDeleted: false,
    CreatedDate: change.stamp,
    CreatedById: change.byUserId,
    LeadId: change.leadId,
    Field: 'Owner',
    DataType: dataType,
    OldValue: oldValue,
    NewValue: newValue,
  });
  return [
    row('EntityId', change.fromOwnerId, change.toOwnerId),
    row('Text', nameOf(change.fromOwnerId), nameOf(change.toOwnerId)),
  ];
};
