import type { ControllerStatus, DecisionRecord, Slo } from '../tools/control/types.ts';

/**
 * The words a controller's live views use, the same in the web panel and the terminal (`tunechat control`):
 * "10:02:03  p99 52.1 ms > 40 ms for 5 s → workers 8 → 12 (little)". Pure: no DOM, no Node APIs.
 */

/** Short names of the standard signals ("latency_p99_ms" → "p99"); other names are shown as they are. */
const SIGNAL_NAMES: Record<string, string> = {
  latency_p50_ms: 'p50',
  latency_p90_ms: 'p90',
  latency_p99_ms: 'p99',
  latency_mean_ms: 'mean latency',
  requests_per_s: 'requests/s',
  error_rate: 'error rate',
  queue_wait_ms: 'queue wait',
  inflight: 'in flight',
  busy: 'busy',
  service_ms: 'service time',
  work_per_s: 'work/s',
};

export function signalName(metric: string): string {
  return SIGNAL_NAMES[metric] ?? metric;
}

/** 3 significant digits at most, no trailing zeros: 52.1, 0.123, 1240. */
export function shortNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 1000 || Number.isInteger(value)) return String(Math.round(value));
  return String(Number(value.toPrecision(3)));
}

/** A signal's value with its unit: "52.1 ms", "2.5%" (error rate), "340/s". */
export function signalValue(metric: string, value: number): string {
  if (metric === 'error_rate') return `${shortNumber(value * 100)}%`;
  if (metric.endsWith('_ms')) return `${shortNumber(value)} ms`;
  if (metric.endsWith('_per_s')) return `${shortNumber(value)}/s`;
  return shortNumber(value);
}

/** How long the SLO has been in its state, when the decision's inputs carry it. */
function forSeconds(inputs: Record<string, number>): number | null {
  const v = inputs.slo_for_s ?? inputs.for_s;
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** "p99 52.1 ms > 40 ms for 5 s": the signal against the limit, with the relation it actually has. */
export function sloText(slo: Slo, value: number | null, forS: number | null = null): string {
  const name = signalName(slo.metric);
  if (value === null) return `${name} ? (no data) · SLO ${slo.op} ${signalValue(slo.metric, slo.value)}`;
  const relation = value > slo.value ? '>' : value < slo.value ? '<' : '=';
  const lasting = forS !== null && forS >= 1 ? ` for ${Math.round(forS)} s` : '';
  return `${name} ${signalValue(slo.metric, value)} ${relation} ${signalValue(slo.metric, slo.value)}${lasting}`;
}

/** The parameter's value once the decision was carried out (only applied changes and rollbacks move it). */
export function valueAfter(decision: DecisionRecord): number {
  return decision.outcome === 'applied' || decision.outcome === 'rolled_back' ? decision.to : decision.from;
}

/** "10:02:03" in local time (`utc` for tests). */
export function clockTime(at: number, utc = false): string {
  const d = new Date(at);
  const parts = utc ? [d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()] : [d.getHours(), d.getMinutes(), d.getSeconds()];
  return parts.map((n) => String(n).padStart(2, '0')).join(':');
}

/** Whether a decision belongs in the log (changes, holds, refusals, failures): a plain `no_change` tick does not. */
export function isNotable(decision: DecisionRecord): boolean {
  return decision.outcome !== 'no_change';
}

/**
 * What makes two holds or refusals "the same again": the outcome and the reason with its numbers blanked ("cooling
 * down: 2.5 s left" and "cooling down: 1.9 s left" are one). Null for decisions that are always shown (changes).
 */
export function repeatKey(decision: DecisionRecord): string | null {
  if (decision.outcome !== 'refused' && decision.outcome !== 'held') return null;
  return `${decision.outcome}|${decision.reason.replace(/[-+]?\d+(?:[.,]\d+)?(?:e[-+]?\d+)?/gi, '#')}`;
}

/** Notable decisions with runs of the same hold or refusal merged into their latest (`repeated`: how many it stands for). */
export function collapseRepeats(decisions: readonly DecisionRecord[]): { decision: DecisionRecord; repeated: number }[] {
  const out: { decision: DecisionRecord; repeated: number }[] = [];
  for (const decision of decisions) {
    if (!isNotable(decision)) continue;
    const key = repeatKey(decision);
    const last = out.at(-1);
    if (key !== null && last && repeatKey(last.decision) === key) out[out.length - 1] = { decision, repeated: last.repeated + 1 };
    else out.push({ decision, repeated: 1 });
  }
  return out;
}

/**
 * One decision in words, without the time: "p99 52.1 ms > 40 ms for 5 s → workers 8 → 12 (little)".
 * Holds, refusals and failures add the controller's reason.
 */
export function decisionText(decision: DecisionRecord, slo: Slo): string {
  const { parameter: p, from, to, policy } = decision;
  const signal = sloText(slo, decision.slo_value, forSeconds(decision.inputs));
  const change = `${p} ${shortNumber(from)} → ${shortNumber(to)}`;
  switch (decision.outcome) {
    case 'applied':
      return `${signal} → ${change} (${policy})`;
    case 'dry_run':
      return `${signal} → ${change} (${policy}, dry run: not applied)`;
    case 'rolled_back':
      return `${signal} → rollback ${change}: ${decision.reason}`;
    case 'held':
      return `${signal} → hold ${p} ${shortNumber(from)}: ${decision.reason}`;
    case 'refused':
      return `${signal} → ${p} stays ${shortNumber(from)}, refused: ${decision.reason}`;
    case 'failed':
      return `${signal} → ${change} failed: ${decision.reason}`;
    case 'no_change':
      return `${signal} → ${p} stays ${shortNumber(from)} (${policy})`;
  }
}

/** "10:02:03  p99 52.1 ms > 40 ms for 5 s → workers 8 → 12 (little)". */
export function decisionLine(decision: DecisionRecord, slo: Slo, options: { utc?: boolean } = {}): string {
  return `${clockTime(decision.at, options.utc)}  ${decisionText(decision, slo)}`;
}

/** "example-service · workers · little": what the controller steers and how. */
export function controllerTitle(status: ControllerStatus): string {
  return `${status.target} · ${status.parameter} · ${status.policy}`;
}

/** "workers 12 · p99 38.2 ms < 40 ms (ok) · running · 14 decisions, 3 changes". */
export function controllerSummary(status: ControllerStatus): string {
  const value = status.value === null ? '?' : shortNumber(status.value);
  const decisions = `${status.decisions} decision${status.decisions === 1 ? '' : 's'}, ${status.changes} change${status.changes === 1 ? '' : 's'}`;
  return `${status.parameter} ${value} · ${sloText(status.slo, status.slo_value)} (${status.slo_state.replace('_', ' ')}) · ${status.state}${status.dry_run ? ' (dry run)' : ''} · ${decisions}`;
}

/** States after which a controller does nothing more by itself. */
export const FINAL_CONTROLLER_STATES: ReadonlySet<string> = new Set(['stopped', 'failed', 'interrupted']);
