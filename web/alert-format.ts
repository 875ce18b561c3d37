import type { AlertJson } from '../server/protocol.ts';
import { relativeTime, toEpochMs } from './relative-time.ts';

/**
 * Turns rule alerts (server/protocol.ts AlertJson, raised by `trigger_alert` in tools/rules) into one compact line
 * per rule: rule name, the metric with its value and unit, the study or benchmark, and when. Pure, so the
 * formatting is unit-tested; web/alerts.ts draws the lines.
 *
 * An alert does not say which field its rule tested, so the metric is inferred from the matched facts:
 * a field the (custom) message names or quotes the value of, else the first field with a unit suffix
 * (`latency_p99_ms`, `error_rate`…), else the objective (`value`, `best_value`).
 */

export interface AlertMetric {
  /** Display name: the field without its unit suffix, underscores as spaces ("latency p99"). */
  name: string;
  field: string;
  value: string;
  unit: string;
}

export interface AlertSummary {
  ruleId: string;
  metric: AlertMetric | null;
  /** "study branin-1 · trial #12", "benchmark api-v2"… */
  subject: string | null;
  /** Epoch milliseconds (NaN when the server sent something unreadable). */
  at: number;
  message: string;
}

/** The alerts of one rule, newest last in `alerts`; `latest` describes the newest. */
export interface AlertGroup {
  key: string;
  ruleId: string;
  count: number;
  latest: AlertSummary;
  alerts: AlertJson[];
}

interface FactLike {
  type: string;
  id: string;
  fields: Record<string, unknown>;
}

/** Unit suffixes of metric field names (tools/rules/fact-publishing.ts flattens bench results this way). */
const UNITS: [suffix: string, unit: string][] = [
  ['_ms', 'ms'],
  ['_us', 'µs'],
  ['_seconds', 's'],
  ['_s', 's'],
  ['_pct', '%'],
  ['_percent', '%'],
  ['_rate', '%'],
  ['_rps', 'req/s'],
  ['_qps', 'req/s'],
  ['_tps', 'tokens/s'],
  ['_bytes', 'B'],
  ['_mb', 'MB'],
  ['_gb', 'GB'],
];

/** Numeric fields that identify or time a fact rather than measure something. */
const NOT_METRICS = new Set(['number', 'attempt', 'step', 'started_at', 'ended_at', 'at', 'created_at', 'updated_at', 'seed', 'trials_complete', 'trials_pruned', 'trials_failed']);
/** Fallbacks when no field has a unit: the objective, then stagnation. */
const OBJECTIVES = ['value', 'best_value', 'trials_since_best'];

const MAX_MESSAGE_CHARS = 500;

export function summarizeAlert(alert: AlertJson): AlertSummary {
  const facts = readFacts(alert.facts);
  const message = String(alert.message ?? '').slice(0, MAX_MESSAGE_CHARS);
  return { ruleId: String(alert.ruleId), metric: pickMetric(facts, message, alert.ruleId), subject: subjectOf(facts, alert.studyId), at: toEpochMs(alert.at), message };
}

/** Groups by rule, newest group first; each group keeps its alerts in arrival order. */
export function groupAlerts(alerts: readonly AlertJson[]): AlertGroup[] {
  const groups = new Map<string, AlertGroup>();
  for (const alert of alerts) {
    const key = String(alert.ruleId);
    const group = groups.get(key);
    if (group) {
      group.alerts.push(alert);
      group.count += 1;
      group.latest = summarizeAlert(alert);
    } else groups.set(key, { key, ruleId: key, count: 1, latest: summarizeAlert(alert), alerts: [alert] });
  }
  return [...groups.values()].sort((a, b) => (b.latest.at || 0) - (a.latest.at || 0));
}

/** The line's pieces in display order (rule, metric, subject, when, count), empty ones left out. */
export function alertLineParts(group: AlertGroup, now: number): string[] {
  const { latest } = group;
  const metric = latest.metric ? `${latest.metric.name} ${latest.metric.value}${latest.metric.unit ? ` ${latest.metric.unit}` : ''}` : '';
  const when = Number.isFinite(latest.at) ? relativeTime(latest.at, now) : '';
  return [latest.ruleId, metric, latest.subject ?? '', when, group.count > 1 ? `×${group.count}` : ''].filter((p) => p !== '');
}

/** The whole line as text: "p99-budget · latency p99 250 ms · study branin · 5 min ago · ×3". */
export function alertLine(group: AlertGroup, now: number): string {
  return alertLineParts(group, now).join(' · ');
}

