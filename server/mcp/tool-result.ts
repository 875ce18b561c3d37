import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { ToolError } from '../../tools/common/errors.ts';
import { MCP_DEFAULTS } from './defaults.ts';
import { failureOf, resultSummary } from './result-summary.ts';

/**
 * A tool's value as an MCP `tools/call` result: `structuredContent` (the value; an array or a scalar under
 * `result`), a short text summary, then the value as JSON text for clients that only read text (cut at
 * `maxResultTextChars`). A failure the tool returned as data (`{ ok: false, error }`, policy denials included) is an
 * `isError` result carrying the ToolError's code, message and details, so the calling model can repair its call.
 */
export function toolResult(tool: string, value: unknown, maxTextChars: number = MCP_DEFAULTS.maxResultTextChars): CallToolResult {
  const structured = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : { result: value ?? null };
  const json = JSON.stringify(structured);
  const text = json.length > maxTextChars ? `${json.slice(0, maxTextChars)}… (cut at ${maxTextChars} characters; structuredContent has all of it)` : json;
  return {
    content: [
      { type: 'text', text: resultSummary(tool, value) },
      { type: 'text', text },
    ],
    structuredContent: structured,
    ...(failureOf(value) ? { isError: true } : {}),
  };
}

/** A ToolError thrown by a tool or found before it ran (bad arguments): the same shape as a failure returned as data. */
export function errorResult(tool: string, error: ToolError): CallToolResult {
  return toolResult(tool, { ok: false, error: error.toJSON() });
}
