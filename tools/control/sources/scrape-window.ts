/**
 * Recent scrapes of one /metrics page and the increase of cumulative series over them, the way PromQL's
 * `increase(x[window])` sees it without extrapolation: the sum over consecutive scrapes of each rise, where a
 * value lower than the one before is a counter reset (the process restarted) and counts from 0, and a series
 * absent from a scrape counts as 0 there (it had not been created yet).
 * Only the series the mapping needs are kept, so memory is scrapes × mapped series.
 */

/** One kept series value: `name{labels}` → value. */
export interface SeriesValue {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Scrape {
  /** Monotonic milliseconds (Clock.monotonic) of the read. */
  at: number;
  series: Map<string, SeriesValue>;
}

export function seriesKey(name: string, labels: Readonly<Record<string, string>>): string {
  return `${name}${JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))}`;
}

export class ScrapeWindow {
  private scrapes: Scrape[] = [];

  constructor(private readonly windowMs: number) {}

  /** Adds a scrape and drops those older than the window, keeping at least the one before it (so a period longer than the window still yields rates). */
  add(scrape: Scrape): void {
    this.scrapes.push(scrape);
    const from = scrape.at - this.windowMs;
    while (this.scrapes.length > 2 && this.scrapes[0]!.at < from) this.scrapes.shift();
  }

  latest(): Scrape | undefined {
    return this.scrapes[this.scrapes.length - 1];
  }

  /** Seconds between the oldest and the newest kept scrape (0 with a single scrape: no rate yet). */
  span_s(): number {
    return this.scrapes.length < 2 ? 0 : (this.latest()!.at - this.scrapes[0]!.at) / 1000;
  }

  /**
   * Increase of one series over the window, counter resets included; null before two scrapes. A series missing
   * from a scrape counts as 0 there: a labelled series only appears with its first observation, and a page read
   * whole that lacks it says it had none (PromQL cannot know that and loses the first observations; we can).
   */
  increase(key: string): number | null {
    if (this.scrapes.length < 2) return null;
    let total = 0;
    let previous: number | undefined;
    for (const scrape of this.scrapes) {
      const raw = scrape.series.get(key)?.value ?? 0;
      const value = Number.isNaN(raw) ? previous ?? 0 : raw;
      if (previous !== undefined) total += value >= previous ? value - previous : value;
      previous = value;
    }
    return total;
  }

  /** Every series key seen in the window (a series may appear mid-window). */
  keys(): Set<string> {
    const keys = new Set<string>();
    for (const scrape of this.scrapes) for (const key of scrape.series.keys()) keys.add(key);
    return keys;
  }

  /** The kept value of a key in the newest scrape that holds it. */
  describe(key: string): SeriesValue | undefined {
    for (let i = this.scrapes.length - 1; i >= 0; i--) {
      const found = this.scrapes[i]!.series.get(key);
      if (found) return found;
    }
    return undefined;
  }
}
