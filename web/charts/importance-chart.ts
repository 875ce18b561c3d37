import type { ImportanceJson, StudyViewJson } from '../../server/studies-protocol.ts';
import { escapeHtml } from '../markdown.ts';
import { chartElement, type ChartOptions, type StudyChart } from './chart.ts';
import type { TrialIndex } from './trial-index.ts';

/**
 * Parameter importance bars, one group per objective (HTML bars: a handful of rows needs no canvas). Fetched from
 * GET /api/studies/:id/importance when the chart opens and again when trials finished, at most once per interval
 * (5 s, or 20 times the last request's duration: fANOVA runs in the server's event loop, ~1 s per 1,000 trials).
 */
export class ImportanceChart implements StudyChart {
  readonly kind = 'importance' as const;
  readonly el = chartElement('importance');
  private lastFetch = -Infinity;
  private fetchedFor = -1;
  private pending: ReturnType<typeof setTimeout> | null = null;
  private inFlight = false;
  private destroyed = false;
  private studyId = '';
  private finished = 0;
  /** Milliseconds the last fetch took: the server computes importances in its event loop, so big studies wait longer. */
  private lastCost = 0;

  constructor(private readonly options: ChartOptions) {
    this.el.innerHTML = '<div class="chart-empty">loading importances…</div>';
  }

  update(study: StudyViewJson, _trials: TrialIndex): void {
    this.studyId = study.id;
    this.finished = study.trials.complete;
    if (this.finished !== this.fetchedFor) this.schedule();
  }

  private schedule(): void {
    if (this.pending || this.inFlight || this.destroyed) return;
    const interval = Math.max(this.options.importanceIntervalMs ?? 5000, 20 * this.lastCost);
    const wait = Math.max(0, this.lastFetch + interval - performance.now());
    this.pending = setTimeout(() => {
      this.pending = null;
      void this.fetch();
    }, wait);
  }

  private async fetch(): Promise<void> {
    if (!this.options.importance || this.destroyed) return;
    this.inFlight = true;
    this.lastFetch = performance.now();
    const finished = this.finished;
    try {
      const data = await this.options.importance(this.studyId);
      this.lastCost = performance.now() - this.lastFetch;
      if (!this.destroyed) this.render(data);
      this.fetchedFor = finished;
    } catch (error) {
      if (!this.destroyed) this.el.innerHTML = `<div class="chart-empty">importances unavailable: ${escapeHtml((error as Error).message)}</div>`;
      this.fetchedFor = finished;
    } finally {
      this.inFlight = false;
    }
    if (this.finished !== this.fetchedFor) this.schedule();
  }

  /** Draws the bars (exported for the expanded view's direct use and for tests through the DOM). */
  render(data: ImportanceJson): void {
    const groups = data.objectives.filter((o) => Object.keys(o.importances).length > 0);
    if (groups.length === 0) {
      this.el.innerHTML = `<div class="chart-empty">No parameter importances yet (${data.trialsUsed} complete trials; they need a few complete trials with sampled parameters).</div>`;
      this.el.dataset.points = '0';
      return;
    }
    this.el.innerHTML = groups
      .map((g) => {
        const rows = Object.entries(g.importances).sort((a, b) => b[1] - a[1]);
        const max = Math.max(...rows.map(([, v]) => v), 1e-12);
        return `<div class="imp-group"><div class="imp-title">${escapeHtml(g.metric)}</div>${rows
          .map(([name, v]) => `<div class="imp-row"><span class="imp-name" title="${escapeHtml(name)}">${escapeHtml(name)}</span><span class="imp-track"><span class="imp-bar" style="width:${((100 * v) / max).toFixed(1)}%"></span></span><span class="imp-value">${(100 * v).toFixed(1)}%</span></div>`)
          .join('')}</div>`;
      })
      .join('') + `<div class="chart-note">from ${data.trialsUsed} complete trials</div>`;
    this.el.dataset.points = String(data.trialsUsed);
  }

  destroy(): void {
    this.destroyed = true;
    if (this.pending) clearTimeout(this.pending);
    this.el.remove();
  }
}
