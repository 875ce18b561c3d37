import { RULE_LIMITS } from './limits.ts';
import type { OperatorRegistry } from './operators.ts';
import type { NormalizedAction, NormalizedCondition, NormalizedPattern, NormalizedRule, Operand, PatternKind } from './normalized-rule.ts';
import type { LeafConditionJson, RuleJson, RuleValidationIssue } from './types.ts';

/** What validation needs to know: the operator vocabulary and which action names exist. */
export interface RuleSchemaContext {
  operators: OperatorRegistry;
  actionNames: readonly string[];
}

export type RuleValidation = { ok: true; rule: NormalizedRule } | { ok: false; issues: RuleValidationIssue[] };

const RULE_KEYS = ['rule_id', 'description', 'type', 'condition', 'when', 'action', 'params', 'actions', 'salience', 'agenda_group', 'activation_group', 'no_loop', 'enabled', 'metadata'];
const NAME = /^[A-Za-z_][\w-]*$/;
const REF = /^\$([A-Za-z_][\w-]*)((?:\.[^.\s]+)+)$/;
const SIMPLE_BINDING = 'fact';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isFiniteNumber = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
const isNonEmptyString = (v: unknown) => typeof v === 'string' && v !== '';
const isBoolean = (v: unknown) => typeof v === 'boolean';
const isString = (v: unknown) => typeof v === 'string';
const isTypeName = (v: unknown) => typeof v === 'string' && NAME.test(v);
const NO_PARAMS: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;
/** Values longer than this (as JSON) are cut in messages; the cut one says its length. */
const SHOWN_CHARS = 1100;

function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length <= SHOWN_CHARS ? text : `${text.slice(0, 200)}… (${text.length} characters)`;
}

/** UTF-8 bytes of the value's compact JSON, or null when it has none (a cycle, nesting too deep for the stack). */
function jsonBytes(value: unknown): number | null {
  let text: string;
  try {
    text = JSON.stringify(value);
  } catch {
    return null;
  }
  // A UTF-16 unit is at most 3 UTF-8 bytes: most rules skip the exact count.
  return text.length * 3 <= RULE_LIMITS.ruleJsonBytes ? text.length : Buffer.byteLength(text, 'utf8');
}

/**
 * Validates a JSON rule and resolves it to its normalized form. Every problem is reported with its JSON
 * path, the rule id and what was expected; nothing is thrown for bad input.
 */
export function validateRule(input: unknown, context: RuleSchemaContext): RuleValidation {
  return new RuleValidator(context, input).run();
}

class RuleValidator {
  private readonly issues: RuleValidationIssue[] = [];
  private ruleId: string | null = null;
  /** Binding name → position, in declaration order; `scope` limits what a pattern may reference. */
  private readonly positive = new Map<string, number>();
  /** Condition nodes seen so far (RULE_LIMITS.conditionsPerRule). */
  private conditionCount = 0;

  constructor(
    private readonly context: RuleSchemaContext,
    private readonly input: unknown,
  ) {}

  private fail(path: string, message: string, expected?: string): void {
    this.issues.push({ rule_id: this.ruleId, path, message, ...(expected === undefined ? {} : { expected }) });
  }

