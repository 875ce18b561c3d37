/**
 * The one-line text an MCP client shows (and a model reads first) for a tool result; the whole value is in
 * `structuredContent` and, as JSON, in the next text block. Written from the shapes the tools return, not per tool.
 */
type Json = Record<string, unknown>;

export function resultSummary(tool: string, value: unknown): string {
  if (!isObject(value)) return `${tool}: ${JSON.stringify(value) ?? 'no result'}`.slice(0, 300);
  const failure = failureOf(value);
  if (failure) return `${tool} failed (${failure.code}): ${failure.message}`;
  if (typeof value.study_id === 'string' && isObject(value.plan)) return startedStudy(value);
  if (typeof value.study_id === 'string' && isObject(value.trials)) return studyStatus(value);
  if (value.status === 'done' && typeof value.run_id === 'string') return `benchmark run ${value.run_id} finished`;
  if (value.dry_run === true) return `${tool}: dry run, nothing executed`;
  return `${tool}: ${shape(value)}`;
}

/** `{ ok: false, error: { code, message } }`: a failure the model can fix, returned as data by the tools. */
export function failureOf(value: unknown): { code: string; message: string; details: Json } | null {
  if (!isObject(value) || value.ok !== false || !isObject(value.error)) return null;
  const { code, message, details } = value.error;
  return { code: String(code ?? 'internal'), message: String(message ?? ''), details: isObject(details) ? details : {} };
}

function startedStudy(value: Json): string {
  const plan = value.plan as Json;
  const parts = [plan.trials !== undefined ? `${plan.trials} trials` : null, plan.sampler ? `sampler ${plan.sampler}` : null].filter(Boolean);
  const on = value.target ? ` on ${value.target}` : '';
  return `study ${value.study_id}${on} started${parts.length ? ` (${parts.join(', ')})` : ''}; trials run in the background: wait_for_study streams progress`;
}

function studyStatus(value: Json): string {
  const trials = value.trials as Json;
  const done = ['complete', 'pruned', 'failed'].reduce((sum, key) => sum + (typeof trials[key] === 'number' ? (trials[key] as number) : 0), 0);
  const budget = typeof trials.budget === 'number' && trials.budget > 0 ? `/${trials.budget}` : '';
  let text = `study ${value.study_id} ${value.status ?? ''}: ${done}${budget} trials`;
  const best = isObject(value.best) ? value.best : null;
  const objectives = Array.isArray(value.objectives) ? (value.objectives as Json[]) : [];
  if (best && Array.isArray(best.values)) {
    text += `, best ${(best.values as unknown[]).map((v, i) => `${objectives[i]?.metric ?? `objective ${i + 1}`} ${num(v)}`).join(', ')} (trial #${best.number}, params ${JSON.stringify(best.params)})`;
  }
  if (value.runs_here === false) text += '; not running in this tunechat process, so waiting here cannot follow it (see note)';
  else if (value.timed_out === true) text += '; still running (call wait_for_study again, or stop_study)';
  return text;
}

/** "targets (12), templates (5)": the top-level fields, arrays with their lengths. */
function shape(value: Json): string {
  const fields = Object.entries(value)
    .filter(([key]) => key !== 'ok')
    .slice(0, 8)
    .map(([key, field]) => (Array.isArray(field) ? `${key} (${field.length})` : isObject(field) || typeof field === 'string' ? key : `${key} ${JSON.stringify(field)}`));
  return fields.length ? fields.join(', ') : 'ok';
}

function num(value: unknown): string {
  return typeof value === 'number' ? String(Number(value.toPrecision(6))) : String(value);
}

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
