import type { Principal } from '../iam/types.ts';

/**
 * Who asked for a chat turn, and so for its tool calls. Tools read it to decide what may run (commands) and to
 * apply per-client limits; it is set by the server from how the turn arrived, never from message text.
 */
export interface Requester {
  /**
   * How the turn arrived: the web UI's websocket, the local CLI, a Slack member, a replay of a saved session, or an
   * MCP client (another agent calling the tools: server/mcp; never the operator's typed commands).
   */
  source: 'web' | 'cli' | 'slack' | 'replay' | 'mcp';
  /** Stable key of the client for per-client limits: `ws:<connection>`, `slack:<user id>`, `cli:<pid>`, `mcp:<principal>`. */
  client: string;
  /**
   * Whether this requester may run commands it typed and register targets that run commands. True for the
   * operator's own web UI and CLI; false for Slack members (unless the operator allows it) and replays.
   */
  commands: boolean;
  /**
   * Who the request acts as for policy decisions (tools/iam): the authenticated user, a mapped Slack member, the
   * `slack-guest`, or the operator (absent = the operator: the local CLI, or a loopback server without users).
   */
  principal?: Principal;
  /** The client's IP address when the request came over HTTP or a websocket (the `tunechat:SourceIp` key). */
  sourceIp?: string;
}

/** The operator at this machine (CLI, tests). */
export const OPERATOR: Requester = Object.freeze({ source: 'cli', client: 'cli:local', commands: true });
