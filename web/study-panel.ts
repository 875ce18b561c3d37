import type { StudyChartKind, StudyViewJson } from '../server/studies-protocol.ts';
import type { StudyChart } from './charts/chart.ts';
import { CHART_LABELS, createStudyChart } from './charts/create-chart.ts';
import { escapeHtml } from './markdown.ts';
import type { StudiesApi } from './studies-api.ts';
import type { StudyFeed, StudyState } from './study-feed.ts';
import { bestText, durationText, elapsedNow, isLive, progressText, statusText } from './study-text.ts';

export interface StudyPanelDeps {
  feed: StudyFeed;
  api: Pick<StudiesApi, 'stop' | 'resume' | 'importance'>;
  /** Opens the large view (all charts and the trials table). */
  expand?: (studyId: string) => void;
  now?: () => number;
}

/** The charts a study offers: Pareto only with several objectives, intermediate only once a trial reported some. */
export function chartKinds(study: StudyViewJson, hasIntermediate: boolean): StudyChartKind[] {
  const kinds: StudyChartKind[] = study.objectives.length > 1 ? ['pareto', 'history'] : ['history'];
  kinds.push('importance', 'parallel');
  if (hasIntermediate) kinds.push('intermediate');
  kinds.push('trials');
  return kinds;
}

/**
 * The live panel inside a study tool card: status (with its reason), progress and elapsed time, the best value with
 * its metric name, Stop study / Resume / Expand, and one compact chart with tabs for the others. It follows the
 * study through the feed whatever the chat turn does, so it never freezes at "interrupted".
 * The panel's element is moved (not rebuilt) when the card's message re-renders: see study-cards.ts.
 */
export class StudyPanel {
  readonly el = document.createElement('div');
  private readonly head = document.createElement('div');
  private readonly bar = document.createElement('div');
  private readonly tabs = document.createElement('div');
  private readonly body = document.createElement('div');
  private readonly unsubscribe: () => void;
  private state: StudyState | null = null;
  private chart: StudyChart | null = null;
  private kind: StudyChartKind | null;
  private kindsKey = '';
  private ticker: ReturnType<typeof setInterval> | null = null;
  private busy = false;
  private actionError = '';
  /** Status line only until "Show charts" (the study is already drawn higher up in the answer). */
  private collapsed: boolean;

  constructor(
    readonly studyId: string,
    private readonly deps: StudyPanelDeps,
    options: { chart?: StudyChartKind; compact?: boolean } = {},
  ) {
    this.kind = options.chart ?? null;
    this.collapsed = options.compact ?? false;
    this.el.className = 'study-panel';
    this.el.dataset.studyId = studyId;
    this.el.dataset.status = 'loading';
    this.head.className = 'sp-head';
    this.head.innerHTML = '<span class="sp-status">loading study…</span>';
    this.bar.className = 'bar';
    this.bar.innerHTML = '<div class="bar-fill" style="width:0%"></div>';
    this.tabs.className = 'sp-tabs';
    this.tabs.setAttribute('role', 'tablist');
    this.body.className = 'sp-chart';
    this.el.append(this.head, this.bar, this.tabs, this.body);
    if (this.collapsed) this.el.classList.add('compact');
    this.tabs.hidden = this.collapsed;
    this.body.hidden = this.collapsed;
    this.el.addEventListener('click', (event) => this.onClick(event));
    this.unsubscribe = deps.feed.subscribe(studyId, (state) => this.onState(state));
  }

  private onState(state: StudyState): void {
    this.state = state;
    const study = state.study;
    if (!study) {
      if (state.error) this.head.innerHTML = `<span class="sp-status">study ${escapeHtml(this.studyId)}: ${escapeHtml(state.error)}</span>`;
      return;
    }
    this.renderHead();
    this.syncTicker(study);
    if (this.collapsed) return;
    const kinds = chartKinds(study, state.trials.list().some((t) => t.intermediate.length > 0));
    if (!this.kind || !kinds.includes(this.kind)) this.kind = kinds[0]!;
    const key = kinds.join(',');
    if (key !== this.kindsKey) {
      this.kindsKey = key;
      this.renderTabs(kinds);
    }
    if (!this.chart || this.chart.kind !== this.kind) this.showChart(this.kind);
    this.chart!.update(study, state.trials);
  }

