/**
 * Errors that the agent, the CLI and the HTTP layer all understand.
 * A ToolError carries a closed `code`, a message that states the rule broken and the actual values,
 * and structured `details` the model can read to repair its next call. `server/errors.ts` is the only
 * place that maps codes to HTTP statuses.
 */
export type ToolErrorCode =
  | 'invalid_argument'
  | 'not_found'
  | 'conflict'
  | 'unsupported'
  | 'forbidden'
  /** A limit on concurrent work (turns, running studies) is reached; retry when something finishes. */
  | 'busy'
  /** A request or input is larger than a size limit (HTTP 413). */
  | 'too_large'
  | 'unavailable'
  | 'timeout'
  /** A controller's metrics source cannot be read (tools/control): the loop holds. */
  | 'source_unavailable'
  /** A controller's actuator failed or the service refused the value (tools/control). */
  | 'actuator_failed'
  /** No valid credentials (HTTP 401): a token or a login is needed (tools/iam). */
  | 'unauthenticated'
  /** A policy decision denied the call (HTTP 403): the message names the action, the resource and why (tools/iam). */
  | 'access_denied'
  /** A policy document is malformed or has an ERROR finding (HTTP 400; tools/iam). */
  | 'invalid_policy'
  | 'internal';

export class ToolError extends Error {
  readonly code: ToolErrorCode;
  readonly details: Record<string, unknown>;

  constructor(code: ToolErrorCode, message: string, options: { details?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ToolError';
    this.code = code;
    this.details = options.details ?? {};
  }

  static isInstance(value: unknown): value is ToolError {
    return value instanceof ToolError || (value instanceof Error && value.name === 'ToolError' && 'code' in value);
  }

  toJSON(): ToolErrorJson {
    return { code: this.code, message: this.message, details: this.details };
  }
}

export interface ToolErrorJson {
  code: ToolErrorCode;
  message: string;
  details: Record<string, unknown>;
}

/** What a tool returns when the failure is one the model can fix (bad input, unknown id): data, not a throw. */
export type ToolFailure = { ok: false; error: ToolErrorJson };

/** Turns anything thrown into a ToolError at a boundary, keeping the cause. */
export function toToolError(value: unknown): ToolError {
  if (ToolError.isInstance(value)) return value;
  const message = value instanceof Error ? value.message : String(value);
  return new ToolError('internal', message, { cause: value });
}

/** Runs `fn`; a ToolError becomes `{ ok: false, error }`, anything else is rethrown (a system failure). */
export async function asToolResult<T>(fn: () => Promise<T> | T): Promise<T | ToolFailure> {
  try {
    return await fn();
  } catch (error) {
    if (ToolError.isInstance(error)) return { ok: false, error: error.toJSON() };
    throw error;
  }
}
