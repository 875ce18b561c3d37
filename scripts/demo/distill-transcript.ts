/**
 * The record of a web-distill demo run as markdown (docs/demo/web-distill.md): what the user typed, what the
 * assistant answered (its stored text, verbatim), the study's trials with their metrics, and the wall times.
 */
import { formatNumber, markdownTable } from '../../server/agent/offline-model/writers/format.ts';
import { BASELINE_ATTR } from '../../tools/optimizer/baseline.ts';
import type { StudyRecord, Trial } from '../../tools/optimizer/types.ts';

export interface DemoTurn {
  user: string;
  /** The assistant's text parts of that turn, in order (the plan line, then the answer). */
  assistant: string[];
  /** Tools the turn called, in order, and their outputs. */
  tools: string[];
  outputs: unknown[];
  startedAt: number;
  endedAt: number;
}

export interface DemoRecord {
  startedAt: number;
  endedAt: number;
  /** What the demo waited on between turns, in words ("the study card showed complete after 1002 s"). */
  notes: string[];
  turns: DemoTurn[];
  study: StudyRecord | null;
  trials: Trial[];
  screenshots: string[];
  server: string;
}

const PARAMS = ['width', 'depth', 'epochs', 'learning_rate', 'batch_size', 'temperature', 'alpha', 'label_smoothing'];
const METRICS = ['accuracy', 'size_kb', 'latency_p50_ms', 'latency_p99_ms'];

export function demoMarkdown(record: DemoRecord): string {
  const lines = [
    '# Tried as a new user: distillation from the web UI',
    '',
    `Recorded by \`node --import tsx scripts/demo/web-distill.ts\` on ${new Date(record.startedAt).toISOString()} (${record.server}).`,
    `Wall time from the first keystroke to the last answer: **${seconds(record.endedAt - record.startedAt)}**.`,
    '',
    ...record.screenshots.map((file) => `![${file}](${file})`),
    '',
  ];
  record.turns.forEach((turn, i) => {
    lines.push(`## Turn ${i + 1} (${seconds(turn.endedAt - turn.startedAt)})`, '', `**User:** ${turn.user}`, '');
    if (turn.tools.length > 0) lines.push(`*Tools called:* ${turn.tools.map((t) => `\`${t}\``).join(', ')}`, '');
    lines.push('**Assistant:**', '', ...turn.assistant.flatMap((text) => [quote(text), '']));
    const note = record.notes[i];
    if (note) lines.push(`*Then:* ${note}`, '');
  });
  if (record.study) lines.push(...studySection(record.study, record.trials));
  return `${lines.join('\n').trimEnd()}\n`;
}

function studySection(study: StudyRecord, trials: Trial[]): string[] {
  const count = (state: string) => trials.filter((t) => t.state === state).length;
  const feasible = trials.filter((t) => t.state === 'complete' && (t.constraintViolations ?? []).every((v) => v <= 0));
  const started = Math.min(...trials.map((t) => t.startedAt ?? Infinity));
  const ended = Math.max(...trials.map((t) => t.completedAt ?? 0));
  const teacher = trials.find((t) => t.metrics.teacher_accuracy !== undefined)?.metrics;
  const constraints = (study.spec.constraints ?? []).map((c) => `${c.metric} ${c.op} ${c.value}`).join(', ');
  const rows = trials.map((t) => {
    const ok = t.state !== 'complete' ? '' : (t.constraintViolations ?? []).every((v) => v <= 0) ? 'yes' : 'no';
    const took = t.startedAt !== null && t.completedAt !== null ? (t.completedAt - t.startedAt) / 1000 : null;
    return [`#${t.number}${t.systemAttrs[BASELINE_ATTR] === true ? ' (baseline)' : ''}`, t.state, ...PARAMS.map((p) => cell(t.params[p])), ...METRICS.map((m) => cell(t.metrics[m])), ok, took === null ? '' : took.toFixed(0)];
  });
  return [
    `## The study \`${study.id}\``,
    '',
    `Target \`${study.spec.targetName ?? study.spec.target.kind}\`, objectives ${study.spec.objectives.map((o) => `${o.direction} ${o.metric}`).join(', ')}` +
      `${constraints ? `, constraints ${constraints}` : ''}, sampler \`${study.spec.sampler ?? 'default'}\`, status **${study.status}**.`,
    `Trials: ${trials.length} (${count('complete')} complete, ${count('pruned')} pruned, ${count('failed')} failed); ${feasible.length} meet every constraint.` +
      ` First trial start to last trial end: ${Number.isFinite(started) && ended > 0 ? seconds(ended - started) : '-'}.`,
    study.spec.baseline ? `Trial 0 is the target's baseline (its template's known-good configuration, enqueued before the sampler's picks)${study.spec.baselineNote ? `; ${study.spec.baselineNote}` : ''}.` : study.spec.baselineNote ?? '',
    teacher ? `Teacher (every trial reports it): accuracy ${cell(teacher.teacher_accuracy)}, size_kb ${cell(teacher.teacher_size_kb)}, latency_p99_ms ${cell(teacher.teacher_latency_p99_ms)}, params ${cell(teacher.teacher_params)}.` : '',
    '',
    markdownTable(['trial', 'state', ...PARAMS, ...METRICS, 'feasible', 'wall s'], rows),
    '',
    ...trials.filter((t) => t.error).map((t) => `- trial #${t.number} ${t.state}: ${t.error!.split('\n')[0]!.slice(0, 200)}`),
  ];
}

function cell(value: unknown): string {
  if (typeof value === 'number') return formatNumber(value);
  return value === undefined || value === null ? '' : String(value);
}

function seconds(ms: number): string {
  const s = Math.round(ms / 1000);
  return s >= 120 ? `${s} s (${Math.floor(s / 60)} min ${s % 60} s)` : `${s} s`;
}

/** A markdown block quote (tables and lists keep working inside one). */
function quote(text: string): string {
  return text.split('\n').map((line) => (line ? `> ${line}` : '>')).join('\n');
}
