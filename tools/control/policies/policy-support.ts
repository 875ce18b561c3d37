/**
 * What every decision policy shares: the readiness checks made before deciding, signal lookup, the numbers in
 * reasons, the drop test of the Netflix limiters, and option resolution (defaults applied once, unknown names
 * refused). Policies stay small files that only hold their own update rule.
 */
import { ToolError } from '../../common/errors.ts';
import type { PolicyContext, PolicyName, PolicyProposal, SignalStats } from '../types.ts';

/** Numbers in reasons: 3 significant digits, thousands separated ("12.4", "0.351", "1,400", "6"). */
export function fmt(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  return String(Number(value.toPrecision(3)));
}

/** A signal's statistics over the window, or undefined when the window has none (or a non-finite latest value). */
export function signalOf(context: PolicyContext, name: string): SignalStats | undefined {
  const stats = context.analysis.signals[name];
  return stats && Number.isFinite(stats.value) ? stats : undefined;
}

/** The first of `names` the window has, with its name (e.g. Gradient2's rtt: service_ms, else latency_mean_ms). */
export function firstSignal(context: PolicyContext, names: readonly string[]): { name: string; stats: SignalStats } | undefined {
  for (const name of names) {
    const stats = signalOf(context, name);
    if (stats) return { name, stats };
  }
  return undefined;
}

export function noChange(reason: string, inputs: Record<string, number> = {}): PolicyProposal {
  return { value: null, reason, inputs };
}

/**
 * The checks every policy makes first. A stale source or an SLO in state `unknown` gives no change (the
 * controller holds or refuses those anyway, but a policy must answer without crashing), and so does a
 * needed signal the window lacks; the reason names it. Returns null when the policy may decide.
 */
export function notReady(context: PolicyContext, needs: readonly string[]): PolicyProposal | null {
  const { analysis } = context;
  const inputs = { samples: analysis.samples, current: context.current };
  if (analysis.stale) return noChange(`no decision: the source is stale after ${analysis.samples} samples (${analysis.stale_reason ?? 'no recent read'})`, inputs);
  if (analysis.slo.state === 'unknown') return noChange(`no decision: the SLO state is unknown after ${analysis.samples} samples (${analysis.slo.reason})`, inputs);
  for (const name of needs) {
    if (!signalOf(context, name)) return noChange(`no decision: no ${name} in the window's ${analysis.samples} samples`, inputs);
  }
  return null;
}

/** SLO comparison in words: `latency_p99_ms 52 ms` style is left to callers; this gives "52 > 40". */
export function sloText(context: PolicyContext): string {
  const { slo } = context.analysis;
  return `${slo.metric} ${slo.value === null ? 'n/a' : fmt(slo.value)} (SLO ${slo.op} ${fmt(slo.limit)}, ${slo.state})`;
}

/** Drop options shared by AIMD and Vegas. */
export interface DropOptions {
  /** A window whose rtt exceeds this counts as a drop (Netflix AIMDLimit's timeout, 5 s). */
  timeout_ms: number;
}

/**
 * The Netflix limiters' "drop" in terms of our signals: the SLO violated, any errors in the window, or an
 * rtt above the timeout. Returns the reason in words, or null when nothing dropped.
 */
export function dropReason(context: PolicyContext, rttMs: number | null, options: DropOptions): string | null {
  if (context.analysis.slo.state === 'violated') return `SLO violated: ${sloText(context)}`;
  const errors = signalOf(context, 'error_rate');
  if (errors && errors.value > 0) return `error_rate ${fmt(errors.value)} > 0`;
  if (rttMs !== null && rttMs > options.timeout_ms) return `rtt ${fmt(rttMs)} ms > timeout ${fmt(options.timeout_ms)} ms`;
  return null;
}

export function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

/**
 * Defaults applied once: `given` may only name keys of `defaults` (a ToolError names the unknown ones and the
 * known ones) and every value must be a finite number.
 */
export function resolveOptions<T extends Record<string, number>>(policy: PolicyName, defaults: T, given: Readonly<Record<string, number>> | undefined): T {
  const known = Object.keys(defaults);
  const unknown = Object.keys(given ?? {}).filter((key) => !known.includes(key));
  if (unknown.length > 0) {
    throw new ToolError('invalid_argument', `policy ${policy} has no option ${unknown.map((k) => `"${k}"`).join(', ')}; its options are ${known.join(', ') || '(none)'}`, {
      details: { field: 'options', policy, unknown, known },
    });
  }
  const out = { ...defaults };
  for (const [key, value] of Object.entries(given ?? {})) {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new ToolError('invalid_argument', `policy ${policy} option ${key} must be a finite number, got ${JSON.stringify(value)}`, { details: { field: `options.${key}`, policy, value } });
    }
    (out as Record<string, number>)[key] = value;
  }
  return out;
}

/** Throws the ToolError for an option outside its range: "policy aimd option backoff_ratio must be ≥ 0.5 and < 1, got 1.2". */
export function checkOption(policy: PolicyName, key: string, value: number, ok: boolean, rule: string): void {
  if (ok) return;
  throw new ToolError('invalid_argument', `policy ${policy} option ${key} must be ${rule}, got ${value}`, { details: { field: `options.${key}`, policy, value, rule } });
}

/**
 * The Netflix limiters keep a fractional limit (`estimatedLimit`) and grow it by fractions per sample. We keep
 * it too, as long as it tracks the value the controller applied (within one unit: rounding); when the
 * controller clamped, refused, rolled back or someone else changed the value, the applied value wins.
 */
export function trackedLimit(estimate: number | null, current: number): number {
  return estimate !== null && Math.abs(estimate - current) < 1 ? estimate : current;
}
