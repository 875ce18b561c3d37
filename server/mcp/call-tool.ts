import { asSchema, type ToolSet } from 'ai';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { toToolError, ToolError } from '../../tools/common/errors.ts';
import { MCP_DEFAULTS } from './defaults.ts';
import { ToolProgress, type ProgressUpdate } from './tool-progress.ts';
import { errorResult, toolResult } from './tool-result.ts';

export interface ToolCallRequest {
  tools: ToolSet;
  name: string;
  args: unknown;
  /** Aborted when the client cancels the request (`notifications/cancelled`) or the connection closes. */
  signal: AbortSignal;
  /** The JSON-RPC request id (the AI SDK's toolCallId). */
  callId: string;
  /** Sends one progress notification; absent when the client asked for none (no `_meta.progressToken`). */
  onProgress?: (update: ProgressUpdate) => Promise<void>;
  /** Rewrites the final value before it becomes the result (server/mcp/study-elsewhere.ts marks studies run elsewhere). */
  finalValue?: (value: unknown) => unknown;
  /** The result waits until this long after the last progress notification (see `callTool`). */
  progressGapMs?: number;
  /** Time for that wait (tests pass their own). */
  clock?: { now(): number; sleep(ms: number): Promise<void> };
}

const SYSTEM_CLOCK = { now: () => performance.now(), sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)) };

/**
 * Runs one tool of the toolset as the agent loop would: the arguments are validated (and defaulted) by the tool's
 * own zod schema, then `execute` runs with the request's abort signal. A streaming tool's intermediate values become
 * progress notifications and its last value is the result. Bad arguments, a ToolError thrown, or anything else
 * thrown are `isError` results (code, message, details); a policy denial comes back from the tool as data already.
 * Cancelling stops what the tool stops on its abort signal: `wait_for_study` stops waiting (the study runs on; stopping
 * it is `stop_study`), a benchmark stops.
 *
 * The result goes out at least `progressGapMs` (100 ms) after the last progress notification. The MCP SDK's client
 * handles a notification a microtask later than a response read in the same chunk, so a result right behind its last
 * notifications (a fast study: 20 branin trials in 0.2 s) made it drop them with "Received a progress notification
 * for an unknown token", which Claude Code logs as "STDIO connection dropped".
 */
export async function callTool(request: ToolCallRequest): Promise<CallToolResult> {
  const { name, tools } = request;
  const tool = tools[name]!;
  const parsed = await asSchema(tool.inputSchema).validate?.(request.args ?? {});
  if (parsed && !parsed.success) return errorResult(name, invalidArguments(name, parsed.error));
  const input = parsed ? parsed.value : request.args;
  try {
    if (!tool.execute) throw new ToolError('unsupported', `tool "${name}" has no execute function`, { details: { tool: name } });
    const output = tool.execute(input, { toolCallId: request.callId, messages: [], abortSignal: request.signal });
    const final = request.finalValue ?? ((value: unknown) => value);
    if (!isAsyncIterable(output)) return toolResult(name, final(await output));
    const progress = new ToolProgress();
    const clock = request.clock ?? SYSTEM_CLOCK;
    let last: unknown = undefined;
    let lastSent: number | null = null;
    for await (const value of output) {
      last = value;
      const update = progress.next(value);
      if (update && request.onProgress && !request.signal.aborted) {
        await request.onProgress(update);
        lastSent = clock.now();
      }
    }
    const gap = request.progressGapMs ?? MCP_DEFAULTS.progressGapMs;
    const since = lastSent === null ? Infinity : clock.now() - lastSent;
    if (since < gap && !request.signal.aborted) await clock.sleep(gap - since);
    return toolResult(name, final(last));
  } catch (error) {
    return errorResult(name, toToolError(error));
  }
}

/** The zod issues of a rejected input, as a ToolError naming each path. */
function invalidArguments(tool: string, error: Error): ToolError {
  type Issues = { issues?: { path: PropertyKey[]; message: string }[] } | undefined;
  // The AI SDK hands back zod's error itself, or a TypeValidationError caused by it.
  const issues = ((error as Issues)?.issues ?? (error.cause as Issues)?.issues ?? []).map((issue) => ({
    path: issue.path.map(String).join('.') || '(input)',
    message: issue.message,
  }));
  const listed = issues.length ? issues.map((i) => `${i.path}: ${i.message}`).join('; ') : error.message;
  return new ToolError('invalid_argument', `invalid arguments for ${tool}: ${listed}`, { details: { tool, issues }, cause: error });
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return value !== null && typeof value === 'object' && Symbol.asyncIterator in value;
}
