/**
 * The condition operators tunechat's policies accept (IAM's, ../shared/ANCHORS.md §4), by the value type they
 * compare. Any of them takes the suffix `IfExists` (true when the key is absent) except `Null`, and the set
 * qualifiers `ForAnyValue:` / `ForAllValues:` as a prefix. The evaluator (conditions.ts) implements exactly these;
 * the validator (validate.ts) reports anything else as UNKNOWN_OPERATOR.
 */
export type OperatorKind = 'String' | 'Numeric' | 'Date' | 'Bool' | 'IpAddress' | 'Arn' | 'Binary' | 'Null';

export const BASE_OPERATORS: Readonly<Record<string, OperatorKind>> = Object.freeze({
  StringEquals: 'String',
  StringNotEquals: 'String',
  StringEqualsIgnoreCase: 'String',
  StringNotEqualsIgnoreCase: 'String',
  StringLike: 'String',
  StringNotLike: 'String',
  NumericEquals: 'Numeric',
  NumericNotEquals: 'Numeric',
  NumericLessThan: 'Numeric',
  NumericLessThanEquals: 'Numeric',
  NumericGreaterThan: 'Numeric',
  NumericGreaterThanEquals: 'Numeric',
  DateEquals: 'Date',
  DateNotEquals: 'Date',
  DateLessThan: 'Date',
  DateLessThanEquals: 'Date',
  DateGreaterThan: 'Date',
  DateGreaterThanEquals: 'Date',
  Bool: 'Bool',
  BinaryEquals: 'Binary',
  IpAddress: 'IpAddress',
  NotIpAddress: 'IpAddress',
  ArnEquals: 'Arn',
  ArnLike: 'Arn',
  ArnNotEquals: 'Arn',
  ArnNotLike: 'Arn',
  Null: 'Null',
});

/** Negated operators: a missing key makes them true (positive ones false). */
export const NEGATED_OPERATORS: ReadonlySet<string> = new Set([
  'StringNotEquals', 'StringNotEqualsIgnoreCase', 'StringNotLike', 'NumericNotEquals', 'DateNotEquals', 'NotIpAddress', 'ArnNotEquals', 'ArnNotLike',
]);

export type SetQualifier = 'ForAnyValue' | 'ForAllValues';

export interface ParsedOperator {
  /** The operator as written, e.g. "ForAllValues:StringLikeIfExists". */
  written: string;
  qualifier: SetQualifier | null;
  base: string;
  kind: OperatorKind;
  ifExists: boolean;
  negated: boolean;
}

/** Splits `ForAnyValue:NumericLessThanIfExists` into its parts; null for an unknown operator. Case-sensitive, as IAM. */
export function parseOperator(written: string): ParsedOperator | null {
  let rest = written;
  let qualifier: SetQualifier | null = null;
  const colon = rest.indexOf(':');
  if (colon >= 0) {
    const prefix = rest.slice(0, colon);
    if (prefix !== 'ForAnyValue' && prefix !== 'ForAllValues') return null;
    qualifier = prefix;
    rest = rest.slice(colon + 1);
  }
  let ifExists = false;
  if (rest.endsWith('IfExists') && rest !== 'IfExists') {
    ifExists = true;
    rest = rest.slice(0, -'IfExists'.length);
  }
  const kind = Object.hasOwn(BASE_OPERATORS, rest) ? BASE_OPERATORS[rest]! : null;
  if (kind === null) return null;
  if (kind === 'Null' && (ifExists || qualifier)) return null;
  return { written, qualifier, base: rest, kind, ifExists, negated: NEGATED_OPERATORS.has(rest) };
}