  run(): RuleValidation {
    const raw = this.input;
    if (!isObject(raw)) {
      this.fail('$', `a rule must be a JSON object, got ${raw === null ? 'null' : Array.isArray(raw) ? 'an array' : typeof raw}`, 'object');
      return { ok: false, issues: this.issues };
    }
    if (typeof raw.rule_id === 'string' && raw.rule_id.trim() !== '') this.ruleId = raw.rule_id;
    else this.fail('$.rule_id', `rule_id must be a non-empty string, got ${shown(raw.rule_id)}`, 'non-empty string');
    // Size first: nothing else of an oversized rule is read.
    const bytes = jsonBytes(raw);
    const maxBytes = RULE_LIMITS.ruleJsonBytes;
    if (bytes === null || bytes > maxBytes) {
      const actual = bytes === null ? 'it has no JSON text (a cycle, or nesting too deep)' : `it has ${bytes}`;
      this.fail('$', `a rule's JSON text must be at most ${maxBytes} bytes (UTF-8), but ${actual}`, `at most ${maxBytes} bytes`);
      return { ok: false, issues: this.issues };
    }
    for (const key in raw) {
      if (!RULE_KEYS.includes(key) && Object.hasOwn(raw, key)) this.fail(`$.${key}`, `unknown key "${key}"`, `one of ${RULE_KEYS.join(', ')}`);
    }
    const salience = this.optional(raw.salience, '$.salience', 0, isFiniteNumber, 'a finite number');
    const agendaGroup = this.optional(raw.agenda_group, '$.agenda_group', 'MAIN', isNonEmptyString, 'a non-empty string');
    const activationGroup = this.optional(raw.activation_group, '$.activation_group', null, isNonEmptyString, 'a non-empty string');
    const noLoop = this.optional(raw.no_loop, '$.no_loop', false, isBoolean, 'true or false');
    const enabled = this.optional(raw.enabled, '$.enabled', true, isBoolean, 'true or false');
    const description = this.optional(raw.description, '$.description', null, isString, 'a string');
    const metadata = raw.metadata === undefined ? {} : this.optional(raw.metadata, '$.metadata', {}, isObject, 'an object');
    const patterns = this.patterns(raw);
    const maxConditions = RULE_LIMITS.conditionsPerRule;
    if (this.conditionCount > maxConditions) {
      this.fail('$', `a rule may hold at most ${maxConditions} conditions (leaves and all/any/not), but this one has ${this.conditionCount}; split it into several rules`, `at most ${maxConditions} conditions`);
    }
    const actions = this.actions(raw);
    if (this.issues.length > 0) return { ok: false, issues: this.issues };
    return {
      ok: true,
      rule: {
        id: this.ruleId!,
        description: description as string | null,
        salience: salience as number,
        agendaGroup: agendaGroup as string,
        activationGroup: activationGroup as string | null,
        noLoop: noLoop as boolean,
        enabled: enabled as boolean,
        patterns,
        actions,
        bindings: this.bindings(),
        metadata: metadata as Record<string, unknown>,
        source: raw as unknown as RuleJson,
      },
    };
  }

  private bindings(): Record<string, number> {
    const out: Record<string, number> = {};
    this.positive.forEach((position, name) => (out[name] = position));
    return out;
  }

  private optional(value: unknown, path: string, fallback: unknown, check: (v: unknown) => boolean, expected: string): unknown {
    if (value === undefined) return fallback;
    if (!check(value)) {
      this.fail(path, `${path.slice(2)} must be ${expected}, got ${JSON.stringify(value)}`, expected);
      return fallback;
    }
    return value;
  }

  private patterns(raw: Record<string, unknown>): NormalizedPattern[] {
    if (raw.condition !== undefined && raw.when !== undefined) {
      this.fail('$', 'a rule has either "condition" (simple form) or "when" (patterns), not both', 'condition or when');
      return [];
    }
    if (raw.when === undefined) {
      if (raw.condition === undefined) {
        this.fail('$.condition', 'the rule has no condition: give "condition" (one fact) or "when" (a list of patterns)', 'condition or when');
        return [];
      }
      const type = this.optional(raw.type, '$.type', 'Fact', isTypeName, 'a type name') as string;
      this.positive.set(SIMPLE_BINDING, 0);
      // The scope is exactly the positive bindings ({fact: 0}); conditions only read it.
      const condition = this.condition(raw.condition, '$.condition', 0, this.positive);
      return [{ kind: 'match', binding: SIMPLE_BINDING, position: 0, type, condition, jsonPath: '$' }];
    }
    if (raw.type !== undefined) this.fail('$.type', '"type" belongs to the simple form; with "when", give each pattern its type', 'no type at rule level');
    if (!Array.isArray(raw.when) || raw.when.length === 0) {
      this.fail('$.when', `when must be a non-empty array of patterns, got ${shown(raw.when)}`, 'non-empty array');
      return [];
    }
    const maxPatterns = RULE_LIMITS.patternsPerRule;
    if (raw.when.length > maxPatterns) {
      this.fail('$.when', `when may list at most ${maxPatterns} patterns, but it lists ${raw.when.length}`, `at most ${maxPatterns} patterns`);
      return [];
    }
    const result: NormalizedPattern[] = [];
    raw.when.forEach((element: unknown, position: number) => {
      const pattern = this.pattern(element, `$.when[${position}]`, position);
      if (pattern) result.push(pattern);
    });
    return result;
  }