  /** Updates the head in place (text and attributes only), so buttons stay the same elements between frames. */
  private renderHead(): void {
    const study = this.state?.study;
    if (!study) return;
    if (!this.head.querySelector('.sp-line')) this.buildHead();
    const q = <T extends HTMLElement>(selector: string) => this.head.querySelector(selector) as T;
    this.el.dataset.status = study.status;
    const status = q<HTMLSpanElement>('.sp-status');
    status.textContent = statusText(study);
    status.className = `sp-status status-${study.status}`;
    q<HTMLSpanElement>('.sp-progress').textContent = progressText(study);
    q<HTMLSpanElement>('.sp-elapsed').textContent = durationText(elapsedNow(study, this.state!.receivedAt, this.now()));
    q<HTMLSpanElement>('.sp-best').textContent = bestText(study);
    const reason = q<HTMLDivElement>('.sp-reason');
    reason.textContent = study.statusReason ?? '';
    reason.hidden = !study.statusReason;
    const workers = q<HTMLDivElement>('.sp-workers');
    workers.textContent = study.workers ?? '';
    workers.hidden = !study.workers;
    const error = q<HTMLDivElement>('.sp-error');
    error.textContent = this.actionError;
    error.hidden = !this.actionError;
    const stop = q<HTMLButtonElement>('.sp-stop');
    stop.hidden = !isLive(study);
    stop.disabled = study.status === 'stopping' || this.busy;
    const resume = q<HTMLButtonElement>('.sp-resume');
    resume.hidden = !(study.status === 'interrupted' && study.resumable);
    resume.disabled = this.busy;
    const pct = study.trials.budget > 0 ? Math.min(100, (100 * study.trials.done) / study.trials.budget) : 0;
    (this.bar.firstElementChild as HTMLElement).style.width = `${pct.toFixed(1)}%`;
    this.bar.hidden = study.trials.budget <= 0;
  }

  private buildHead(): void {
    this.head.innerHTML = `<div class="sp-line">
        <span class="sp-status"></span><span class="sp-progress"></span><span class="sp-elapsed"></span><span class="sp-best"></span>
      </div>
      <div class="sp-reason" hidden></div>
      <div class="sp-reason sp-workers" hidden></div>
      <div class="sp-reason sp-error" role="alert" hidden></div>
      <div class="sp-actions">
        <button type="button" class="sp-stop" data-action="stop" hidden>Stop study</button>
        <button type="button" class="sp-resume" data-action="resume" hidden>Resume</button>
        ${this.collapsed ? '<button type="button" class="sp-charts" data-action="charts">Show charts</button>' : ''}
        ${this.deps.expand ? '<button type="button" class="sp-expand" data-action="expand" aria-label="Expand: all charts and the trials table">Expand</button>' : ''}
      </div>`;
  }

  private renderTabs(kinds: StudyChartKind[]): void {
    this.tabs.innerHTML = kinds
      .map((k) => `<button type="button" role="tab" data-kind="${k}" aria-selected="${k === this.kind}">${CHART_LABELS[k]}</button>`)
      .join('');
  }

  private showChart(kind: StudyChartKind): void {
    this.chart?.destroy();
    this.kind = kind;
    this.chart = createStudyChart(kind, { height: 200, tableRows: 8, importance: (id) => this.deps.api.importance(id) });
    this.body.replaceChildren(this.chart.el);
    this.tabs.querySelectorAll('button').forEach((b) => b.setAttribute('aria-selected', String(b.dataset.kind === kind)));
  }

  private onClick(event: Event): void {
    const button = (event.target as HTMLElement).closest('button');
    if (!button || !this.el.contains(button)) return;
    if (button.dataset.kind && this.state?.study) {
      this.showChart(button.dataset.kind as StudyChartKind);
      this.chart!.update(this.state.study, this.state.trials);
      return;
    }
    const action = button.dataset.action;
    if (action === 'expand') this.deps.expand?.(this.studyId);
    if (action === 'charts') {
      this.collapsed = false;
      this.el.classList.remove('compact');
      this.tabs.hidden = false;
      this.body.hidden = false;
      button.remove();
      if (this.state) this.onState(this.state);
    }
    if (action === 'stop' || action === 'resume') void this.act(action);
  }

  /** Stop study / Resume through the REST routes; the view they return is applied at once, frames follow. */
  private async act(action: 'stop' | 'resume'): Promise<void> {
    this.busy = true;
    this.actionError = '';
    this.renderHead();
    try {
      const view = await (action === 'stop' ? this.deps.api.stop(this.studyId) : this.deps.api.resume(this.studyId));
      this.deps.feed.applyView(view);
    } catch (error) {
      this.actionError = `${action} failed: ${(error as Error).message}`;
    } finally {
      this.busy = false;
      this.renderHead();
    }
  }

  /** Ticks the elapsed time once a second while the study runs. */
  private syncTicker(study: StudyViewJson): void {
    if (isLive(study) && !this.ticker) this.ticker = setInterval(() => this.tickElapsed(), 1000);
    if (!isLive(study) && this.ticker) {
      clearInterval(this.ticker);
      this.ticker = null;
    }
  }

  private tickElapsed(): void {
    const study = this.state?.study;
    const span = this.head.querySelector('.sp-elapsed');
    if (study && span) span.textContent = durationText(elapsedNow(study, this.state!.receivedAt, this.now()));
  }

  private now(): number {
    return this.deps.now?.() ?? Date.now();
  }

  destroy(): void {
    this.unsubscribe();
    if (this.ticker) clearInterval(this.ticker);
    this.chart?.destroy();
    this.el.remove();
  }
}
