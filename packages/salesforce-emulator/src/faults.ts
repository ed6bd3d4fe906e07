import type { ServerResponse } from 'node:http';
import { SalesforceError } from './errors.ts';

/**
 * Switches for the org-shaped failures a connector meets in the field: an integration user whose
 * profile cannot read an object (INVALID_TYPE, as Salesforce answers for any object without
 * access), an org without a field (INVALID_FIELD), a token endpoint refusing logins, a server
 * that accepts a request and never answers, and one that answers late.
 */

export interface HangOptions {
  /** Handle the request (e.g. insert the Task) but never send the answer: the reply is lost. */
  afterProcessing?: boolean;
  /** Only requests whose method and path match, e.g. /^POST .*\/sobjects\/Task$/. */
  match?: RegExp;
  /** A slow org rather than a lost answer: handle the request and answer after this many ms. */
  delayMs?: number;
}

export interface EmulatorFaults {
  deniedObjects: Set<string>;
  /** Lower-case object name -> lower-case field names the org does not have. */
  hiddenFields: Map<string, Set<string>>;
  loginFailure: { error: string; description: string } | null;
  hang: { remaining: number; options: HangOptions };
  /** Responses held open by a hang, answered by nobody until the server closes. */
  held: ServerResponse[];
}

export const createFaults = (): EmulatorFaults => ({
  deniedObjects: new Set(),
  hiddenFields: new Map(),
  loginFailure: null,
  hang: { remaining: 0, options: {} },
  held: [],
});

/** Whether this request is one the hang switch swallows; counts it down if so. */
export const takeHang = (faults: EmulatorFaults, method: string, path: string): HangOptions | null => {
  if (faults.hang.remaining <= 0) return null;
  const { match } = faults.hang.options;
  if (match !== undefined && !match.test(`${method} ${path}`)) return null;
  faults.hang.remaining -= 1;
  return faults.hang.options;
};

const FROM = /\bFROM\s+([A-Za-z0-9_]+)/i;

const objectNotSupported = (object: string, soql?: string): SalesforceError =>
  new SalesforceError(
    400,
    'INVALID_TYPE',
    `${soql === undefined ? '' : `\n${soql}\n^\nERROR at Row:1:Column:1\n`}sObject type '${object}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`,
  );

const noSuchColumn = (object: string, field: string, soql: string): SalesforceError =>
  new SalesforceError(
    400,
    'INVALID_FIELD',
    `\n${soql}\n^\nERROR at Row:1:Column:1\nNo such column '${field}' on entity '${object}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
  );

const checkSoql = (faults: EmulatorFaults, soql: string): void => {
  const object = FROM.exec(soql)?.[1];
  if (object === undefined) return;
  if (faults.deniedObjects.has(object.toLowerCase())) throw objectNotSupported(object, soql);
  const hidden = faults.hiddenFields.get(object.toLowerCase());
  if (hidden === undefined) return;
  const named = soql.match(/[A-Za-z0-9_]+/g) ?? [];
  const missing = named.find((word) => hidden.has(word.toLowerCase()));
  if (missing !== undefined) throw noSuchColumn(object, missing, soql);
};

/** Applies the access switches to one authenticated API call, before it is routed. */
export const checkAccess = (
  faults: EmulatorFaults,
  segments: readonly string[],
  query: URLSearchParams,
  rawBody: string,
): void => {
  const [resource, name] = segments;
  if ((resource === 'query' || resource === 'queryAll') && query.get('q') !== null) {
    checkSoql(faults, query.get('q') ?? '');
  } else if (resource === 'jobs' && rawBody !== '') {
    const soql = /"query"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(rawBody)?.[1];
    if (soql !== undefined) checkSoql(faults, JSON.parse(`"${soql}"`) as string);
  } else if (resource === 'sobjects' && name !== undefined && faults.deniedObjects.has(name.toLowerCase())) {
    throw objectNotSupported(name);
  }
};
