import type { StudyChartKind } from '../server/studies-protocol.ts';
import type { LatencyCurve, SeriesPointJson } from './charts/bench-data.ts';
import { benchSeriesChart, latencyCurveChart } from './charts/latency-chart.ts';
import { studiesApi, type StudiesApi } from './studies-api.ts';
import { openStudyDialog } from './study-dialog.ts';
import { StudyFeed, type WatchFrame } from './study-feed.ts';
import { StudyPanel } from './study-panel.ts';

interface Mounted {
  el: HTMLElement;
  destroy(): void;
}

export interface StudyCardsDeps {
  send(frame: WatchFrame): void;
  api?: StudiesApi;
  now?: () => number;
}

/**
 * Live parts of the chat: the study panels and bench charts mounted into the placeholders that tool cards render.
 * `hydrate(root)` runs after every render: a placeholder whose panel already exists (its message was re-rendered)
 * gets the same element moved in, so charts keep their state and only update; panels no longer in the page are
 * destroyed (their feed subscription ends).
 */
export class StudyCards {
  readonly feed: StudyFeed;
  readonly api: StudiesApi;
  private readonly mounted = new Map<string, Mounted>();

  constructor(private readonly deps: StudyCardsDeps) {
    this.api = deps.api ?? studiesApi;
    this.feed = new StudyFeed({ send: deps.send, api: this.api, ...(deps.now ? { now: deps.now } : {}) });
  }

  hydrate(root: HTMLElement): void {
    const seen = new Set<string>();
    root.querySelectorAll<HTMLElement>('[data-mount]').forEach((placeholder) => {
      const key = placeholder.dataset.mount!;
      seen.add(key);
      let mounted = this.mounted.get(key);
      if (!mounted) {
        const created = this.create(placeholder);
        if (!created) return;
        this.mounted.set(key, created);
        mounted = created;
      }
      if (placeholder.firstElementChild !== mounted.el || placeholder.childElementCount !== 1) placeholder.replaceChildren(mounted.el);
    });
    for (const [key, mounted] of this.mounted) {
      if (!seen.has(key) && !mounted.el.isConnected) {
        mounted.destroy();
        this.mounted.delete(key);
      }
    }
  }

  /** Opens the large view of a study. */
  expand(studyId: string): void {
    openStudyDialog(studyId, { feed: this.feed, api: this.api, ...(this.deps.now ? { now: this.deps.now } : {}) });
  }

  private create(placeholder: HTMLElement): Mounted | null {
    const studyId = placeholder.dataset.studyId;
    if (studyId) {
      const chart = placeholder.dataset.chart as StudyChartKind | undefined;
      const compact = placeholder.dataset.compact === '1';
      const panel = new StudyPanel(studyId, { feed: this.feed, api: this.api, expand: (id) => this.expand(id), ...(this.deps.now ? { now: this.deps.now } : {}) }, { ...(chart ? { chart } : {}), compact });
      return panel;
    }
    if (placeholder.dataset.bench) {
      let data: { curve: LatencyCurve | null; series: SeriesPointJson[] | null };
      try {
        data = JSON.parse(placeholder.dataset.bench);
      } catch {
        return null;
      }
      const el = document.createElement('div');
      el.className = 'bench-charts';
      // Charts size to their parent: mount first, then draw.
      placeholder.replaceChildren(el);
      if (data.curve) latencyCurveChart(el, data.curve);
      if (data.series) benchSeriesChart(el, data.series);
      return { el, destroy: () => el.remove() };
    }
    return null;
  }
}
