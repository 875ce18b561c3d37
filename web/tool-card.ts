import { escapeHtml } from './markdown.ts';
import { readBenchProgress } from './charts/bench-data.ts';
import { toolNameOf, type ViewPart } from './message-builder.ts';
import { benchPlaceholderHtml, studyIdOfPart, studyPlaceholderHtml } from './study-placeholders.ts';
import { controllerIdOfPart, controlPlaceholderHtml } from './control-placeholders.ts';
import { durationText } from './study-text.ts';

type Json = Record<string, any>;
const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const first = (o: Json, ...keys: string[]): unknown => keys.map((k) => o[k]).find((v) => v !== undefined && v !== null);

const STATE_LABEL: Record<string, string> = {
  'input-streaming': 'preparing',
  'input-available': 'running',
  'output-available': 'done',
  'output-error': 'failed',
};

/** A study's progress as far as it can be read from a tool output (field names vary across tools). */
export interface StudyProgress {
  done: number | null;
  total: number | null;
  best: number | null;
  bestParams: Json | null;
  status: string | null;
  /** Objective metric names, when the output names them (several: a Pareto front). */
  metrics: string[];
  /** Several objectives: the size of the Pareto front, when known. */
  front: number | null;
  /** A distributed study: "3 workers (12 slots), 9 trials running, 2 retried". */
  workers?: string;
}

export function readStudyProgress(output: unknown): StudyProgress | null {
  if (!isRecord(output)) return null;
  const o: Json = isRecord(output.study) ? { ...output, ...output.study } : output;
  // Trial counts by state: `trials: {total, budget, complete, pruned, failed, running, waiting}` or `counts: {...}`.
  const counts = [o.trials, o.counts, o.trial_counts].find(isRecord) ?? null;
  const finished = counts ? ['complete', 'completed', 'pruned', 'failed', 'fail'].reduce((a, k) => a + (num(counts[k]) ?? 0), 0) : null;
  const done = num(first(o, 'trials_done', 'done', 'n_complete', 'finished')) ?? (counts && finished !== null ? finished : null);
  const budget = (counts ? num(first(counts, 'budget', 'total')) : null) ?? (isRecord(o.budget) ? num(o.budget.trials) : null);
  const total = budget ?? num(first(o, 'n_trials', 'total', 'trials_total', 'budget_trials', 'planned_trials'));
  const bestRaw = first(o, 'best', 'best_trial', 'best_so_far');
  const best = isRecord(bestRaw) ? num(first(bestRaw, 'value', 'best_value')) ?? (Array.isArray(bestRaw.values) ? num(bestRaw.values[0]) : null) : num(first(o, 'best_value'));
  const bestParams = isRecord(bestRaw) && isRecord(bestRaw.params) ? bestRaw.params : null;
  const objectives = [o.objectives, isRecord(o.plan) ? o.plan.objectives : undefined].find(Array.isArray) as unknown[] | undefined;
  const metrics = (objectives ?? []).map((x) => (isRecord(x) && typeof x.metric === 'string' ? x.metric : null)).filter((m): m is string => m !== null);
  const front = Array.isArray(o.pareto) && metrics.length > 1 ? o.pareto.length : null;
  // A trial budget alone (e.g. an analysis over n_trials) is not study progress.
  if (done === null && best === null && front === null) return null;
  const workersRaw = isRecord(o.plan) && o.plan.workers !== undefined ? o.plan.workers : o.workers;
  const workers = typeof workersRaw === 'string' ? workersRaw : isRecord(workersRaw) && typeof workersRaw.line === 'string' ? workersRaw.line : null;
  return { done, total, best, bestParams, status: typeof o.status === 'string' ? o.status : null, metrics, front, ...(workers ? { workers } : {}) };
}

