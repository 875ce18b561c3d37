import { ControlChart } from './control-chart.ts';
import type { ControlFeed, ControlState, LogEntry } from './control-feed.ts';
import { clockTime, controllerSummary, controllerTitle, decisionText, FINAL_CONTROLLER_STATES } from './control-text.ts';
import { escapeHtml } from './markdown.ts';

/** Seconds without a frame after which a live controller's panel says so (at least; slow loops get 3 periods). */
const STALE_AFTER_S = 5;

/** Decisions the log shows (newest first); the feed keeps more. */
export const LOG_ROWS = 12;

export interface ControlPanelDeps {
  feed: ControlFeed;
  /** Sends a chat message through the composer's path ("stop controller c-1"). */
  submit(text: string): void;
  now?: () => number;
}

/**
 * The live panel inside a controller tool card: a header (target · parameter · policy and a state badge), the
 * current value against the SLO, a uPlot chart of the SLO signal and the parameter, the latest changes, holds and
 * refusals as they happen, and Stop, which asks the agent in the chat ("stop controller c-1"). It follows the
 * controller through the feed whatever the chat turn does. The element is moved (not rebuilt) when the card's
 * message re-renders (control-cards.ts). While no frame comes for a while it says so (the connection banner tells why).
 */
export class ControlPanel {
  readonly el = document.createElement('div');
  private readonly unsubscribe: () => void;
  private state: ControlState | null = null;
  private chart: ControlChart | null = null;
  private drawnVersion = -1;
  private logKey = '';
  private ticker: ReturnType<typeof setInterval> | null = null;
  private stopSent = false;

  constructor(
    readonly controllerId: string,
    private readonly deps: ControlPanelDeps,
    private readonly options: { compact?: boolean } = {},
  ) {
    this.el.className = `control-panel${options.compact ? ' compact' : ''}`;
    this.el.dataset.controllerId = controllerId;
    this.el.dataset.state = 'loading';
    this.el.innerHTML = `<div class="cp-head"><span class="cp-title">controller ${escapeHtml(controllerId)}</span><span class="cp-state">loading…</span></div>
      <div class="cp-line"><span class="cp-summary"></span><span class="cp-stale" hidden></span></div>
      <div class="cp-note" hidden></div>
      <div class="cp-chart"${options.compact ? ' hidden' : ''}></div>
      <ol class="cp-log" aria-label="decisions"${options.compact ? ' hidden' : ''}></ol>
      <div class="cp-actions"><button type="button" class="cp-stop" hidden>Stop controller</button></div>`;
    this.q('.cp-stop').addEventListener('click', () => this.stop());
    this.unsubscribe = deps.feed.subscribe(controllerId, (state) => this.onState(state));
  }

  private q<T extends HTMLElement = HTMLElement>(selector: string): T {
    return this.el.querySelector(selector) as T;
  }

  private onState(state: ControlState): void {
    this.state = state;
    const status = state.status;
    if (!status) {
      if (state.error) this.q('.cp-state').textContent = `unavailable: ${state.error}`;
      this.el.dataset.state = state.error ? 'error' : 'loading';
      return;
    }
    this.el.dataset.state = status.state;
    this.q('.cp-title').textContent = controllerTitle(status);
    const badge = this.q('.cp-state');
    badge.textContent = status.dry_run ? `${status.state} · dry run` : status.state;
    badge.className = `cp-state state-${status.state} slo-${status.slo_state}`;
    this.q('.cp-summary').textContent = controllerSummary(status);
    const note = this.q('.cp-note');
    note.textContent = status.note ?? '';
    note.hidden = !status.note;
    const final = FINAL_CONTROLLER_STATES.has(status.state);
    const stop = this.q<HTMLButtonElement>('.cp-stop');
    stop.hidden = final;
    stop.disabled = this.stopSent;
    this.syncTicker(!final);
    this.renderStale();
    if (this.options.compact) return;
    if (state.version !== this.drawnVersion) {
      this.drawnVersion = state.version;
      this.chart ??= this.createChart();
      this.chart?.update(state.points);
      this.renderLog(state.log);
    }
  }

  /** The element was placed in the page: a chart waiting for a width draws now. */
  attached(): void {
    if (this.state && !this.options.compact) {
      this.chart ??= this.createChart();
      this.chart?.update(this.state.points);
    }
  }

  private createChart(): ControlChart | null {
    const status = this.state?.status;
    if (!status) return null;
    const chart = new ControlChart(status.slo, status.parameter);
    this.q('.cp-chart').replaceChildren(chart.el);
    return chart;
  }

  /** Newest first; rebuilt only when the newest entry changes (a new row, or one more of a repeated refusal). */
  private renderLog(log: readonly LogEntry[]): void {
    const status = this.state?.status;
    const newest = log.at(-1);
    const key = newest ? `${newest.decision.seq}:${log.length}` : '';
    if (!status || key === this.logKey) return;
    this.logKey = key;
    const rows = log.slice(-LOG_ROWS).reverse();
    const list = this.q<HTMLOListElement>('.cp-log');
    list.replaceChildren(
      ...rows.map(({ decision: d, repeated }) => {
        const li = document.createElement('li');
        li.className = `cp-decision outcome-${d.outcome}`;
        li.dataset.seq = String(d.seq);
        const time = document.createElement('time');
        time.dateTime = new Date(d.at).toISOString();
        time.textContent = clockTime(d.at);
        const text = document.createElement('span');
        text.textContent = decisionText(d, status.slo);
        li.append(time, ' ', text);
        if (repeated > 1) {
          const count = document.createElement('span');
          count.className = 'cp-repeat';
          count.textContent = ` ×${repeated}`;
          li.append(count);
        }
        if (d.reason && d.outcome === 'applied') li.title = d.reason;
        return li;
      }),
    );
    if (rows.length === 0) list.innerHTML = '<li class="cp-empty">no changes yet</li>';
  }

  /** A running controller reports every period: "no update for 8 s" once frames stop coming (a dropped socket). */
  private renderStale(): void {
    const state = this.state;
    const stale = this.q('.cp-stale');
    const status = state?.status;
    if (!state || !status || FINAL_CONTROLLER_STATES.has(status.state)) {
      stale.hidden = true;
      this.el.classList.remove('stale');
      return;
    }
    const seconds = Math.floor((this.now() - state.receivedAt) / 1000);
    // A slow loop (period_s 15) reports less often: allow a few of its periods, judged by the last two ticks.
    const [previous, last] = state.points.slice(-2);
    const periodS = previous && last ? (last.at - previous.at) / 1000 : 0;
    const isStale = seconds >= Math.max(STALE_AFTER_S, 3 * periodS);
    stale.hidden = !isStale;
    stale.textContent = isStale ? `no update for ${seconds} s` : '';
    this.el.classList.toggle('stale', isStale);
  }

  private stop(): void {
    if (this.stopSent) return;
    this.stopSent = true;
    this.q<HTMLButtonElement>('.cp-stop').disabled = true;
    this.deps.submit(`stop controller ${this.controllerId}`);
  }

  private syncTicker(live: boolean): void {
    if (live && !this.ticker) this.ticker = setInterval(() => this.renderStale(), 1000);
    if (!live && this.ticker) {
      clearInterval(this.ticker);
      this.ticker = null;
    }
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
