import { SalesforceError } from './errors.ts';
import type { SfRecord } from './schema.ts';

/**
 * An org's validation rules, as an admin would add them in Setup: a write through the API that a
 * rule matches is refused with FIELD_CUSTOM_VALIDATION_EXCEPTION and the rule's own message, so
 * tests can show what a person sees when Salesforce says no.
 */

export interface ValidationRule {
  /** The sObject the rule is on, e.g. 'Task'. */
  object: string;
  /** The error message the admin wrote; Salesforce returns it verbatim. */
  message: string;
  /** Which writes it applies to; both by default. */
  on?: 'create' | 'update';
  /** The rule's formula: true refuses the write. Without it every write is refused. */
  when?: (record: SfRecord) => boolean;
  /** The field the error is shown on, if any. */
  field?: string;
}

export class ValidationRules {
  readonly #rules = new Set<ValidationRule>();

  /** Adds a rule; the returned function removes it again. */
  add(rule: ValidationRule): () => void {
    this.#rules.add(rule);
    return () => {
      this.#rules.delete(rule);
    };
  }

  /** Throws Salesforce's error for the first rule the record breaks. */
  check(objectName: string, mode: 'create' | 'update', record: SfRecord): void {
    for (const rule of this.#rules) {
      if (rule.object !== objectName || (rule.on !== undefined && rule.on !== mode)) continue;
      if (rule.when !== undefined && !rule.when(record)) continue;
      throw new SalesforceError(
        400,
        'FIELD_CUSTOM_VALIDATION_EXCEPTION',
        rule.message,
        rule.field === undefined ? [] : [rule.field],
      );
    }
  }
}
