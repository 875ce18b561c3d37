import { ToolError } from '../common/errors.ts';
import type { RuleEngine } from './engine.ts';
import { RULE_LIMITS } from './limits.ts';
import type { FactOperation, RuleMatch, RuleValidationIssue } from './types.ts';

/**
 * Reads a rules file: a JSON array of rules, `{"rules": [...]}`, or one rule object. At most
 * RULE_LIMITS.rulesFileChars characters and RULE_LIMITS.rulesPerFile rules.
 */
export function parseRulesFile(text: string, name = 'rules file'): unknown[] {
  const maxChars = RULE_LIMITS.rulesFileChars;
  if (text.length > maxChars) {
    throw new ToolError('invalid_argument', `${name} must be at most ${maxChars} characters, but it has ${text.length}`, { details: { file: name, limit: maxChars, actual: text.length } });
  }
  const rules = readRules(text, name);
  const max = RULE_LIMITS.rulesPerFile;
  if (rules.length > max) {
    throw new ToolError('invalid_argument', `${name} may hold at most ${max} rules, but it holds ${rules.length}`, { details: { file: name, limit: max, actual: rules.length } });
  }
  return rules;
}

function readRules(text: string, name: string): unknown[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ToolError('invalid_argument', `${name} is not valid JSON: ${(error as Error).message}`, { details: { file: name } });
  }
  if (Array.isArray(parsed)) return parsed;
  if (parsed && typeof parsed === 'object' && Array.isArray((parsed as { rules?: unknown }).rules)) return (parsed as { rules: unknown[] }).rules;
  if (parsed && typeof parsed === 'object') return [parsed];
  throw new ToolError('invalid_argument', `${name} must hold a JSON array of rules, {"rules": [...]} or one rule object`, { details: { file: name } });
}

/** Validates every rule (and that rule ids are unique). Issue paths are prefixed with the rule's index. */
export function checkRules(rules: readonly unknown[], engine: RuleEngine): { valid: number; issues: RuleValidationIssue[] } {
  const issues: RuleValidationIssue[] = [];
  const seen = new Map<string, number>();
  let valid = 0;
  rules.forEach((rule, index) => {
    const result = engine.validate(rule);
    if (!result.ok) {
      for (const issue of result.issues) issues.push({ ...issue, path: `[${index}]${issue.path.slice(1)}` });
      return;
    }
    const earlier = seen.get(result.rule.id);
    if (earlier !== undefined) {
      issues.push({ rule_id: result.rule.id, path: `[${index}].rule_id`, message: `rule_id "${result.rule.id}" is already used by rule [${earlier}]`, expected: 'a unique rule_id' });
      return;
    }
    seen.set(result.rule.id, index);
    valid++;
  });
  return { valid, issues };
}

/** Parses one facts-stream line: `{"op":"insert|modify|retract","type":"…","id":"…","fields":{…}}`. */
export function parseFactLine(text: string): FactOperation {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ToolError('invalid_argument', `not valid JSON: ${(error as Error).message}`);
  }
  const record = value as Record<string, unknown>;
  if (!record || typeof record !== 'object' || Array.isArray(record)) throw new ToolError('invalid_argument', 'a facts line must be a JSON object');
  if (record.op !== 'insert' && record.op !== 'modify' && record.op !== 'retract') {
    throw new ToolError('invalid_argument', `op must be "insert", "modify" or "retract", got ${JSON.stringify(record.op)}`, { details: { parameter: 'op' } });
  }
  if (typeof record.type !== 'string' || record.type === '') throw new ToolError('invalid_argument', `type must be a non-empty string, got ${JSON.stringify(record.type)}`, { details: { parameter: 'type' } });
  if (typeof record.id !== 'string' && typeof record.id !== 'number') throw new ToolError('invalid_argument', `id must be a string, got ${JSON.stringify(record.id)}`, { details: { parameter: 'id' } });
  if (record.fields !== undefined && (typeof record.fields !== 'object' || record.fields === null || Array.isArray(record.fields))) {
    throw new ToolError('invalid_argument', `fields must be an object, got ${JSON.stringify(record.fields)}`, { details: { parameter: 'fields' } });
  }
  if (record.op !== 'retract' && record.fields === undefined) throw new ToolError('invalid_argument', `${record.op} needs "fields"`, { details: { parameter: 'fields' } });
  return { op: record.op, type: record.type, id: String(record.id), ...(record.fields ? { fields: record.fields as Record<string, unknown> } : {}) };
}

/** The report after one facts line (CLI `rules run --json`). */
export interface LineReport {
  line: number;
  fired: string[];
  matching: RuleMatch[];
  error?: string;
}

/**
 * Applies a facts stream line by line: after each line the agenda fires (up to `fireLimit`), and the
 * report lists the rules fired after that line, in order, and the complete current match set.
 */
export function* runFactsStream(engine: RuleEngine, text: string, fireLimit: number): Generator<LineReport> {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    if (raw === '') continue;
    const report: LineReport = { line: i + 1, fired: [], matching: [] };
    try {
      engine.apply(parseFactLine(raw));
    } catch (error) {
      if (!ToolError.isInstance(error)) throw error;
      report.error = error.message;
    }
    report.fired = engine.fire(fireLimit).map((f) => f.rule_id);
    report.matching = engine.matches();
    yield report;
  }
}
