/**
 * Execute over HTTP: `PUT` (or `POST`) `{"workers": 12}` to the service's control URL, and `GET` the same URL to read
 * what it runs with (`{"workers": 8, …}`). The URL passes the host policy before any connection (checked once at
 * construction without DNS, and resolved at the first request); answers are capped and time-bounded. A non-2xx
 * answer or no answer is `actuator_failed` with the status and an excerpt of the body: the service's own words.
 */
import type { Clock } from '../../common/clock.ts';
import { checkHostUrl, precheckHostUrl, type CheckedUrl, type HostPolicyOptions, type HostResolver } from '../../common/host-policy.ts';
import { controlError, errorText } from '../sources/control-error.ts';
import { limitedRequest, type HttpRequester, type LimitedResponse } from '../sources/limited-request.ts';
import type { Actuator } from '../types.ts';

export const HTTP_ACTUATOR_DEFAULTS = Object.freeze({
  timeout_ms: 5000,
  /** A control endpoint answers a few fields; more than this is not a control answer. */
  max_bytes: 64 * 1024,
});

export interface HttpActuatorOptions {
  parameter: string;
  url: string;
  method?: 'PUT' | 'POST';
  clock: Clock;
  allowedHosts: readonly string[];
  resolveHost?: HostResolver;
  request?: HttpRequester;
  timeout_ms?: number;
}

const excerpt = (body: string) => JSON.stringify(body.length > 300 ? `${body.slice(0, 300)}…` : body);

export class HttpActuator implements Actuator {
  readonly kind = 'http';
  readonly describe: string;
  private readonly policy: HostPolicyOptions;
  private checked: CheckedUrl | null = null;

  constructor(private readonly options: HttpActuatorOptions) {
    this.policy = { allowedHosts: options.allowedHosts, parameter: `parameters.${options.parameter}.actuator.url`, ...(options.resolveHost ? { resolve: options.resolveHost } : {}) };
    precheckHostUrl(options.url, this.policy);
    this.describe = `${options.method ?? 'PUT'} ${options.url}`;
  }

  async read(signal?: AbortSignal): Promise<number | null> {
    const response = await this.send('GET', undefined, signal);
    let parsed: unknown;
    try {
      parsed = JSON.parse(response.body);
    } catch {
      throw controlError('actuator_failed', `GET ${this.options.url} answered ${response.status} with no JSON: ${excerpt(response.body)}`, { details: { url: this.options.url, status: response.status } });
    }
    const value = parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>)[this.options.parameter] : undefined;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw controlError('actuator_failed', `GET ${this.options.url} answered JSON without a number "${this.options.parameter}": ${excerpt(response.body)}`, { details: { url: this.options.url, parameter: this.options.parameter } });
    }
    return value;
  }

  async apply(value: number, signal?: AbortSignal): Promise<void> {
    await this.send(this.options.method ?? 'PUT', JSON.stringify({ [this.options.parameter]: value }), signal);
  }

  /** One request; a 2xx answer or an `actuator_failed` ToolError. */
  private async send(method: string, body: string | undefined, signal?: AbortSignal): Promise<LimitedResponse> {
    const timeoutMs = this.options.timeout_ms ?? HTTP_ACTUATOR_DEFAULTS.timeout_ms;
    const abort = signal ? AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs);
    let response: LimitedResponse;
    try {
      this.checked ??= await checkHostUrl(this.options.url, this.policy);
      response = await (this.options.request ?? limitedRequest)({
        target: this.checked,
        method,
        headers: { accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body } : {}),
        maxBytes: HTTP_ACTUATOR_DEFAULTS.max_bytes,
        signal: abort,
      });
    } catch (error) {
      const why = abort.aborted && !signal?.aborted ? `no answer within ${timeoutMs} ms` : errorText(error);
      throw controlError('actuator_failed', `${method} ${this.options.url} failed: ${why}`, { details: { url: this.options.url, method }, cause: error });
    }
    if (response.status < 200 || response.status > 299) {
      throw controlError('actuator_failed', `${method} ${this.options.url}${body !== undefined ? ` ${body}` : ''} answered ${response.status}: ${excerpt(response.body)}`, {
        details: { url: this.options.url, method, status: response.status, body: response.body.slice(0, 300) },
      });
    }
    return response;
  }
}
