/**
 * Limits of the MCP endpoint (server/mcp), one object applied at the edge (createApp's `mcp` option overrides them
 * in tests). Sessions are the SDK's stateful Streamable HTTP sessions (`Mcp-Session-Id`), held in memory.
 */
export interface McpLimits {
  /** MCP sessions open at once over HTTP, every principal together. */
  maxSessions: number;
  /** MCP sessions one principal may hold open at once (its least recently used idle one makes room for a new one). */
  maxSessionsPerPrincipal: number;
  /** A session without a request for this long, and no call running, is closed when room is needed or on the next sweep. */
  idleMs: number;
  /** Longest JSON text block of a tool result (the full value is always in `structuredContent`). */
  maxResultTextChars: number;
  /** A streaming tool's result waits until this long after its last progress notification (server/mcp/call-tool.ts). */
  progressGapMs: number;
}

export const MCP_DEFAULTS: Readonly<McpLimits> = Object.freeze({
  maxSessions: 32,
  maxSessionsPerPrincipal: 8,
  idleMs: 30 * 60_000,
  maxResultTextChars: 100_000,
  progressGapMs: 100,
});
