/**
 * `{"kind":"http","url":"http://127.0.0.1:8080/evaluate","headers"?,"timeout_s"?}`: POSTs
 * `{"params": {...}, "trial": n}` as JSON and reads a JSON object of metrics back (or `{"metrics": {...}}`).
 * The URL must pass the host policy (tools/common/host-policy.ts: loopback, or what the user allowed in
 * `TUNECHAT_ALLOWED_HOSTS`): a name outside the allow-list is refused when the target is built, without a DNS
 * lookup; each evaluation resolves the name again, checks the addresses and connects only to them. Redirects are
 * not followed. A non-2xx status, a timeout, a body without metrics or a NaN metric fail the trial with the reason.
 */
import { ToolError } from '../../common/errors.ts';
import { checkHostUrl, precheckHostUrl, type HostPolicyOptions } from '../../common/host-policy.ts';
import { pinnedRequest, type PinnedResponse } from '../../common/pinned-request.ts';
import type { EvaluationContext, Params, Target, TargetSpec } from '../types.ts';
import { parseMetrics, tail } from './output-parser.ts';
import type { TargetDeps } from './registry.ts';

export function createHttpTarget(spec: TargetSpec, deps: TargetDeps): Target {
  const options = spec as { url?: unknown; headers?: Record<string, string>; timeout_s?: number };
  if (typeof options.url !== 'string') {
    throw new ToolError('invalid_argument', `url must be an absolute http(s) URL like http://127.0.0.1:8080/evaluate, got ${JSON.stringify(options.url ?? null)}`, { details: { parameter: 'url', value: options.url ?? null } });
  }
  const policy: HostPolicyOptions = { allowedHosts: deps.allowedHosts, parameter: 'url', ...(deps.resolveHost ? { resolve: deps.resolveHost } : {}) };
  const { url } = precheckHostUrl(options.url, policy);
  const timeoutMs = (options.timeout_s ?? 60) * 1000;
  return {
    kind: 'http',
    async evaluate(params: Params, context: EvaluationContext) {
      const target = await checkHostUrl(url.href, policy);
      const timeout = AbortSignal.timeout(timeoutMs);
      let response: PinnedResponse;
      try {
        response = await pinnedRequest({
          target,
          method: 'POST',
          headers: { 'content-type': 'application/json', ...options.headers },
          body: JSON.stringify({ params, trial: context.trialNumber }),
          signal: AbortSignal.any([context.signal, timeout]),
        });
      } catch (error) {
        if (context.signal.aborted) throw context.signal.reason;
        throw new Error(timeout.aborted ? `POST ${url.href} timed out after ${timeoutMs / 1000} s` : `POST ${url.href} failed: ${(error as Error).message}`);
      }
      if (response.status < 200 || response.status > 299) throw new Error(`POST ${url.href} returned ${response.status}; body: ${tail(response.body, 1000)}`);
      return parseMetrics(response.body, `the response of POST ${url.href}`);
    },
  };
}
