import type { StudyViewJson, TrialViewJson } from '../../server/studies-protocol.ts';
import { escapeHtml } from '../markdown.ts';
import { chartElement, type ChartOptions, type StudyChart } from './chart.ts';
import { queryTrials, TRIAL_STATES, trialColumns, type TableQuery, type TrialColumn } from './table-model.ts';
import type { TrialIndex } from './trial-index.ts';

const ROW_HEIGHT = 26;
const OVERSCAN = 8;

/**
 * The trials table: sortable by any column (click a header), filtered by state and by text, with virtualized rows
 * (only the rows in view, plus a few, are in the DOM), so 10,000 trials render as fast as 50. Wide tables scroll
 * horizontally inside their box; a shadow at the edge says there is more.
 */
export class TrialsTable implements StudyChart {
  readonly kind = 'trials' as const;
  readonly el = chartElement('trials');
  private readonly controls = document.createElement('div');
  private readonly scroller = document.createElement('div');
  private readonly table = document.createElement('table');
  private readonly head = document.createElement('thead');
  private readonly body = document.createElement('tbody');
  private readonly count = document.createElement('span');
  private study: StudyViewJson | null = null;
  private trials: TrialIndex | null = null;
  private columns: TrialColumn[] = [];
  private rows: TrialViewJson[] = [];
  private readonly query: TableQuery & { states: Set<TrialViewJson['state']> } = { sort: 'number', descending: false, states: new Set(TRIAL_STATES), text: '' };
  private version = -1;
  private columnKey = '';
  private frame = 0;

  constructor(options: ChartOptions) {
    this.controls.className = 'table-controls';
    this.controls.innerHTML = `${TRIAL_STATES.map((s) => `<label class="chip"><input type="checkbox" name="state" value="${s}" checked> ${s}</label>`).join('')}<input type="search" name="filter" placeholder="filter…" aria-label="filter trials" maxlength="200">`;
    this.count.className = 'table-count';
    this.controls.appendChild(this.count);
    this.scroller.className = 'table-scroll';
    this.scroller.style.height = `${(options.tableRows ?? 10) * ROW_HEIGHT + 30}px`;
    this.table.className = 'trials';
    this.table.append(this.head, this.body);
    this.scroller.appendChild(this.table);
    const wrap = document.createElement('div');
    wrap.className = 'scroll-cue';
    wrap.appendChild(this.scroller);
    this.el.append(this.controls, wrap);
    this.controls.addEventListener('input', (e) => {
      const target = e.target as HTMLInputElement;
      if (target.name === 'filter') this.query.text = target.value.slice(0, 200);
      if (target.name === 'state') {
        const state = target.value as TrialViewJson['state'];
        if (target.checked) this.query.states.add(state);
        else this.query.states.delete(state);
      }
      this.refresh();
    });
    this.head.addEventListener('click', (e) => {
      const id = (e.target as HTMLElement).closest('th')?.dataset.col;
      if (!id) return;
      this.query.descending = this.query.sort === id ? !this.query.descending : false;
      this.query.sort = id;
      this.renderHead();
      this.refresh();
    });
    this.scroller.addEventListener('scroll', () => {
      this.updateCue();
      if (this.frame) return;
      this.frame = requestAnimationFrame(() => {
        this.frame = 0;
        this.renderRows();
      });
    }, { passive: true });
  }

  update(study: StudyViewJson, trials: TrialIndex): void {
    this.study = study;
    this.trials = trials;
    if (trials.version === this.version) return;
    this.version = trials.version;
    this.refresh();
  }

  /** Filters and sorts again, then draws the rows in view. */
  private refresh(): void {
    const study = this.study;
    const trials = this.trials;
    if (!study || !trials) return;
    const t0 = performance.now();
    const list = trials.list();
    const columns = trialColumns(study, list);
    const key = columns.map((c) => c.id).join('\u0000');
    this.columns = columns;
    if (key !== this.columnKey) {
      this.columnKey = key;
      this.renderHead();
    }
    this.rows = queryTrials(list, columns, this.query);
    this.count.textContent = `${this.rows.length} of ${list.length} trials`;
    this.renderRows();
    this.updateCue();
    this.el.dataset.points = String(this.rows.length);
    this.el.dataset.renderMs = (performance.now() - t0).toFixed(1);
  }

  private renderHead(): void {
    this.head.innerHTML = `<tr>${this.columns
      .map((c) => {
        const sorted = c.id === this.query.sort;
        const aria = sorted ? (this.query.descending ? 'descending' : 'ascending') : 'none';
        return `<th data-col="${escapeHtml(c.id)}" aria-sort="${aria}" class="${c.numeric ? 'num' : ''}">${escapeHtml(c.label)}${sorted ? (this.query.descending ? ' ▾' : ' ▴') : ''}</th>`;
      })
      .join('')}</tr>`;
  }

  /** Only the rows in view (plus an overscan) exist; spacer rows keep the scroll height right. */
  private renderRows(): void {
    const total = this.rows.length;
    const viewport = this.scroller.clientHeight || 300;
    const first = Math.max(0, Math.floor(this.scroller.scrollTop / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(total, Math.ceil((this.scroller.scrollTop + viewport) / ROW_HEIGHT) + OVERSCAN);
    const span = this.columns.length;
    const html: string[] = [`<tr class="spacer" style="height:${first * ROW_HEIGHT}px"><td colspan="${span}"></td></tr>`];
    for (let r = first; r < last; r++) {
      const t = this.rows[r]!;
      html.push(`<tr class="trial-${t.state}" data-number="${t.number}">${this.columns.map((c) => `<td class="${c.numeric ? 'num' : ''}">${escapeHtml(c.text(t))}</td>`).join('')}</tr>`);
    }
    html.push(`<tr class="spacer" style="height:${(total - last) * ROW_HEIGHT}px"><td colspan="${span}"></td></tr>`);
    this.body.innerHTML = html.join('');
  }

  /** Shadows at the edges that have more columns beyond them. */
  private updateCue(): void {
    const s = this.scroller;
    const wrap = s.parentElement!;
    wrap.classList.toggle('more-right', s.scrollLeft + s.clientWidth < s.scrollWidth - 1);
    wrap.classList.toggle('more-left', s.scrollLeft > 0);
  }

  destroy(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.el.remove();
  }
}