  private pattern(element: unknown, path: string, position: number): NormalizedPattern | null {
    if (!isObject(element)) {
      this.fail(path, `a pattern must be an object, got ${JSON.stringify(element)}`, '{bind, type, condition} or {not: …} or {exists: …}');
      return null;
    }
    let kind: PatternKind = 'match';
    let body: unknown = element;
    let bodyPath = path;
    if ('not' in element || 'exists' in element) {
      kind = 'not' in element ? 'not' : 'exists';
      body = element[kind];
      bodyPath = `${path}.${kind}`;
      if (Object.keys(element).length !== 1) this.fail(path, `a ${kind} element holds only "${kind}"`, `{${kind}: pattern}`);
      if (!isObject(body)) {
        this.fail(bodyPath, `${kind} must hold a pattern object, got ${JSON.stringify(body)}`, '{type, condition}');
        return null;
      }
    }
    const pattern = body as Record<string, unknown>;
    for (const key of Object.keys(pattern)) {
      if (!['bind', 'type', 'condition'].includes(key)) this.fail(`${bodyPath}.${key}`, `unknown key "${key}" in a pattern`, 'bind, type, condition');
    }
    if (typeof pattern.type !== 'string' || !NAME.test(pattern.type)) {
      this.fail(`${bodyPath}.type`, `type must be a fact type name, got ${JSON.stringify(pattern.type)}`, 'a name such as "Trial"');
    }
    let binding = `_${position}`;
    if (pattern.bind !== undefined) {
      if (typeof pattern.bind !== 'string' || !NAME.test(pattern.bind)) {
        this.fail(`${bodyPath}.bind`, `bind must be a name, got ${JSON.stringify(pattern.bind)}`, 'a name such as "t"');
      } else if (this.positive.has(pattern.bind)) {
        this.fail(`${bodyPath}.bind`, `binding "${pattern.bind}" is already used by an earlier pattern`, 'a new name');
      } else binding = pattern.bind;
    }
    if (position === 0 && kind !== 'match') {
      this.fail(path, `the first pattern must be positive (bind a fact); ${kind} can only follow one`, '{bind, type, condition}');
    }
    const scope = new Map(this.positive);
    scope.set(binding, position);
    const condition = pattern.condition === undefined ? null : this.condition(pattern.condition, `${bodyPath}.condition`, position, scope);
    if (kind === 'match') this.positive.set(binding, position);
    return { kind, binding, position, type: String(pattern.type), condition, jsonPath: bodyPath };
  }

