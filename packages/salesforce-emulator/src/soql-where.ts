import type { Condition, ValueQueryCondition, WhereClause } from '@jetstreamapp/soql-parser-js';
import { SalesforceError, invalidField, malformedQuery } from './errors.ts';
import { toId18 } from './ids.ts';
import type { FieldSpec, FieldValue, ObjectSpec, SfRecord } from './schema.ts';
import { findField } from './schema.ts';
import type { DateRange } from './soql-dates.ts';
import { dateLiteralRange } from './soql-dates.ts';
import { formatDate, formatDateTime, isDateOnly, parseDateTime } from './time.ts';

/**
 * Turns a parsed WHERE clause into a record predicate. soql-parser-js gives a right-leaning chain
 * with parenthesis counts on each condition, so the chain is re-tokenised and parsed again with
 * SOQL precedence (NOT, then AND, then OR).
 */

export type Predicate = (record: SfRecord) => boolean;
type AnyCondition = Condition | ValueQueryCondition;
type Token = '(' | ')' | 'AND' | 'OR' | 'NOT' | { condition: AnyCondition };

export interface WhereContext {
  object: ObjectSpec;
  nowMs: number;
  /** Runs a semi-join sub-select and returns the values of its single field. */
  semiJoin: (condition: ValueQueryCondition) => Set<FieldValue>;
}

const repeat = <T>(item: T, times: number | undefined): T[] => Array.from({ length: times ?? 0 }, () => item);

const tokenise = (clause: WhereClause | undefined, tokens: Token[] = []): Token[] => {
  if (clause === undefined) return tokens;
  const left = clause.left;
  if (left === null) tokens.push('NOT');
  else if (!('field' in left) && !('fn' in left)) tokens.push(...repeat<Token>('(', left.openParen), 'NOT');
  else {
    tokens.push(
      ...repeat<Token>('(', left.openParen),
      { condition: left },
      ...repeat<Token>(')', left.closeParen),
    );
  }
  if ('operator' in clause && (clause.operator === 'AND' || clause.operator === 'OR'))
    tokens.push(clause.operator);
  if ('right' in clause) tokenise(clause.right, tokens);
  return tokens;
};

const unquote = (literal: string): string =>
  literal
    .slice(1, -1)
    .replace(/\\(.)/g, (_match, char: string) =>
      char === 'n'
        ? '\n'
        : char === 't'
          ? '\t'
          : char === 'r'
            ? '\r'
            : char === 'b'
              ? '\b'
              : char === 'f'
                ? '\f'
                : char,
    );

export type Comparable = string | number | boolean | null;
/** Date ranges as wire-format strings of the field's kind, so they compare with stored values. */
type Operand = { kind: 'value'; value: Comparable } | { kind: 'range'; start: string; end: string };

const typeMessage = (field: FieldSpec, type: string, quoted: boolean): SalesforceError =>
  invalidField(
    `value of filter criterion for field '${field.name}' must be of type ${type} and should ${quoted ? '' : 'not '}be enclosed in quotes`,
  );

/**
 * A record value in the form literals are compared with: lower case for text (SOQL compares text
 * case-insensitively). Dates and datetimes are stored in one fixed UTC wire format, so their
 * strings already sort in time order and need no parsing.
 */
const comparable = (field: FieldSpec, value: FieldValue | undefined): Comparable => {
  if (value === null || value === undefined) return null;
  return field.kind === 'string' ? String(value).toLowerCase() : value;
};

const rangeOperand = (field: FieldSpec, range: DateRange): Operand => {
  const format = field.kind === 'date' ? formatDate : formatDateTime;
  return { kind: 'range', start: format(range.startMs), end: format(range.endMs) };
};

const literalOperand = (field: FieldSpec, raw: string, type: string | undefined, nowMs: number): Operand => {
  if (type === 'NULL') return { kind: 'value', value: null };
  switch (field.kind) {
    case 'string':
      if (type !== 'STRING') throw typeMessage(field, 'string', true);
      return { kind: 'value', value: unquote(raw).toLowerCase() };
    case 'id':
    case 'reference': {
      if (type !== 'STRING') throw typeMessage(field, 'string', true);
      const text = unquote(raw);
      if (text === '') return { kind: 'value', value: null };
      const id = toId18(text);
      if (id === null)
        throw new SalesforceError(400, 'INVALID_QUERY_FILTER_OPERATOR', `invalid ID field: ${text}`);
      return { kind: 'value', value: id };
    }
    case 'boolean':
      if (type !== 'BOOLEAN') throw typeMessage(field, 'boolean', false);
      return { kind: 'value', value: raw.toUpperCase() === 'TRUE' };
    case 'number':
      if (type !== 'INTEGER' && type !== 'DECIMAL') throw typeMessage(field, 'double', false);
      return { kind: 'value', value: Number(raw) };
    case 'date':
    case 'datetime': {
      if (type === 'DATE_LITERAL' || type === 'DATE_N_LITERAL') {
        return rangeOperand(field, dateLiteralRange(raw, nowMs));
      }
      if (field.kind === 'date' && type === 'DATE' && isDateOnly(raw)) return { kind: 'value', value: raw };
      if (field.kind === 'datetime' && type === 'DATETIME') {
        const ms = parseDateTime(raw);
        if (!Number.isNaN(ms)) return { kind: 'value', value: formatDateTime(ms) };
      }
      throw typeMessage(field, field.kind === 'date' ? 'date' : 'dateTime', false);
    }
  }
};

