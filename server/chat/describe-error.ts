import { APICallError, RetryError } from 'ai';

/**
 * The text shown in the chat for an error from the model or a tool. The AI SDK masks errors as
 * "An error occurred." by default; users need the real reason, and a clear one when the endpoint is down.
 */
export function describeError(error: unknown): string {
  const root = RetryError.isInstance(error) ? error.lastError : error;
  if (APICallError.isInstance(root)) {
    const cause = root.cause as { code?: string } | undefined;
    if (cause?.code === 'ECONNREFUSED' || cause?.code === 'ENOTFOUND' || /fetch failed|ECONNREFUSED/i.test(root.message)) {
      return `The model endpoint ${root.url} is not reachable (${cause?.code ?? root.message}). Check TUNECHAT_BASE_URL and that the server is running.`;
    }
    if (root.statusCode !== undefined) return `The model endpoint ${root.url} answered HTTP ${root.statusCode}: ${root.message}`;
    return `Model request to ${root.url} failed: ${root.message}`;
  }
  if (root instanceof Error) {
    const code = (root.cause as { code?: string } | undefined)?.code;
    if (code === 'ECONNREFUSED') return `The model endpoint is not reachable (ECONNREFUSED): ${root.message}`;
    return root.message || root.name;
  }
  return typeof root === 'string' ? root : JSON.stringify(root);
}
