import { STUDY_CHART_KINDS, type StudyChartKind } from '../server/studies-protocol.ts';
import { readLatencyCurve, readSeries } from './charts/bench-data.ts';
import { escapeHtml } from './markdown.ts';
import { toolNameOf, type ViewPart } from './message-builder.ts';

/*
 * What a tool card renders for the live parts (study panels, bench charts): placeholders only. Kept apart from
 * study-cards.ts so render.ts (and the replay page's bundle) do not pull in the charts.
 */

/** Tools whose card follows a study live. */
export const STUDY_TOOLS: ReadonlySet<string> = new Set(['start_study', 'continue_study', 'wait_for_study', 'study_status', 'best_trials', 'stop_study', 'chart_study']);

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const STUDY_ID = /^[A-Za-z0-9_.:-]{1,200}$/;

/** The study a tool part names: its output's `study_id` (final or preliminary), else its input's. */
export function studyIdOfPart(part: ViewPart): string | null {
  if (!STUDY_TOOLS.has(toolNameOf(part))) return null;
  const candidates = [isRecord(part.output) ? part.output.study_id : undefined, isRecord(part.input) ? part.input.study_id : undefined];
  const id = candidates.find((v): v is string => typeof v === 'string' && STUDY_ID.test(v));
  return id ?? null;
}

/** The chart a `chart_study` card shows: its output's `chart`, else its input's, else the tool's default (history). */
export function chartKindOfPart(part: ViewPart): StudyChartKind | null {
  if (toolNameOf(part) !== 'chart_study') return null;
  const asked = [isRecord(part.output) ? part.output.chart : undefined, isRecord(part.input) ? part.input.chart : undefined].find((v) => v !== undefined);
  return typeof asked === 'string' && (STUDY_CHART_KINDS as readonly string[]).includes(asked) ? (asked as StudyChartKind) : 'history';
}

/**
 * The placeholder a study card renders (tool-card.ts): `fallback` is shown until the live panel is mounted into it
 * (and stays where no feed runs, e.g. the shared replay page). `compact`: the panel shows the status line only, charts
 * on demand (a study already shown higher up in the same answer, or a stop_study card).
 */
export function studyPlaceholderHtml(part: ViewPart, studyId: string, fallback: string, options: { compact?: boolean } = {}): string {
  const chart = chartKindOfPart(part);
  const compact = options.compact && !chart ? ' data-compact="1"' : '';
  return `<div class="study-live" data-study-id="${escapeHtml(studyId)}" data-mount="study:${escapeHtml(part.toolCallId ?? studyId)}"${chart ? ` data-chart="${chart}"` : ''}${compact}>${fallback}</div>`;
}

/** The placeholder of a finished benchmark's charts: the data travels in the attribute (a few dozen points). */
export function benchPlaceholderHtml(part: ViewPart): string {
  const curve = readLatencyCurve(part.output);
  const series = readSeries(part.output);
  if (!curve && !series) return '';
  const data = JSON.stringify({ curve, series: series?.slice(0, 600) ?? null });
  return `<div class="bench-live" data-mount="bench:${escapeHtml(part.toolCallId ?? '')}" data-bench="${escapeHtml(data)}"></div>`;
}

