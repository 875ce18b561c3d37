import { escapeHtml } from '../markdown.ts';
import type { StudyViewJson, TrialViewJson } from '../../server/studies-protocol.ts';
import { formatValue } from './scale.ts';

/** One floating tooltip per chart, positioned inside the chart element (which is `position: relative`). */
export class Tooltip {
  readonly el: HTMLDivElement;

  constructor(parent: HTMLElement) {
    this.el = document.createElement('div');
    this.el.className = 'chart-tooltip';
    this.el.hidden = true;
    parent.appendChild(this.el);
  }

  show(html: string, x: number, y: number): void {
    this.el.innerHTML = html;
    this.el.hidden = false;
    const parent = this.el.parentElement!;
    const left = Math.min(x + 12, Math.max(0, parent.clientWidth - this.el.offsetWidth - 4));
    this.el.style.left = `${left}px`;
    this.el.style.top = `${Math.max(0, y - this.el.offsetHeight - 8)}px`;
  }

  hide(): void {
    this.el.hidden = true;
  }
}

/** Trial number, state, objective values with their metric names, and params: what a hover shows. */
export function trialTooltipHtml(study: StudyViewJson, t: TrialViewJson, note = ''): string {
  const values = study.objectives
    .map((o, i) => `<div><span class="k">${escapeHtml(o.metric)}</span> ${formatValue(t.values?.[i] ?? null)}</div>`)
    .join('');
  const params = Object.entries(t.params)
    .map(([k, v]) => `<div><span class="k">${escapeHtml(k)}</span> ${escapeHtml(typeof v === 'number' ? formatValue(v) : String(v))}</div>`)
    .join('');
  return `<div class="tt-head">trial #${t.number} · ${escapeHtml(t.state)}${note ? ` · ${escapeHtml(note)}` : ''}</div>${values}${params ? `<div class="tt-params">${params}</div>` : ''}`;
}
