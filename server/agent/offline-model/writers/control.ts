import { isRecord } from '../plan.ts';

/**
 * Answers about a live controller (issue 15), written from what start_controller, controller_status and
 * stop_controller returned (`{ok, controller_id, controller: ControllerStatus, decisions: DecisionRecord[], summary}`,
 * tools/control/agent-tools.ts), never from canned numbers: what it keeps and how, the policy and why, the bounds, a
 * dry run; its state, the SLO value against the limit, the last changes in words, holds; what a stop left behind.
 * Fields are read defensively: a missing one is left out of the sentence, not invented.
 */

/** The parts of a ControllerStatus the answers use (tools/control/types.ts). */
export interface ControllerView {
  id: string;
  target: string;
  parameter: string;
  policy: string;
  policyReason: string;
  slo: { metric: string; op: string; value: number } | null;
  bounds: { min: number; max: number } | null;
  dryRun: boolean;
  state: string;
  value: number | null;
  initialValue: number | null;
  sloValue: number | null;
  sloState: string;
  decisions: number | null;
  changes: number | null;
  note: string | null;
  periodS: number | null;
}

export interface DecisionView {
  at: number | null;
  from: number | null;
  to: number | null;
  outcome: string;
  reason: string;
}

/** The controller and decisions of a control tool's output, or null when it is not one. */
export function readController(output: unknown, input: Record<string, unknown> = {}): { controller: ControllerView; decisions: DecisionView[]; summary: string } | null {
  if (!isRecord(output)) return null;
  const raw = isRecord(output.controller) ? output.controller : isRecord(output.status) ? output.status : typeof output.target === 'string' ? output : null;
  if (!raw) return null;
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  const str = (v: unknown, fallback = '') => (typeof v === 'string' ? v : fallback);
  const slo = isRecord(raw.slo) && typeof raw.slo.metric === 'string' && typeof raw.slo.op === 'string' && typeof raw.slo.value === 'number' ? { metric: raw.slo.metric, op: raw.slo.op, value: raw.slo.value } : null;
  const bounds = isRecord(raw.bounds) && typeof raw.bounds.min === 'number' && typeof raw.bounds.max === 'number' ? { min: raw.bounds.min, max: raw.bounds.max } : null;
  const controller: ControllerView = {
    id: str(raw.id, str(output.controller_id, 'the controller')),
    target: str(raw.target, str(input.target, 'the service')),
    parameter: str(raw.parameter, str(input.parameter, 'the parameter')),
    policy: str(raw.policy, str(input.policy, 'auto')),
    policyReason: str(raw.policy_reason),
    slo,
    bounds,
    dryRun: raw.dry_run === true,
    state: str(raw.state, 'unknown'),
    value: num(raw.value),
    initialValue: num(raw.initial_value),
    sloValue: num(raw.slo_value),
    sloState: str(raw.slo_state, 'unknown'),
    decisions: num(raw.decisions),
    changes: num(raw.changes),
    note: typeof raw.note === 'string' && raw.note ? raw.note : null,
    periodS: num(raw.period_s) ?? num(input.period_s),
  };
  const list = Array.isArray(output.decisions) ? output.decisions : [];
  const decisions = list.filter(isRecord).map((d): DecisionView => ({ at: num(d.at), from: num(d.from), to: num(d.to), outcome: str(d.outcome, 'unknown'), reason: str(d.reason) }));
  return { controller, decisions, summary: str(output.summary) };
}

/** A number as people read it: integers as is, others to 3 significant digits. */
export function fmt(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(3)));
}

/** "latency_p99_ms < 40 ms", "error_rate < 0.01 (1%)". */
export function sloText(slo: { metric: string; op: string; value: number }): string {
  return `${slo.metric} ${slo.op} ${valueText(slo.metric, slo.value)}`;
}

/** A signal's value with its unit: "52 ms", "0.8% errors" for error_rate, "512 req/s". */
export function valueText(metric: string, value: number): string {
  if (/_ms$/.test(metric)) return `${fmt(value)} ms`;
  if (metric === 'error_rate') return `${fmt(value * 100)}%`;
  if (/_per_s$/.test(metric)) return `${fmt(value)}/s`;
  return fmt(value);
}

