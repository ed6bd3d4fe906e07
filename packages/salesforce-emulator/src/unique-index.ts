import { SalesforceError } from './errors.ts';
import type { ObjectSpec, SfRecord } from './schema.ts';

/**
 * Values of unique and external-Id fields of live (not deleted) records, compared
 * case-insensitively as Salesforce does by default, so upserts find their match in O(1).
 */
export class UniqueIndex {
  /** `Object.Field` -> lower-cased value -> record Id. */
  readonly #values = new Map<string, Map<string, string>>();
  readonly #fieldsByObject = new Map<string, string[]>();

  #uniqueFields(object: ObjectSpec): string[] {
    let fields = this.#fieldsByObject.get(object.name);
    if (fields === undefined) {
      fields = [...object.fields.values()]
        .filter((field) => field.unique === true)
        .map((field) => field.name);
      this.#fieldsByObject.set(object.name, fields);
    }
    return fields;
  }

  #valuesOf(objectName: string, fieldName: string): Map<string, string> {
    const key = `${objectName}.${fieldName}`;
    let values = this.#values.get(key);
    if (values === undefined) {
      values = new Map();
      this.#values.set(key, values);
    }
    return values;
  }

  lookup(objectName: string, fieldName: string, value: string): string | undefined {
    return this.#values.get(`${objectName}.${fieldName}`)?.get(value.toLowerCase());
  }

  /** Moves a record's entries from its previous version to its next (either may be absent). */
  replace(object: ObjectSpec, id: string, previous: SfRecord | undefined, next: SfRecord | undefined): void {
    for (const fieldName of this.#uniqueFields(object)) {
      const values = this.#valuesOf(object.name, fieldName);
      const oldValue = previous?.[fieldName];
      if (typeof oldValue === 'string' && values.get(oldValue.toLowerCase()) === id) {
        values.delete(oldValue.toLowerCase());
      }
      const newValue = next?.[fieldName];
      if (typeof newValue === 'string' && next?.['IsDeleted'] !== true)
        values.set(newValue.toLowerCase(), id);
    }
  }

  /** Throws Salesforce's DUPLICATE_VALUE when another live record already holds a unique value. */
  check(object: ObjectSpec, record: SfRecord): void {
    for (const fieldName of this.#uniqueFields(object)) {
      const value = record[fieldName];
      if (typeof value !== 'string') continue;
      const holder = this.lookup(object.name, fieldName, value);
      if (holder !== undefined && holder !== record['Id']) {
        throw new SalesforceError(
          400,
          'DUPLICATE_VALUE',
          `duplicate value found: ${fieldName} duplicates value on record with id: ${holder}`,
          [fieldName],
        );
      }
    }
  }
}
