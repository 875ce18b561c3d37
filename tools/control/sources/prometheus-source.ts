/**
 * Monitor from a Prometheus `/metrics` page: every read scrapes the URL (host policy first, a timeout, a body cap),
 * keeps the scrapes of the last `window_s` seconds (default 5, like `rate(x[5s])`), and turns the mapped series'
 * increases into standard signals (prometheus-signals.ts). A mapped metric the page does not declare at all is a
 * configuration mistake and fails the read naming the field, rather than leaving the signal silently absent.
 */
import type { Clock } from '../../common/clock.ts';
import { ToolError } from '../../common/errors.ts';
import { checkHostUrl, precheckHostUrl, type CheckedUrl, type HostPolicyOptions, type HostResolver } from '../../common/host-policy.ts';
import type { MetricSource, Sample } from '../types.ts';
import { controlError, errorText } from './control-error.ts';
import { limitedRequest, type HttpRequester } from './limited-request.ts';
import { computeSignals, mapSelectors, ROLE_SIGNALS, selects, type MappedSelector, type PrometheusMapping } from './prometheus-signals.ts';
import { parsePrometheusText, PROM_TEXT_LIMITS, type PromExposition } from './prometheus-text.ts';
import { ScrapeWindow, seriesKey, type SeriesValue } from './scrape-window.ts';

export const PROMETHEUS_SOURCE_DEFAULTS = Object.freeze({
  window_s: 5,
  /** A scrape that takes longer fails (the controller also aborts a read after its period). */
  timeout_ms: 2000,
  max_bytes: PROM_TEXT_LIMITS.bytes,
});

export interface PrometheusSourceOptions {
  url: string;
  signals: PrometheusMapping;
  window_s?: number;
  clock: Clock;
  allowedHosts: readonly string[];
  resolveHost?: HostResolver;
  /** Injected in tests; default `limitedRequest`. */
  request?: HttpRequester;
  timeout_ms?: number;
  max_bytes?: number;
}

export class PrometheusSource implements MetricSource {
  readonly kind = 'prometheus';
  readonly describe: string;
  private readonly mapped: MappedSelector[];
  private readonly window: ScrapeWindow;
  private readonly policy: HostPolicyOptions;
  private checked: CheckedUrl | null = null;

  constructor(private readonly options: PrometheusSourceOptions) {
    this.policy = { allowedHosts: options.allowedHosts, parameter: 'metrics.url', ...(options.resolveHost ? { resolve: options.resolveHost } : {}) };
    precheckHostUrl(options.url, this.policy);
    this.describe = options.url;
    this.mapped = mapSelectors(options.signals);
    if (this.mapped.length === 0) {
      throw new ToolError('invalid_argument', `metrics.signals must map at least one of ${Object.keys(ROLE_SIGNALS).join(', ')} to a metric name, got none`, { details: { parameter: 'metrics.signals' } });
    }
    const windowS = options.window_s ?? PROMETHEUS_SOURCE_DEFAULTS.window_s;
    if (!(windowS > 0 && windowS <= 3600)) {
      throw new ToolError('invalid_argument', `metrics.window_s must be in (0, 3600] seconds, got ${windowS}`, { details: { parameter: 'metrics.window_s', value: windowS } });
    }
    this.window = new ScrapeWindow(windowS * 1000);
  }

  signals(): readonly string[] {
    return this.mapped.flatMap((m) => ROLE_SIGNALS[m.role]);
  }

  async read(signal?: AbortSignal): Promise<Sample> {
    const timeoutMs = this.options.timeout_ms ?? PROMETHEUS_SOURCE_DEFAULTS.timeout_ms;
    const abort = signal ? AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs);
    let body: string;
    try {
      this.checked ??= await checkHostUrl(this.options.url, this.policy);
      const maxBytes = this.options.max_bytes ?? PROMETHEUS_SOURCE_DEFAULTS.max_bytes;
      const response = await (this.options.request ?? limitedRequest)({ target: this.checked, method: 'GET', headers: { accept: 'text/plain' }, maxBytes, signal: abort });
      if (response.status < 200 || response.status > 299) {
        throw controlError('source_unavailable', `GET ${this.describe} answered ${response.status}: ${JSON.stringify(response.body.slice(0, 200))}`, { details: { url: this.describe, status: response.status } });
      }
      body = response.body;
    } catch (error) {
      if (ToolError.isInstance(error) && error.code === ('source_unavailable' as string)) throw error;
      const why = abort.aborted && !signal?.aborted ? `no answer within ${timeoutMs} ms` : errorText(error);
      throw controlError('source_unavailable', `cannot read ${this.describe}: ${why}`, { details: { url: this.describe }, cause: error });
    }
    let exposition: PromExposition;
    try {
      exposition = parsePrometheusText(body);
    } catch (error) {
      throw controlError('source_unavailable', `${this.describe} is not readable Prometheus text: ${errorText(error)}`, { details: { url: this.describe }, cause: error });
    }
    this.requireMapped(exposition);
    this.window.add({ at: this.options.clock.monotonic(), series: this.keep(exposition) });
    const { values, count } = computeSignals(this.window, this.mapped);
    return { at: this.options.clock.now(), values, count };
  }

  /** Only the series some mapping selects, so the window holds little. */
  private keep(exposition: PromExposition): Map<string, SeriesValue> {
    const series = new Map<string, SeriesValue>();
    for (const s of exposition.samples) {
      if (this.mapped.some((m) => selects(m, s.name, s.labels))) series.set(seriesKey(s.name, s.labels), { name: s.name, labels: s.labels, value: s.value });
    }
    return series;
  }

  private requireMapped(exposition: PromExposition): void {
    const names = new Set(exposition.samples.map((s) => s.name));
    for (const m of this.mapped) {
      const declared = exposition.families.has(m.selector.name) || m.sampleNames.some((n) => names.has(n) || exposition.families.has(n));
      if (declared) continue;
      const known = [...new Set([...exposition.families.keys(), ...names])].slice(0, 12);
      throw controlError('source_unavailable', `metrics.signals.${m.role}: ${this.describe} has no metric named ${m.selector.name}; it has ${known.join(', ') || 'no metrics'}${known.length === 12 ? ', …' : ''}`, {
        details: { parameter: `metrics.signals.${m.role}`, metric: m.selector.name, url: this.describe },
      });
    }
  }
}