function readFacts(raw: unknown): FactLike[] {
  if (!Array.isArray(raw)) return [];
  return raw.slice(0, 20).flatMap((f) => {
    if (!f || typeof f !== 'object') return [];
    const { type, id, fields } = f as Record<string, unknown>;
    const record = fields && typeof fields === 'object' && !Array.isArray(fields) ? (fields as Record<string, unknown>) : {};
    return [{ type: String(type ?? 'Fact'), id: String(id ?? ''), fields: record }];
  });
}

function numericFields(facts: FactLike[]): [field: string, value: number][] {
  const seen = new Set<string>();
  const out: [string, number][] = [];
  for (const fact of facts) {
    for (const [field, value] of Object.entries(fact.fields)) {
      if (typeof value !== 'number' || !Number.isFinite(value) || NOT_METRICS.has(field) || seen.has(field)) continue;
      seen.add(field);
      out.push([field, value]);
    }
  }
  return out;
}

function pickMetric(facts: FactLike[], message: string, ruleId: string): AlertMetric | null {
  const fields = numericFields(facts);
  if (fields.length === 0) return null;
  // The default message ("rule X fired: Trial t (a=1, b=2…)") lists fields indiscriminately; a custom one names what matters.
  const custom = !message.startsWith(`rule ${ruleId} fired`);
  const named = custom ? fields.find(([f]) => new RegExp(`\\b${escapeRegExp(f)}\\b`).test(message)) : undefined;
  const quoted = custom && !named ? fields.find(([, v]) => !Number.isInteger(v) || Math.abs(v) >= 10 ? new RegExp(`(^|[^\\d.])${escapeRegExp(String(v))}([^\\d]|$)`).test(message) : false) : undefined;
  const withUnit = fields.find(([f]) => unitOf(f) !== null);
  const objective = OBJECTIVES.map((o) => fields.find(([f]) => f === o)).find((f) => f !== undefined);
  const chosen = named ?? quoted ?? withUnit ?? objective ?? fields[0]!;
  return formatMetric(chosen[0], chosen[1]);
}

function unitOf(field: string): { suffix: string; unit: string } | null {
  const hit = UNITS.find(([suffix]) => field.endsWith(suffix) && field.length > suffix.length);
  return hit ? { suffix: hit[0], unit: hit[1] } : null;
}

export function formatMetric(field: string, value: number): AlertMetric {
  const unit = unitOf(field);
  const base = unit ? field.slice(0, -unit.suffix.length) : field;
  const name = (unit?.suffix === '_rate' ? field : base).replace(/_/g, ' ').trim();
  // Rates are fractions (error_rate 0.02): shown as a percentage.
  const shown = unit?.suffix === '_rate' && value >= 0 && value <= 1 ? value * 100 : value;
  return { name, field, value: formatValue(shown), unit: unit?.unit ?? '' };
}

/** Integers as they are; others with 3 significant digits (no exponent below a million). */
export function formatValue(value: number): string {
  if (Number.isInteger(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 1e6 || abs < 1e-4) return value.toExponential(2);
  if (abs >= 100) return String(Math.round(value));
  return String(Number(value.toPrecision(3)));
}

function subjectOf(facts: FactLike[], studyId: string | null): string | null {
  const bench = facts.find((f) => f.type === 'BenchResult');
  if (bench) return `benchmark ${shortId(typeof bench.fields.label === 'string' && bench.fields.label ? bench.fields.label : bench.id)}`;
  const study = facts.find((f) => f.type === 'Study');
  const trial = facts.find((f) => (f.type === 'Trial' || f.type === 'Fact') && typeof f.fields.number === 'number');
  const studyName = study && typeof study.fields.name === 'string' && study.fields.name ? study.fields.name : null;
  const id = studyId ?? (study?.id || null) ?? (trial && typeof trial.fields.study === 'string' ? trial.fields.study : null);
  if (!studyName && !id) return null;
  const label = `study ${shortId(studyName ?? id!)}`;
  return trial ? `${label} · trial #${trial.fields.number as number}` : label;
}

/** Long ids (UUIDs) cut to 8 characters; names up to 40. */
function shortId(id: string): string {
  if (/^[0-9a-f]{8}-[0-9a-f-]{27,}$/i.test(id)) return id.slice(0, 8);
  return id.length > 40 ? `${id.slice(0, 39)}…` : id;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
