/**
 * A controller in one line of words, for the chat, the CLI and Slack: what it keeps, how, and its latest change
 * ("c-1 keeps latency_p99_ms < 40 on example-service by changing workers (policy little); workers 8 → 12 at
 * 10:02:03 because p99 52 ms > 40 ms").
 */
import { formatNumber } from './analyzer.ts';
import type { ControllerStatus, DecisionRecord } from './types.ts';

const CHANGES = new Set<DecisionRecord['outcome']>(['applied', 'rolled_back', 'dry_run']);

/** HH:MM:SS in UTC. */
export function clockTime(at: number): string {
  return new Date(at).toISOString().slice(11, 19);
}

function describeDecision(status: ControllerStatus, decision: DecisionRecord): string {
  const at = clockTime(decision.at);
  // The controller's reasons say the move themselves ("p99 52 ms > 40 ms → workers 8 → 12 (…)"): told once here.
  const move = `${status.parameter} ${formatNumber(decision.from)} → ${formatNumber(decision.to)}`;
  const why = decision.reason.replace(/^dry run: /, '').replace(` → ${move}`, '');
  if (decision.outcome === 'applied') return `${move} at ${at} because ${why}`;
  if (decision.outcome === 'rolled_back') return `${status.parameter} rolled back ${formatNumber(decision.from)} → ${formatNumber(decision.to)} at ${at}: ${why}`;
  if (decision.outcome === 'dry_run') return `would set ${move} at ${at} (dry run) because ${why}`;
  return `${decision.outcome.replace('_', ' ')} at ${at}: ${decision.reason}`;
}

/** `decisions`: the latest few, oldest first (the latest change among them is told, else the latest decision). */
export function summarizeController(status: ControllerStatus, decisions: readonly DecisionRecord[] = []): string {
  const slo = `${status.slo.metric} ${status.slo.op} ${status.slo.value}`;
  const how = `(policy ${status.policy}${status.dry_run ? ', dry run' : ''})`;
  const live = status.state === 'running' || status.state === 'holding' || status.state === 'starting';
  const head = live
    ? `${status.id} keeps ${slo} on ${status.target} by changing ${status.parameter} ${how}`
    : `${status.id} ${status.state} (it kept ${slo} on ${status.target} by changing ${status.parameter} ${how}); ${status.parameter} ${status.state === 'interrupted' ? 'was' : 'left at'} ${status.value ?? 'unknown'}`;
  const last = [...decisions].reverse().find((d) => CHANGES.has(d.outcome)) ?? decisions.at(-1) ?? status.last_decision;
  const parts = [head];
  if (status.state === 'holding') parts.push(`holding ${status.parameter} at ${status.value ?? 'unknown'}${status.note ? `: ${status.note}` : ''}`);
  if (last) parts.push(describeDecision(status, last));
  else if (live) parts.push(`${status.parameter} = ${status.value ?? 'unknown'}, no decision yet`);
  if (!live && status.note) parts.push(status.note);
  return parts.join('; ');
}
