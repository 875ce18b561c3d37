/**
 * Slack error codes no retry can fix: the token is wrong, revoked or expired, lacks a scope, or its app, user or
 * workspace is disabled. Everything else (network errors, timeouts, HTTP 5xx, rate limits, `internal_error`,
 * `fatal_error`, `service_unavailable`, …) is treated as transient.
 */
export const PERMANENT_SLACK_ERRORS: ReadonlySet<string> = new Set([
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'team_disabled',
  'user_removed_from_team',
  'not_allowed_token_type',
  'missing_scope',
  'no_permission',
  'ekm_access_denied',
  'org_login_required',
]);

/** A Slack Web API / Socket Mode failure, reduced to what a retry decision needs. */
export interface ClassifiedSlackError {
  /** Slack's code (`invalid_auth`), `ratelimited`, `http_<status>`, `timeout`, or the network error's code (`ECONNREFUSED`). */
  code: string;
  /** True when retrying cannot help (see PERMANENT_SLACK_ERRORS; HTTP 4xx other than 408/425/429). */
  permanent: boolean;
  /** Slack's Retry-After for a rate limit, else null. */
  retryAfterMs: number | null;
  message: string;
}

/**
 * Classifies an error thrown by `@slack/web-api` (platform, rate-limit, HTTP and request errors, matched by their
 * `code` so any copy of the package works) or by the Socket Mode client.
 */
export function classifySlackError(error: unknown): ClassifiedSlackError {
  const e = (error ?? {}) as {
    code?: unknown; message?: unknown; name?: unknown; data?: { error?: unknown }; retryAfter?: unknown; statusCode?: unknown;
    original?: { name?: unknown; message?: unknown; cause?: { code?: unknown } };
  };
  const message = typeof e.message === 'string' && e.message ? e.message : String(error);
  switch (e.code) {
    case 'slack_webapi_platform_error': {
      const code = typeof e.data?.error === 'string' ? e.data.error : 'unknown_error';
      return { code, permanent: PERMANENT_SLACK_ERRORS.has(code), retryAfterMs: null, message };
    }
    case 'slack_webapi_rate_limited_error': {
      const seconds = typeof e.retryAfter === 'number' && Number.isFinite(e.retryAfter) ? e.retryAfter : 0;
      return { code: 'ratelimited', permanent: false, retryAfterMs: Math.max(0, seconds) * 1000, message };
    }
    case 'slack_webapi_http_error': {
      const status = typeof e.statusCode === 'number' ? e.statusCode : 0;
      const permanent = status >= 400 && status < 500 && ![408, 425, 429].includes(status);
      return { code: `http_${status}`, permanent, retryAfterMs: null, message };
    }
    case 'slack_webapi_request_error': {
      const original = e.original ?? {};
      const timedOut = original.name === 'TimeoutError' || original.name === 'AbortError';
      const cause = typeof original.cause?.code === 'string' ? original.cause.code : null;
      const code = timedOut ? 'timeout' : (cause ?? 'request_error');
      return { code, permanent: false, retryAfterMs: null, message: typeof original.message === 'string' ? original.message : message };
    }
    default:
      return { code: typeof e.code === 'string' && e.code ? e.code : 'connection_failed', permanent: false, retryAfterMs: null, message };
  }
}