/** Up to six top-level scalar fields of an output, shown on the card while the full JSON stays folded. */
function summaryHtml(output: unknown): string {
  if (!isRecord(output)) return typeof output === 'string' ? `<div class="tool-summary">${escapeHtml(output.slice(0, 300))}</div>` : '';
  const fields = Object.entries(output)
    .filter(([k, v]) => k !== 'ok' && (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'))
    .slice(0, 6)
    .map(([k, v]) => `<span class="field"><span class="key">${escapeHtml(k)}</span> ${formatNumber(v)}</span>`);
  return fields.length ? `<div class="tool-summary">${fields.join('')}</div>` : '';
}

/** The exact argv(s) a tool call runs or registers, always visible (not folded into the input). */
function commandHtml(input: unknown): string {
  if (!isRecord(input)) return '';
  const argvs = [input.command, ...(Array.isArray(input.commands) ? input.commands : [])].filter((a): a is string[] => Array.isArray(a) && a.every((x) => typeof x === 'string'));
  if (argvs.length === 0) return '';
  return `<div class="tool-command">runs ${argvs.map((a) => `<code>${escapeHtml(JSON.stringify(a))}</code>`).join(' ')}</div>`;
}

function formatNumber(v: unknown): string {
  if (typeof v !== 'number') return escapeHtml(String(v));
  if (Number.isInteger(v)) return String(v);
  return Math.abs(v) >= 1e4 || Math.abs(v) < 1e-3 ? v.toExponential(3) : v.toPrecision(5);
}

/** "best value = 0.398", "Pareto front, 5 trials (a, b)"; the metric is named whenever the output names it. */
function bestHtml(p: StudyProgress): string {
  if (p.metrics.length > 1) return p.front !== null ? ` <span class="best">Pareto front, ${p.front} trials (${p.metrics.map(escapeHtml).join(', ')})</span>` : '';
  if (p.best === null) return '';
  return ` <span class="best">best ${p.metrics[0] ? `${escapeHtml(p.metrics[0])} = ` : ''}${formatNumber(p.best)}</span>`;
}

function progressHtml(p: StudyProgress): string {
  const pct = p.done !== null && p.total ? Math.min(100, (100 * p.done) / p.total) : null;
  const params = p.bestParams && p.metrics.length <= 1
    ? Object.entries(p.bestParams).map(([k, v]) => `<span class="param">${escapeHtml(k)}=${formatNumber(v)}</span>`).join(' ')
    : '';
  const trials = p.done !== null ? `<span class="trials">${p.done}${p.total !== null ? ` / ${p.total}` : ''} trials</span>` : '';
  return `<div class="study-progress">
    <div class="progress-line">${trials}${p.status ? ` <span class="study-status">${escapeHtml(p.status)}</span>` : ''}${bestHtml(p)}</div>
    ${pct !== null ? `<div class="bar"><div class="bar-fill" style="width:${pct.toFixed(1)}%"></div></div>` : ''}
    ${params ? `<div class="best-params">${params}</div>` : ''}
    ${p.workers ? `<div class="study-workers">${escapeHtml(p.workers)}</div>` : ''}
  </div>`;
}

/** A running benchmark: elapsed time and requests (or runs) so far, from its preliminary output. */
function benchProgressHtml(output: unknown): string {
  const p = readBenchProgress(output);
  if (!p) return '';
  return `<div class="bench-progress"><span class="bench-elapsed">${p.elapsedS !== null ? escapeHtml(durationText(p.elapsedS)) : 'starting'}</span> <span class="bench-requests">${escapeHtml(p.label)}</span></div>`;
}

function jsonBlock(value: unknown): string {
  const text = JSON.stringify(value, null, 2) ?? String(value);
  return `<pre class="json">${escapeHtml(text.length > 6000 ? `${text.slice(0, 6000)}\n…` : text)}</pre>`;
}

/** The HTML of one tool card: name and state, the input, live progress or the output, or the error. */
export function toolCardHtml(part: ViewPart, options: { messageDone?: boolean; studiesShown?: Set<string> } = {}): string {
  const name = toolNameOf(part);
  const state = part.state ?? 'input-streaming';
  const unfinished = state === 'input-available' || state === 'input-streaming' || part.preliminary === true;
  const studyId = state === 'output-error' ? null : studyIdOfPart(part);
  const compact = studyId !== null && (name === 'stop_study' || (options.studiesShown?.has(studyId) ?? false));
  if (studyId) options.studiesShown?.add(studyId);
  // A tool still running when its message ended was cut short (Stop, or the turn failed). A study card says only
  // that the answer ended: its live panel follows the study itself, which keeps running.
  const running = unfinished && !options.messageDone;
  const label = unfinished && options.messageDone ? (studyId ? 'answer ended' : 'interrupted') : part.preliminary ? 'running' : STATE_LABEL[state] ?? state;
  const progress = state === 'output-available' ? readStudyProgress(part.output) : null;
  const input = part.input !== undefined ? jsonBlock(part.input) : part.inputText ? `<pre class="json">${escapeHtml(part.inputText)}</pre>` : '';
  const bench = name.startsWith('bench_');
  // A controller card (start_controller, controller_status, stop_controller) hosts the controller's live panel.
  const controllerId = state === 'output-error' ? null : controllerIdOfPart(part);
  let body = '';
  if (state === 'output-error') body = `<div class="tool-error">${escapeHtml(part.errorText ?? 'failed')}</div>`;
  else if (state === 'output-available') {
    const failure = isRecord(part.output) && part.output.ok === false && isRecord(part.output.error) ? part.output.error : null;
    const benchLive = bench && part.preliminary ? benchProgressHtml(part.output) : '';
    const benchDone = bench && !part.preliminary ? benchPlaceholderHtml(part) : '';
    const summary = progress ? progressHtml(progress) : benchLive || summaryHtml(part.output);
    body = failure
      ? `<div class="tool-error">${escapeHtml(String(failure.code ?? 'error'))}: ${escapeHtml(String(failure.message ?? ''))}</div>`
      : `${studyId ? studyPlaceholderHtml(part, studyId, summary, { compact }) : controllerId ? controlPlaceholderHtml(part, controllerId, summary) : summary}${benchDone}<details class="tool-output"><summary>output</summary>${jsonBlock(part.output)}</details>`;
  } else if (studyId) {
    body = studyPlaceholderHtml(part, studyId, '', { compact });
  } else if (controllerId) {
    body = controlPlaceholderHtml(part, controllerId, '');
  }
  return `<div class="tool-card state-${escapeHtml(state)}${running ? ' running' : ''}${studyId ? ' study-card' : ''}" data-tool="${escapeHtml(name)}" data-tool-call-id="${escapeHtml(part.toolCallId ?? '')}">
    <div class="tool-head"><span class="tool-name">${escapeHtml(name)}</span><span class="tool-state">${escapeHtml(label)}</span></div>
    ${commandHtml(part.input)}
    ${input ? `<details class="tool-input"><summary>input</summary>${input}</details>` : ''}
    ${body}
  </div>`;
}
