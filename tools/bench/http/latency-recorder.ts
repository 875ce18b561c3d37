import * as hdr from 'hdr-histogram-js';
import type { Histogram } from 'hdr-histogram-js';

/** Latencies are recorded in whole microseconds, from 1 µs to 1 hour, at 3 significant digits (wrk2's setup). */
export function createLatencyHistogram(): Histogram {
  return hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: 3, autoResize: false, bitBucketSize: 32 });
}

/**
 * Records every response into the current one-second window (the time series), which is folded into the
 * run's histogram when it closes, plus counters. Only the load generator writes; aggregation reads at the end.
 */
export class LatencyRecorder {
  readonly total = createLatencyHistogram();
  window = createLatencyHistogram();
  requests = 0;
  bytes = 0;
  errors = 0;
  timeouts = 0;
  windowRequests = 0;
  windowErrors = 0;
  windowTimeouts = 0;
  readonly statusCounts = new Map<number, number>();
  readonly errorCodes = new Map<string, number>();

  /** Records into the current window only; `takeWindow` folds each window into `total` (one add per second, not per request). */
  record(latencyUs: number, status: number): void {
    this.window.recordValue(latencyUs < 1 ? 1 : latencyUs);
    this.requests++;
    this.windowRequests++;
    this.statusCounts.set(status, (this.statusCounts.get(status) ?? 0) + 1);
  }

  error(code: string): void {
    this.errors++;
    this.windowErrors++;
    this.errorCodes.set(code, (this.errorCodes.get(code) ?? 0) + 1);
  }

  timeout(count: number): void {
    this.timeouts += count;
    this.windowTimeouts += count;
  }

  /** Closes the current window (adding it to `total`) and starts a new one. Call it once more at the end. */
  takeWindow(): { histogram: Histogram; requests: number; errors: number; timeouts: number } {
    this.total.add(this.window);
    const out = { histogram: this.window, requests: this.windowRequests, errors: this.windowErrors, timeouts: this.windowTimeouts };
    this.window = createLatencyHistogram();
    this.windowRequests = 0;
    this.windowErrors = 0;
    this.windowTimeouts = 0;
    return out;
  }
}
