import { APICallError, RetryError } from 'ai';

/**
 * The text shown in the chat for an error from the model or a tool. The AI SDK masks errors as
 * "An error occurred." by default; users need the real reason, and a clear one when the endpoint is down.
 */
export function describeError(error: unknown): string {
  const root = RetryError.isInstance(error) ? error.lastError : error;
  if (APICallError.isInstance(root)) {
    const code = causeCode(root);
    if (code || /fetch failed|cannot connect|ECONNREFUSED/i.test(root.message)) {
      return `The model endpoint ${root.url} is not reachable (${code ?? root.message}). Check TUNECHAT_BASE_URL and that the model server is running.`;
    }
    if (root.statusCode !== undefined) return `The model endpoint ${root.url} answered HTTP ${root.statusCode}: ${root.message}`;
    return `Model request to ${root.url} failed: ${root.message}`;
  }
  if (root instanceof Error) {
    const code = causeCode(root);
    if (code === 'ECONNREFUSED') return `The model endpoint is not reachable (ECONNREFUSED): ${root.message}`;
    return root.message || root.name;
  }
  return typeof root === 'string' ? root : JSON.stringify(root);
}

/** The first network error code (ECONNREFUSED, ENOTFOUND, …) in an error's cause chain. */
function causeCode(error: unknown): string | null {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}