  private condition(raw: unknown, path: string, own: number, scope: Map<string, number>, depth = 1): NormalizedCondition | null {
    this.conditionCount++;
    const maxDepth = RULE_LIMITS.conditionDepth;
    if (depth > maxDepth) {
      // Not read further: the depth is what makes it unsafe to recurse into.
      this.fail(path, `conditions may nest at most ${maxDepth} levels deep (all/any/not), but this one is at level ${depth}`, `at most ${maxDepth} levels`);
      return null;
    }
    if (!isObject(raw)) {
      this.fail(path, `a condition must be an object, got ${JSON.stringify(raw)}`, '{field, operator, value} or {all|any: […]} or {not: …}');
      return null;
    }
    // Plain checks rather than a loop over ['all', 'any']: this runs for every condition of every rule loaded.
    const group = 'all' in raw ? 'all' : 'any' in raw ? 'any' : null;
    if (group !== null) {
      const list = raw[group];
      if (Object.keys(raw).length !== 1) this.fail(path, `a "${group}" condition holds only "${group}"`, `{${group}: […]}`);
      if (!Array.isArray(list) || list.length === 0) {
        this.fail(`${path}.${group}`, `${group} must be a non-empty array of conditions, got ${JSON.stringify(list)}`, 'non-empty array');
        return null;
      }
      const items = list.map((item, i) => this.condition(item, `${path}.${group}[${i}]`, own, scope, depth + 1));
      return items.includes(null) ? null : { kind: group, items: items as NormalizedCondition[] };
    }
    if ('not' in raw) {
      if (Object.keys(raw).length !== 1) this.fail(path, 'a "not" condition holds only "not"', '{not: condition}');
      const item = this.condition(raw.not, `${path}.not`, own, scope, depth + 1);
      return item && { kind: 'not', item };
    }
    return this.leaf(raw, path, own, scope);
  }

  private leaf(raw: Record<string, unknown>, path: string, own: number, scope: Map<string, number>): NormalizedCondition | null {
    for (const key in raw) {
      if (key !== 'field' && key !== 'operator' && key !== 'value' && Object.hasOwn(raw, key)) this.fail(`${path}.${key}`, `unknown key "${key}" in a condition`, 'field, operator, value (or all/any/not)');
    }
    if (typeof raw.field !== 'string' || raw.field === '') {
      this.fail(`${path}.field`, `field must be a non-empty string, got ${JSON.stringify(raw.field)}`, 'a field name, a dotted path, or "$binding.field"');
      return null;
    }
    const left = this.fieldRef(raw.field, `${path}.field`, own, scope);
    const name = raw.operator;
    const operator = typeof name === 'string' ? this.context.operators.get(name) : undefined;
    if (!operator) {
      this.fail(`${path}.operator`, `unknown operator ${JSON.stringify(name)}`, `one of ${this.context.operators.names().join(' ')}`);
      return null;
    }
    if (!left) return null;
    let right: Operand | null = null;
    if (raw.value === undefined) {
      if (!operator.unary) {
        this.fail(`${path}.value`, `operator "${operator.name}" needs a value`, 'a value');
        return null;
      }
    } else {
      right = this.operand(raw.value, `${path}.value`, scope);
      if (!right) return null;
      if (right.kind === 'ref' && operator.constantOnly) {
        this.fail(`${path}.value`, `operator "${operator.name}" needs a constant value, not a reference to a bound fact, got ${shown(raw.value)}`, 'a constant');
        return null;
      }
      if (right.kind === 'const') {
        const expected = operator.validate?.(right.value);
        if (expected) {
          this.fail(`${path}.value`, `operator "${operator.name}" needs ${expected}, got ${shown(right.value)}`, expected);
          return null;
        }
        if (operator.prepare) right = { kind: 'const', value: operator.prepare(right.value) };
      }
    }
    return { kind: 'leaf', left, operator: operator.name, right, jsonPath: path, source: raw as unknown as LeafConditionJson };
  }

  private fieldRef(text: string, path: string, own: number, scope: Map<string, number>): { position: number; path: string[] } | null {
    if (!text.startsWith('$')) return { position: own, path: text.split('.') };
    const match = REF.exec(text);
    const position = match ? scope.get(match[1]!) : undefined;
    if (!match || position === undefined) {
      const known = [...scope.keys()].map((b) => `$${b}.…`).join(', ');
      this.fail(path, `"${text}" does not name a field of a binding in scope`, `one of ${known || '(none)'}, e.g. "$t.value"`);
      return null;
    }
    return { position, path: match[2]!.slice(1).split('.') };
  }

