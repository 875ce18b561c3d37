/**
 * The trial side of the command-target protocol (tools/optimizer/targets/command.ts), for training programs.
 *
 * - Params arrive as one JSON object in env `TUNECHAT_PARAMS` and on stdin; `readTrialParams` merges them over the
 *   program's defaults and validates them once, at the edge (unknown keys, wrong types, out-of-range values).
 * - `reportStep` prints an intermediate value line (`{"step": n, "metrics": {...}}`) that feeds the pruners;
 *   `reportFinal` prints the final metrics as the last stdout line.
 * - `failTrial` prints a one-line JSON reason to stderr and exits with a code per reason, so the study records the
 *   failed trial with a reason a person (and the agent) can read, and goes on.
 */
import { readFileSync } from 'node:fs';

export type TrialFailureCode = 'nan_loss' | 'out_of_memory' | 'time_limit' | 'invalid_params';

/** Exit code per failure reason (1 for invalid params, like any usage error). */
export const FAILURE_EXIT_CODES: Readonly<Record<TrialFailureCode, number>> = Object.freeze({
  invalid_params: 1,
  nan_loss: 3,
  out_of_memory: 4,
  time_limit: 5,
});

/** A failure with its reason code, thrown by pure checks (`parseTrialParams`, guards' `check*`) and turned into `failTrial` by `runTrial`. */
export class TrialFailure extends Error {
  readonly code: TrialFailureCode;
  readonly details: Record<string, unknown>;

  constructor(code: TrialFailureCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'TrialFailure';
    this.code = code;
    this.details = details;
  }
}

/** A rule for one param; the value's type must also match the default's type (number, string, boolean). */
export interface ParamRule {
  min?: number;
  max?: number;
  /** `min` excluded: the value must be > min. */
  exclusiveMin?: boolean;
  integer?: boolean;
  choices?: readonly (string | number | boolean)[];
}

export type ParamSchema<T> = Partial<Record<keyof T & string, ParamRule>>;

/**
 * Merges `raw` over `defaults` and validates: unknown keys, a type that differs from the default's, and values outside
 * a rule throw a TrialFailure('invalid_params') whose message names the key, the rule and the value.
 */
export function parseTrialParams<T extends Record<string, unknown>>(raw: unknown, defaults: T, schema: ParamSchema<T> = {}): T {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new TrialFailure('invalid_params', `trial params must be a JSON object, got ${JSON.stringify(raw)}`);
  }
  const input = raw as Record<string, unknown>;
  const unknownKeys = Object.keys(input).filter((key) => !Object.hasOwn(defaults, key));
  if (unknownKeys.length > 0) {
    throw new TrialFailure(
      'invalid_params',
      `unknown param${unknownKeys.length > 1 ? 's' : ''} ${unknownKeys.map((k) => `"${k}"`).join(', ')}; known: ${Object.keys(defaults).join(', ')}`,
      { unknown: unknownKeys, known: Object.keys(defaults) },
    );
  }
  const params: Record<string, unknown> = { ...defaults, ...input };
  for (const [key, value] of Object.entries(params)) {
    const expected = typeof defaults[key];
    if (typeof value !== expected) {
      throw new TrialFailure('invalid_params', `param "${key}" must be a ${expected}, got ${JSON.stringify(value)}`, { key, value });
    }
    const rule = (schema as Record<string, ParamRule | undefined>)[key];
    if (rule) checkRule(key, value, rule);
  }
  return params as T;
}

function checkRule(key: string, value: unknown, rule: ParamRule): void {
  const fail = (requirement: string): never => {
    throw new TrialFailure('invalid_params', `param "${key}" must be ${requirement}, got ${JSON.stringify(value)}`, { key, value, rule });
  };
  if (rule.choices && !rule.choices.includes(value as string | number | boolean)) fail(`one of ${JSON.stringify(rule.choices)}`);
  if (typeof value !== 'number') return;
  if (!Number.isFinite(value)) fail('a finite number');
  if (rule.integer && !Number.isInteger(value)) fail('an integer');
  if (rule.min !== undefined && (rule.exclusiveMin ? value <= rule.min : value < rule.min)) fail(`${rule.exclusiveMin ? '>' : '>='} ${rule.min}`);
  if (rule.max !== undefined && value > rule.max) fail(`<= ${rule.max}`);
}

/**
 * The trial's params: `TUNECHAT_PARAMS` when set, else stdin when it is not a terminal, else `{}`; merged over
 * `defaults` and validated (see `parseTrialParams`). Invalid params end the process through `failTrial('invalid_params')`.
 */
export function readTrialParams<T extends Record<string, unknown>>(defaults: T, schema?: ParamSchema<T>): T {
  try {
    return parseTrialParams(JSON.parse(readRawParams()), defaults, schema);
  } catch (error) {
    if (error instanceof TrialFailure) return failTrial(error.code, error.message, error.details);
    return failTrial('invalid_params', `trial params are not valid JSON: ${(error as Error).message}`, {});
  }
}

function readRawParams(): string {
  const fromEnv = process.env.TUNECHAT_PARAMS;
  if (fromEnv !== undefined && fromEnv.trim() !== '') return fromEnv;
  if (process.stdin.isTTY) return '{}';
  let text = '';
  try {
    text = readFileSync(0, 'utf8');
  } catch {
    // no readable stdin (closed, or EAGAIN on a non-blocking descriptor): no params
  }
  return text.trim() === '' ? '{}' : text;
}

/** Prints one intermediate value line for the pruners: `{"step": step, "metrics": {...}}`. */
export function reportStep(step: number, metrics: Record<string, number>): void {
  process.stdout.write(`${JSON.stringify({ step, metrics })}\n`);
}

/** Prints the final metrics as one JSON line; it must be the last line the program writes to stdout. */
export function reportFinal(metrics: Record<string, number | string | boolean>): void {
  process.stdout.write(`${JSON.stringify(metrics)}\n`);
}

/**
 * Ends the trial: prints `{"trial_failure": code, "message": ..., ...details}` as one line on stderr (the command
 * target puts the stderr tail in the failed trial's reason) and exits with `FAILURE_EXIT_CODES[code]`.
 */
export function failTrial(code: TrialFailureCode, message: string, details: Record<string, unknown> = {}): never {
  process.stderr.write(`${JSON.stringify({ trial_failure: code, message, ...details })}\n`);
  process.exit(FAILURE_EXIT_CODES[code]);
}

/** Parses a `failTrial` line out of a failed trial's reason (the stderr tail), or null. */
export function parseTrialFailure(text: string): { code: TrialFailureCode; message: string; details: Record<string, unknown> } | null {
  const match = /\{"trial_failure":"(nan_loss|out_of_memory|time_limit|invalid_params)".*\}/.exec(text);
  if (!match) return null;
  try {
    const { trial_failure: code, message, ...details } = JSON.parse(match[0]) as { trial_failure: TrialFailureCode; message: string };
    return { code, message, details };
  } catch {
    return null;
  }
}
