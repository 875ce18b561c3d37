/**
 * Condition checks: each value has the syntax its operator needs (ERROR: the evaluator could only ever treat it as
 * "no match"), each key is one the catalog knows and one the statement's actions set (WARNING: a typo, or a
 * condition that silently never or always holds), the operator suits the key (set qualifiers on multivalued keys
 * only; Numeric on numbers, …), and the `ForAllValues:` trap in an Allow (SECURITY_WARNING: true when the key is
 * missing or empty).
 */
import type { ParsedOperator } from './operators.ts';
import type { ContextKeyType, Effect } from './types.ts';
import { findKey, nearest, type ActionEntry, type CatalogIndex, type KeyEntry } from './validate-catalog.ts';
import { show, type ConditionEntry, type Findings, type StatementView } from './validate-structure.ts';
import { readBase64, readBool, readCidr, readDate, readNumber } from './condition-values.ts';

export function checkConditionValues(statement: StatementView, out: Findings): void {
  for (const entry of statement.conditions) {
    const { operator } = entry;
    for (const { value, path } of entry.values) {
      const head = `${operator.written} ${show(entry.key)}`;
      switch (operator.kind) {
        case 'Numeric':
          if (readNumber(value) === null) out.add('ERROR', 'INVALID_NUMBER', `${head} needs a number, got ${show(value)}`, path);
          break;
        case 'Date':
          if (readDate(value) === null) {
            out.add('ERROR', 'INVALID_DATE', `${head} needs an ISO 8601 date ("2026-12-31T23:59:59Z") or epoch seconds, got ${show(value)}`, path);
          }
          break;
        case 'Bool':
          if (readBool(value) === null) out.add('ERROR', 'INVALID_BOOLEAN', `${head} needs true or false, got ${show(value)}`, path);
          break;
        case 'Null':
          if (readBool(value) === null) {
            out.add('ERROR', 'INVALID_NULL_VALUE', `Null ${show(entry.key)} takes true (the key is absent) or false (it is present), got ${show(value)}`, path);
          }
          break;
        case 'IpAddress':
          if (readCidr(value) === null) {
            out.add('ERROR', 'INVALID_CIDR', `${head} needs an IPv4/IPv6 address or CIDR block (prefix 0-32 / 0-128, e.g. "10.0.0.0/8"), got ${show(value)}`, path);
          }
          break;
        case 'Binary':
          if (readBase64(value) === null) out.add('ERROR', 'INVALID_BINARY', `${head} needs base64 text, got ${show(value)}`, path);
          break;
        default:
          break;
      }
    }
  }
}

/** Whether an operator kind can compare a key of this type. */
function suits(kind: ParsedOperator['kind'], type: ContextKeyType): boolean {
  switch (kind) {
    case 'Null':
      return true;
    case 'String':
    case 'Arn':
      return type === 'String' || type === 'IpAddress';
    case 'Numeric':
    case 'Date':
      return type === 'Numeric' || type === 'Date';
    case 'Bool':
      return type === 'Bool';
    case 'IpAddress':
      return type === 'IpAddress';
    case 'Binary':
      return false;
  }
}

/**
 * What an operator yields when its key is absent (or an empty set), as conditions.ts decides: true for IfExists,
 * ForAllValues and `Null: true`; false for ForAnyValue; otherwise true exactly for the negated operators.
 */
export function holdsWhenMissing(entry: ConditionEntry): boolean {
  const { operator } = entry;
  if (operator.kind === 'Null') return entry.values.some((v) => readBool(v.value) === true);
  if (operator.ifExists || operator.qualifier === 'ForAllValues') return true;
  if (operator.qualifier === 'ForAnyValue') return false;
  return operator.negated;
}

function missingConsequence(entry: ConditionEntry, effect: Effect | null): string {
  if (holdsWhenMissing(entry)) return `${entry.operator.written} then always holds, so it constrains nothing`;
  const what = effect === 'Deny' ? 'this Deny never applies (nothing is blocked by it)' : `this ${effect ?? 'statement'} never applies`;
  return `${entry.operator.written} is then false, so ${what}`;
}

/**
 * `scope`: the catalog actions the statement's Action (or NotAction) covers; null when that is unknown (malformed
 * Action), then only the global keys and the whole catalog are consulted.
 */
export function checkConditionKeys(statement: StatementView, scope: readonly ActionEntry[] | null, catalog: CatalogIndex, out: Findings): void {
  const nullFalse = new Set(
    statement.conditions.filter((e) => e.operator.kind === 'Null' && e.values.every((v) => readBool(v.value) === false)).map((e) => e.key.toLowerCase()),
  );
  for (const entry of statement.conditions) {
    const { operator, key, keyPath } = entry;
    const global = findKey(catalog.globalKeys, key);
    let spec: KeyEntry | null = global;
    if (spec === null) {
      const setters = scope?.filter((action) => findKey(action.keys, key) !== null) ?? [];
      spec = setters.length > 0 ? findKey(setters[0]!.keys, key) : findKey(catalog.actionKeys, key);
      if (spec === null) {
        const guess = nearest(key, [...catalog.globalKeys, ...catalog.actionKeys].map((k) => k.spec.key));
        out.add('WARNING', 'UNKNOWN_CONDITION_KEY', `${show(key)} is not a context key tunechat sets${guess ? `; did you mean ${show(guess)}?` : ''} (without it, ${missingConsequence(entry, statement.effect)})`, keyPath);
        continue;
      }
      if (scope !== null && scope.length > 0 && setters.length === 0) {
        const names = scope.slice(0, 4).map((a) => a.spec.action).join(', ') + (scope.length > 4 ? `, … (${scope.length} actions)` : '');
        out.add('WARNING', 'CONDITION_KEY_NOT_SET_BY_ACTIONS', `${show(key)} is never set for ${names}: ${missingConsequence(entry, statement.effect)}`, keyPath);
      }
    }
    const { type, multivalued } = spec.spec;
    if (!suits(operator.kind, type)) {
      const how = operator.kind === 'String' ? `compares the text of the values ("60" is not "60.0")` : `reads the values as ${operator.kind}, which a ${type} value never is`;
      out.add('WARNING', 'CONDITION_TYPE_MISMATCH', `${show(spec.spec.key)} is ${type} but ${operator.written} ${how}: use a ${type} operator`, keyPath);
    }
    if (operator.qualifier !== null && !multivalued) {
      out.add('WARNING', 'SET_OPERATOR_ON_SINGLE_VALUED_KEY', `${operator.qualifier}: is for multivalued keys, but ${show(spec.spec.key)} has one value: write ${operator.written.slice(operator.qualifier.length + 1)}`, entry.operatorPath);
    }
    if (operator.qualifier === null && multivalued && operator.kind !== 'Null') {
      out.add('WARNING', 'MISSING_SET_OPERATOR', `${show(spec.spec.key)} is multivalued: say ForAnyValue:${operator.written} (some value matches) or ForAllValues:${operator.written} (every value matches)`, entry.operatorPath);
    }
    if (operator.qualifier === 'ForAllValues' && statement.effect === 'Allow' && !nullFalse.has(key.toLowerCase())) {
      out.add(
        'SECURITY_WARNING',
        'ALLOW_FOR_ALL_VALUES_MISSING_KEY',
        `${operator.written} is true when ${show(key)} is missing or empty, so this Allow also grants requests without it: add "Null": {${show(key)}: "false"} or use ForAnyValue:`,
        entry.operatorPath,
      );
    }
  }
}