const SLO_STATES: Record<string, string> = { ok: 'met', at_risk: 'at risk (close to the limit)', violated: 'violated', unknown: 'not known yet (too few samples)' };

/** One decision in words: "workers 8 → 12 because p99 52 ms > 40 ms". */
export function decisionText(parameter: string, d: DecisionView): string {
  const move = d.from !== null && d.to !== null ? `${parameter} ${fmt(d.from)} → ${fmt(d.to)}` : parameter;
  const why = d.reason ? ` because ${d.reason}` : '';
  switch (d.outcome) {
    case 'applied':
      return `${move}${why}`;
    case 'dry_run':
      return `would set ${move} (dry run)${why}`;
    case 'rolled_back':
      return `rolled back ${move}${why}`;
    case 'held':
      return `held ${parameter}${d.from !== null ? ` at ${fmt(d.from)}` : ''}${d.reason ? `: ${d.reason}` : ''}`;
    case 'failed':
      return `could not change ${move}${d.reason ? `: ${d.reason}` : ''}`;
    case 'refused':
      return `no change yet${d.reason ? ` (${d.reason})` : ''}`;
    default:
      return `no change${d.reason ? ` (${d.reason})` : ''}`;
  }
}

/** The last changes (applied, dry run, rolled back, failed), newest last, at most `limit`; else the latest decision. */
function lastChanges(view: { controller: ControllerView; decisions: DecisionView[] }, limit = 3): string[] {
  const changes = view.decisions.filter((d) => ['applied', 'dry_run', 'rolled_back', 'failed'].includes(d.outcome)).slice(-limit);
  const shown = changes.length > 0 ? changes : view.decisions.slice(-1);
  return shown.map((d) => `- ${decisionText(view.controller.parameter, d)}`);
}

function keepsText(c: ControllerView): string {
  const slo = c.slo ? sloText(c.slo) : 'its SLO';
  const bounds = c.bounds ? ` between ${fmt(c.bounds.min)} and ${fmt(c.bounds.max)}` : '';
  return `keep ${slo} on **${c.target}** by adjusting ${c.parameter}${bounds}`;
}

/** start_controller succeeded. */
export function writeStarted(output: unknown, input: Record<string, unknown>): string {
  const view = readController(output, input);
  if (!view) return `I started a controller on ${String(input.target ?? 'the service')}.`;
  const c = view.controller;
  const lines = [`Controller **${c.id}** started: it will ${keepsText(c)}${c.periodS ? `, checking every ${fmt(c.periodS)} s` : ''}.`];
  const asked = typeof input.policy === 'string' && input.policy !== 'auto';
  lines.push(`Policy: **${c.policy}**${c.policyReason ? ` (${asked ? c.policyReason : `picked automatically: ${c.policyReason}`})` : asked ? ' (as you asked)' : ''}.`);
  if (c.value !== null) lines.push(`${c.parameter} is ${fmt(c.value)} now${c.sloValue !== null && c.slo ? `; ${c.slo.metric} reads ${valueText(c.slo.metric, c.sloValue)} (${SLO_STATES[c.sloState] ?? c.sloState})` : ''}.`);
  if (c.dryRun) lines.push(`**Dry run**: it decides and records every change it would make, but does not touch the service.`);
  if (view.decisions.length > 0) lines.push(`First decisions:\n${lastChanges(view).join('\n')}`);
  lines.push(`Ask "how is the controller doing?" for its decisions, or "stop the controller" to end it (the service keeps the value it has then).`);
  return lines.join('\n\n');
}

