import type { ToolSet } from 'ai';
import { ChatStore } from '../../db/chat-store.ts';
import type { CommandGate } from '../../tools/common/command-permission.ts';
import type { Requester } from '../../tools/common/requester.ts';
import type { AuthorizeToolsContext } from '../../tools/iam/authorize-tools.ts';
import { authorizationFor, createToolset, type ToolsetContext } from '../agent/toolset.ts';
import type { Services } from '../services.ts';

/** How the MCP client reached us: `tunechat mcp` (stdio) or the server's `/mcp` (Streamable HTTP). */
export type McpTransportKind = 'stdio' | 'http';

export interface McpToolContextOptions {
  services: Services;
  requester: Requester;
  transport: McpTransportKind;
  /** The client's name from `initialize` (Claude Desktop, Cursor, …), for the chat session's title. */
  clientName: () => string | undefined;
}

/** The session id tools see before the first call created one (listing builds the tools but runs none). */
const NOT_STARTED = 'mcp:not-started';

/**
 * The agent's toolset as one MCP connection sees it: `createToolset` (server/agent/toolset.ts: every engine's tools,
 * each call authorized with the requester's policies), built afresh per request so target lists and policies are
 * current. The tools record studies and benchmark runs under a chat session (tools default to its latest study);
 * one is created for the connection on its first tool call, titled `MCP: <client>`, with `metadata.mcp`.
 */
export class McpToolContext {
  private sessionId: string | null = null;

  constructor(private readonly options: McpToolContextOptions) {}

  /** The tools to list (names, descriptions, input schemas); nothing is created. */
  listing(): ToolSet {
    return createToolset(this.toolsetContext(this.sessionId ?? NOT_STARTED));
  }

  /** The tools to call, under this connection's chat session (created now if needed). */
  callable(): ToolSet {
    return createToolset(this.toolsetContext(this.chatSession()));
  }

  /** The policy context of this connection's requester (resource reads are decided with it). */
  authorization(): AuthorizeToolsContext {
    return authorizationFor(this.toolsetContext(this.sessionId ?? NOT_STARTED));
  }

  private chatSession(): string {
    if (this.sessionId) return this.sessionId;
    const { services, transport } = this.options;
    const client = (this.options.clientName() ?? 'client').slice(0, 80);
    const store = new ChatStore(services.db, () => services.clock.now());
    const session = store.createSession({
      title: `MCP: ${client}`,
      // Stored sources are web | cli | slack | import: stdio is the local operator's CLI, HTTP a remote client of the server.
      source: transport === 'stdio' ? 'cli' : 'web',
      metadata: { mcp: { transport, client, requester: this.options.requester.client } },
    });
    this.sessionId = session.id;
    return session.id;
  }

  private toolsetContext(sessionId: string): ToolsetContext {
    const { services, requester } = this.options;
    // No message was typed here: nothing counts as typed or confirmed, so only registered targets' commands run.
    const commands: CommandGate = {
      requester,
      typed: [],
      confirmed: [],
      allowShell: services.config.allowShell,
      cwd: process.cwd(),
      requestConfirmation: () => {},
    };
    return { services, sessionId, dryRun: false, requester, commands };
  }
}
