/**
 * `tunechat control start`'s flags → a ControllerSpec. Checks what the flags alone can tell (the SLO's form, numbers,
 * reversed bounds) and names the flag; the manager checks the rest against the target and its message is tagged with
 * the flag too (flagOf).
 */
import { ToolError } from '../tools/common/errors.ts';
import type { TargetLookup } from '../tools/control/manager-plan.ts';
import { POLICY_NAMES, type ControllerSpec, type PolicyName, type SloOp } from '../tools/control/types.ts';

export interface StartFlags {
  target?: string | undefined;
  metric?: string | undefined;
  slo?: string | undefined;
  parameter?: string | undefined;
  min?: string | undefined;
  max?: string | undefined;
  policy?: string | undefined;
  period?: string | undefined;
  'dry-run'?: boolean | undefined;
}

/** Longest flag value read (names are shorter still; the manager limits them to 100 characters). */
const MAX_FLAG_CHARS = 200;

const SLO_FORM = /^\s*(<=|>=|<|>)\s*(-?\d+(?:\.\d+)?(?:e[-+]?\d+)?)\s*(ms|%)?\s*$/i;

function usageError(flag: string, message: string, value?: unknown): ToolError {
  return new ToolError('invalid_argument', `${flag}: ${message}`, { details: { parameter: flag, ...(value !== undefined ? { value } : {}) } });
}

function required(flag: string, value: string | undefined, example: string): string {
  if (value === undefined || value.trim() === '') throw usageError(`--${flag}`, `is required, e.g. --${flag} ${example}`);
  if (value.length > MAX_FLAG_CHARS) throw usageError(`--${flag}`, `is ${value.length} characters long; at most ${MAX_FLAG_CHARS}`);
  return value.trim();
}

/** "<40", "< 40ms", "<=0.01", "<1%" → {op, value} (a percent is a ratio: 1% → 0.01). */
export function parseSlo(text: string): { op: SloOp; value: number } {
  const match = SLO_FORM.exec(text);
  if (!match) throw usageError('--slo', `must be an operator (<, <=, >, >=) and a number in the metric's unit, like '<40' or '<=0.01'; got ${JSON.stringify(text)}`, text);
  const value = Number(match[2]) / (match[3] === '%' ? 100 : 1);
  return { op: match[1] as SloOp, value };
}

function numberFlag(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw usageError(`--${flag}`, `must be a number, got ${JSON.stringify(text)}`, text);
  return value;
}

/**
 * The spec the flags ask for. Bounds: both flags, or one (the other from the target's declared range), or neither
 * (the manager takes the declared range).
 */
export async function specFromFlags(flags: StartFlags, targets: TargetLookup): Promise<ControllerSpec> {
  const target = required('target', flags.target, 'example-service');
  const metric = required('metric', flags.metric, 'latency_p99_ms');
  const slo = parseSlo(required('slo', flags.slo, "'<40'"));
  const parameter = required('parameter', flags.parameter, 'workers');
  const policy = flags.policy?.trim() ?? 'auto';
  if (policy !== 'auto' && !(POLICY_NAMES as readonly string[]).includes(policy)) {
    throw usageError('--policy', `must be auto or one of ${POLICY_NAMES.join(', ')}; got ${JSON.stringify(policy)}`, policy);
  }
  const period = numberFlag('period', flags.period);
  if (period !== undefined && period <= 0) throw usageError('--period', `must be a positive number of seconds, got ${period}`, period);
  let min = numberFlag('min', flags.min);
  let max = numberFlag('max', flags.max);
  if (min !== undefined && max !== undefined && min > max) throw usageError('--min', `${min} is above --max ${max}; the bounds are reversed`, { min, max });
  if ((min === undefined) !== (max === undefined)) {
    const declared = (await targets.resolve(target))?.control?.parameters[parameter];
    if (declared) {
      min ??= declared.min;
      max ??= declared.max;
      if (min > max) throw usageError(min === declared.min ? '--max' : '--min', `${min === declared.min ? `--max ${max} is below the declared minimum ${min}` : `--min ${min} is above the declared maximum ${max}`} of ${parameter}`, { min, max });
    }
  }
  return {
    target, metric, slo, parameter,
    ...(min !== undefined && max !== undefined ? { bounds: { min, max } } : {}),
    policy: policy as PolicyName | 'auto',
    ...(period !== undefined ? { period_s: period } : {}),
    ...(flags['dry-run'] ? { dry_run: true } : {}),
  };
}

/** The flag behind a manager error's `details.parameter` (its field names are the tool's), for the message. */
export function flagOf(field: unknown): string | null {
  if (typeof field !== 'string') return null;
  if (field.startsWith('--')) return field;
  const flags: Record<string, string> = { target: '--target', metric: '--metric', slo: '--slo', 'slo.op': '--slo', 'slo.value': '--slo', parameter: '--parameter', bounds: '--min/--max', policy: '--policy', period_s: '--period', controller_id: 'the controller id' };
  return flags[field] ?? null;
}