/** controller_status succeeded. */
export function writeControllerStatus(output: unknown): string {
  const view = readController(output);
  if (!view) return 'The controller tool answered without a status I can read.';
  const c = view.controller;
  const live = ['running', 'holding', 'starting'].includes(c.state);
  const lines = [`Controller **${c.id}** on **${c.target}** is **${c.state}**${live ? `: it keeps ${c.slo ? sloText(c.slo) : 'its SLO'} by adjusting ${c.parameter} (policy ${c.policy}${c.dryRun ? ', dry run' : ''})` : ''}.`];
  const now: string[] = [];
  if (c.value !== null) now.push(`${c.parameter} is ${fmt(c.value)}${c.initialValue !== null && c.initialValue !== c.value ? ` (it was ${fmt(c.initialValue)} before the controller)` : ''}${c.bounds ? `, bounds ${fmt(c.bounds.min)}–${fmt(c.bounds.max)}` : ''}`);
  if (c.slo) {
    now.push(c.sloValue !== null
      ? `${c.slo.metric} is ${valueText(c.slo.metric, c.sloValue)} against the limit ${c.slo.op} ${valueText(c.slo.metric, c.slo.value)}: the SLO is ${SLO_STATES[c.sloState] ?? c.sloState}`
      : `no reading of ${c.slo.metric} yet`);
  }
  if (now.length) lines.push(`Now: ${now.join('; ')}.`);
  if (c.decisions !== null) lines.push(`${c.decisions} decision${c.decisions === 1 ? '' : 's'} so far, ${c.changes ?? 0} change${c.changes === 1 ? '' : 's'}${c.dryRun ? ' (recorded, not applied: dry run)' : ''}.`);
  if (view.decisions.length > 0) lines.push(`Latest:\n${lastChanges(view).join('\n')}`);
  if (c.state === 'holding' || c.note) lines.push(c.state === 'holding' ? `It is holding ${c.parameter} where it is${c.note ? `: ${c.note}` : ''} (no blind changes while the metrics are stale).` : `Note: ${c.note}`);
  return lines.join('\n\n');
}

/** stop_controller succeeded. */
export function writeControllerStopped(output: unknown): string {
  const view = readController(output);
  if (!view) return 'The controller is stopped.';
  const c = view.controller;
  const left = c.value !== null ? `${c.parameter} stays at ${fmt(c.value)}${c.initialValue !== null ? (c.initialValue === c.value ? ' (where it started)' : ` (it was ${fmt(c.initialValue)} when the controller started)`) : ''}` : `${c.parameter} keeps its current value`;
  const lines = [`Stopped controller **${c.id}** on **${c.target}**: ${left}; nothing is reset.`];
  if (c.decisions !== null) lines.push(`It made ${c.decisions} decision${c.decisions === 1 ? '' : 's'} and ${c.changes ?? 0} change${c.changes === 1 ? '' : 's'}${c.dryRun ? ' (dry run: none applied)' : ''}.`);
  if (c.slo && c.sloValue !== null) lines.push(`Last reading: ${c.slo.metric} ${valueText(c.slo.metric, c.sloValue)} against ${c.slo.op} ${valueText(c.slo.metric, c.slo.value)} (${SLO_STATES[c.sloState] ?? c.sloState}).`);
  const changes = lastChanges(view);
  if (view.decisions.length > 0) lines.push(`Last changes:\n${changes.join('\n')}`);
  return lines.join('\n\n');
}

/** The chat's dry-run mode (server/agent/dry-run.ts): nothing ran; say what would have. */
export function writeControlDryRun(tool: string, input: Record<string, unknown>): string {
  if (tool === 'start_controller') {
    const slo = isRecord(input.slo) && typeof input.slo.value === 'number' ? sloText({ metric: String(input.metric), op: String(input.slo.op), value: input.slo.value }) : String(input.metric);
    const bounds = isRecord(input.bounds) ? ` between ${String(input.bounds.min)} and ${String(input.bounds.max)}` : '';
    const extras = [
      `policy ${typeof input.policy === 'string' ? input.policy : 'auto (it picks one and says why)'}`,
      ...(typeof input.period_s === 'number' ? [`every ${fmt(input.period_s)} s`] : []),
      ...(input.dry_run === true ? ['in its own dry-run mode (decide and record, never change the service)'] : []),
    ];
    return `Dry run: nothing was executed. I would start a controller on **${String(input.target)}** to keep ${slo} by adjusting ${String(input.parameter)}${bounds}, ${extras.join(', ')}.`;
  }
  const which = typeof input.controller_id === 'string' ? `controller ${input.controller_id}` : "this session's latest controller";
  return tool === 'stop_controller' ? `Dry run: nothing was executed. I would stop ${which}.` : `Dry run: nothing was executed. I would show the status and latest decisions of ${which}.`;
}
