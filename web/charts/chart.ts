import type { ImportanceJson, StudyChartKind, StudyViewJson } from '../../server/studies-protocol.ts';
import type { TrialIndex } from './trial-index.ts';

/**
 * One chart of a study, mounted in `el`. `update` is called with the latest view and the trial index after every
 * feed change (`trials.lastChanged` holds what changed): charts append what they can and redraw, never rebuild DOM.
 * Every chart sets `data-points` on `el` (the trials it plots) and `data-render-ms` (its last draw): tests read them.
 */
export interface StudyChart {
  readonly kind: StudyChartKind;
  readonly el: HTMLElement;
  update(study: StudyViewJson, trials: TrialIndex): void;
  destroy(): void;
}

export interface ChartOptions {
  /** Plot height in CSS pixels (compact card ~180, expanded ~320). */
  height: number;
  /** Parameter importances (the importance chart); refreshed by the chart, throttled. */
  importance?: (studyId: string) => Promise<ImportanceJson>;
  /** Milliseconds between two importance refreshes (default 5000). */
  importanceIntervalMs?: number;
  /** Rows shown at once by the trials table (its scroll box height follows). */
  tableRows?: number;
}

/** Creates the element of a chart: a `.chart` box with the kind as class and data attribute. */
export function chartElement(kind: StudyChartKind): HTMLDivElement {
  const el = document.createElement('div');
  el.className = `chart chart-${kind}`;
  el.dataset.chart = kind;
  el.dataset.points = '0';
  return el;
}

/**
 * Times `fn` (synchronous drawing: the canvas charts, the table) with performance.now() in the page and records it on
 * `el` as `data-render-ms`. Returns the milliseconds. uPlot draws later, in a microtask: the history chart adds its
 * draw time from uPlot's own hooks (history-chart.ts).
 */
export function timed(el: HTMLElement, fn: () => void): number {
  const t0 = performance.now();
  fn();
  const ms = performance.now() - t0;
  el.dataset.renderMs = ms.toFixed(1);
  return ms;
}