const likeMatcher = (pattern: string): RegExp => {
  let source = '';
  for (let index = 0; index < pattern.length; index += 1) {
    const char = pattern.charAt(index);
    if (char === '\\' && index + 1 < pattern.length) {
      index += 1;
      source += pattern.charAt(index).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    } else if (char === '%') source += '[\\s\\S]*';
    else if (char === '_') source += '[\\s\\S]';
    else source += char.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'i');
};

const compareOperand = (operator: string, value: Comparable, operand: Operand): boolean => {
  if (operand.kind === 'range') {
    if (typeof value !== 'string') return operator === '!=';
    const { start, end } = operand;
    switch (operator) {
      case '=':
        return value >= start && value < end;
      case '!=':
        return value < start || value >= end;
      case '<':
        return value < start;
      case '<=':
        return value < end;
      case '>':
        return value >= end;
      case '>=':
        return value >= start;
      default:
        return false;
    }
  }
  const literal = operand.value;
  if (operator === '=') return value === literal;
  if (operator === '!=') return value !== literal;
  if (value === null || literal === null) return false;
  switch (operator) {
    case '<':
      return value < literal;
    case '<=':
      return value <= literal;
    case '>':
      return value > literal;
    case '>=':
      return value >= literal;
    default:
      return false;
  }
};

const compileCondition = (condition: AnyCondition, context: WhereContext): Predicate => {
  if ('fn' in condition) throw malformedQuery('functions in WHERE are not supported by the emulator');
  if (!('field' in condition)) throw malformedQuery('unexpected NOT');
  const field = findField(context.object, condition.field);
  if (field === undefined) {
    throw invalidField(
      `No such column '${condition.field}' on entity '${context.object.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
    );
  }
  const name = field.name;
  const operator = condition.operator;
  if ('valueQuery' in condition) {
    const values = context.semiJoin(condition);
    const negate = operator === 'NOT IN';
    return (record) => values.has(record[name] ?? null) !== negate;
  }
  const rawValues = Array.isArray(condition.value) ? condition.value : [condition.value];
  const types = Array.isArray(condition.literalType) ? condition.literalType : [condition.literalType];
  const operands = rawValues.map((raw, index) =>
    literalOperand(field, raw, types[index] ?? types[0], context.nowMs),
  );
  if (operator === 'LIKE') {
    if (field.kind !== 'string') throw invalidField(`invalid operator on ${field.kind} field: ${name}`);
    const pattern = likeMatcher(unquote(rawValues[0] ?? "''"));
    return (record) => {
      const value = record[name];
      return typeof value === 'string' && pattern.test(value);
    };
  }
  if (operator === 'IN' || operator === 'NOT IN') {
    const negate = operator === 'NOT IN';
    return (record) => {
      const value = comparable(field, record[name]);
      return operands.some((operand) => compareOperand('=', value, operand)) !== negate;
    };
  }
  if (operator === 'INCLUDES' || operator === 'EXCLUDES') {
    throw malformedQuery(`${operator} is only valid for multi-select picklist fields`);
  }
  const operand = operands[0];
  if (operand === undefined) throw malformedQuery('missing value');
  return (record) => compareOperand(operator, comparable(field, record[name]), operand);
};

export const compileWhere = (clause: WhereClause | undefined, context: WhereContext): Predicate => {
  if (clause === undefined) return () => true;
  const tokens = tokenise(clause);
  let position = 0;
  const peek = (): Token | undefined => tokens[position];

  const parseOr = (): Predicate => {
    const parts = [parseAnd()];
    while (peek() === 'OR') {
      position += 1;
      parts.push(parseAnd());
    }
    return parts.length === 1 ? (parts[0] as Predicate) : (record) => parts.some((part) => part(record));
  };
  const parseAnd = (): Predicate => {
    const parts = [parseUnary()];
    while (peek() === 'AND') {
      position += 1;
      parts.push(parseUnary());
    }
    return parts.length === 1 ? (parts[0] as Predicate) : (record) => parts.every((part) => part(record));
  };
  const parseUnary = (): Predicate => {
    const token = peek();
    position += 1;
    if (token === 'NOT') {
      const inner = parseUnary();
      return (record) => !inner(record);
    }
    if (token === '(') {
      const inner = parseOr();
      if (peek() !== ')') throw malformedQuery('unbalanced parentheses in WHERE');
      position += 1;
      return inner;
    }
    if (token !== undefined && typeof token === 'object') return compileCondition(token.condition, context);
    throw malformedQuery(`unexpected token in WHERE: ${String(token)}`);
  };

  const predicate = parseOr();
  if (position !== tokens.length) throw malformedQuery('unexpected token at end of WHERE');
  return predicate;
};

export { comparable };
