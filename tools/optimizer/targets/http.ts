/**
 * `{"kind":"http","url":"http://127.0.0.1:8080/evaluate","headers"?,"timeout_s"?}`: POSTs
 * `{"params": {...}, "trial": n}` as JSON and reads a JSON object of metrics back (or `{"metrics": {...}}`).
 * Only loopback hosts and hosts the user allowed in config (`allowedHosts`) may be called. A non-2xx
 * status, a timeout, a body without metrics or a NaN metric fail the trial with the reason.
 */
import { ToolError } from '../../common/errors.ts';
import type { EvaluationContext, Params, Target, TargetSpec } from '../types.ts';
import { parseMetrics, tail } from './output-parser.ts';
import type { TargetDeps } from './registry.ts';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

export function createHttpTarget(spec: TargetSpec, deps: TargetDeps): Target {
  const options = spec as { url?: unknown; headers?: Record<string, string>; timeout_s?: number };
  let url: URL;
  try {
    url = new URL(String(options.url));
  } catch {
    throw new ToolError('invalid_argument', `url must be an absolute http(s) URL, got ${JSON.stringify(options.url ?? null)}`, { details: { url: options.url ?? null } });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ToolError('invalid_argument', `url must use http or https, got ${url.protocol}`, { details: { url: url.href } });
  }
  const host = url.hostname.toLowerCase();
  if (!LOOPBACK.has(host) && !host.startsWith('127.') && !deps.allowedHosts.includes(host)) {
    throw new ToolError('forbidden', `host ${host} is not loopback and not in the allowed hosts (${deps.allowedHosts.join(', ') || 'none'}); add it to TUNECHAT_ALLOWED_HOSTS to call it`, {
      details: { host, allowedHosts: deps.allowedHosts },
    });
  }
  const timeoutMs = (options.timeout_s ?? 60) * 1000;
  return {
    kind: 'http',
    async evaluate(params: Params, context: EvaluationContext) {
      const signal = AbortSignal.any([context.signal, AbortSignal.timeout(timeoutMs)]);
      let response: Response;
      try {
        response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...options.headers },
          body: JSON.stringify({ params, trial: context.trialNumber }),
          signal,
        });
      } catch (error) {
        if (context.signal.aborted) throw context.signal.reason;
        const timedOut = (error as Error).name === 'TimeoutError';
        throw new Error(timedOut ? `POST ${url.href} timed out after ${timeoutMs / 1000} s` : `POST ${url.href} failed: ${(error as Error).message}`);
      }
      const body = await response.text();
      if (!response.ok) throw new Error(`POST ${url.href} returned ${response.status}; body: ${tail(body, 1000)}`);
      return parseMetrics(body, `the response of POST ${url.href}`);
    },
  };
}