  private operand(value: unknown, path: string, scope: Map<string, number>): Operand | null {
    if (isObject(value) && '$literal' in value) return { kind: 'const', value: value.$literal };
    if (typeof value === 'string' && value.startsWith('$') && REF.test(value)) {
      const ref = this.fieldRef(value, path, -1, scope);
      return ref && { kind: 'ref', ...ref, add: 0, mul: 1 };
    }
    if (isObject(value) && typeof value.ref === 'string') {
      const ref = this.fieldRef(value.ref, `${path}.ref`, -1, scope);
      for (const key of ['add', 'mul'] as const) {
        if (value[key] !== undefined && (typeof value[key] !== 'number' || !Number.isFinite(value[key]))) {
          this.fail(`${path}.${key}`, `${key} must be a finite number, got ${JSON.stringify(value[key])}`, 'a number');
        }
      }
      return ref && { kind: 'ref', ...ref, add: (value.add as number | undefined) ?? 0, mul: (value.mul as number | undefined) ?? 1 };
    }
    return { kind: 'const', value };
  }

  private actions(raw: Record<string, unknown>): NormalizedAction[] {
    const out: NormalizedAction[] = [];
    if (raw.actions !== undefined) {
      if (raw.action !== undefined) this.fail('$.action', 'give either "action" or "actions", not both', 'one of them');
      if (!Array.isArray(raw.actions) || raw.actions.length === 0) this.fail('$.actions', 'actions must be a non-empty array', 'non-empty array');
      else raw.actions.forEach((value, i) => this.action(value, `$.actions[${i}]`, out));
    } else if (typeof raw.action === 'string') {
      // The simple form `action: "<name>", params?`: checked like {action, params} at the rule's root.
      this.namedAction(raw.action, raw.params, '$', out);
    } else if (raw.action !== undefined) {
      this.action(raw.action, '$.action', out);
    } else this.fail('$.action', 'the rule has no action', `an action name: ${this.context.actionNames.join(', ')}`);
    if (raw.params !== undefined && typeof raw.action !== 'string') this.fail('$.params', '"params" goes with a string "action"', 'action: "<name>"');
    return out;
  }

  private action(value: unknown, path: string, out: NormalizedAction[]): void {
    if (!isObject(value) || typeof value.action !== 'string') {
      this.fail(path, `an action must be {action, params?}, got ${JSON.stringify(value)}`, '{action: "<name>", params: {…}}');
      return;
    }
    this.namedAction(value.action, value.params, path, out);
  }

  private namedAction(name: string, rawParams: unknown, path: string, out: NormalizedAction[]): void {
    if (!this.context.actionNames.includes(name)) {
      this.fail(`${path}.action`, `unknown action "${name}"`, `one of ${this.context.actionNames.join(', ')}`);
    }
    if (rawParams === undefined) {
      // No params: one shared frozen empty object (handlers receive a resolved copy, never this one).
      out.push({ name, params: NO_PARAMS });
      return;
    }
    if (!isObject(rawParams)) this.fail(`${path}.params`, 'params must be an object', 'an object');
    const params = rawParams as Record<string, unknown>;
    this.checkParamRefs(params, `${path}.params`);
    out.push({ name, params });
  }

  private checkParamRefs(value: unknown, path: string): void {
    if (typeof value === 'string') {
      const names = [...value.matchAll(/\{\{\s*([A-Za-z_][\w-]*)/g)].map((m) => m[1]!);
      if (/^\$[A-Za-z_]/.test(value)) names.push(value.slice(1).split('.')[0]!);
      for (const name of names) {
        if (!this.positive.has(name)) this.fail(path, `"${value}" references "${name}", which is not a positive pattern binding`, `one of ${[...this.positive.keys()].join(', ')}`);
      }
    } else if (Array.isArray(value)) value.forEach((v, i) => this.checkParamRefs(v, `${path}[${i}]`));
    else if (isObject(value)) for (const [k, v] of Object.entries(value)) this.checkParamRefs(v, `${path}.${k}`);
  }
}
