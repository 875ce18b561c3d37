import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ToolError, toToolError, type ToolErrorCode } from '../tools/common/errors.ts';

/** The only map from error codes to HTTP statuses. */
export const HTTP_STATUS_BY_CODE: Record<ToolErrorCode, ContentfulStatusCode> = {
  invalid_argument: 400,
  forbidden: 403,
  busy: 429,
  too_large: 413,
  not_found: 404,
  conflict: 409,
  unsupported: 422,
  timeout: 504,
  unavailable: 503,
  source_unavailable: 503,
  actuator_failed: 502,
  unauthenticated: 401,
  access_denied: 403,
  invalid_policy: 400,
  internal: 500,
};

/** `{ error: { code, message, details? } }` with the status for the code. */
export function errorResponse(c: Context, error: ToolError): Response {
  const body = { error: { code: error.code, message: error.message, ...(Object.keys(error.details).length ? { details: error.details } : {}) } };
  return c.json(body, HTTP_STATUS_BY_CODE[error.code]);
}

/** Hono `onError`: ToolErrors keep their code; anything else is logged and answered as a 500 `internal`. */
export function onError(error: Error, c: Context): Response {
  const toolError = toToolError(error);
  if (!ToolError.isInstance(error)) console.error('tunechat: unhandled error:', error);
  return errorResponse(c, toolError);
}

export function notFound(c: Context): Response {
  return errorResponse(c, new ToolError('not_found', `no route for ${c.req.method} ${c.req.path}`));
}
