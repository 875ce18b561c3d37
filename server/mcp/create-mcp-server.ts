import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import type { Requester } from '../../tools/common/requester.ts';
import type { Services } from '../services.ts';
import { callTool } from './call-tool.ts';
import { McpToolContext, type McpTransportKind } from './mcp-tool-context.ts';
import { newMcpServer, serveHandlers, type McpHandlers } from './mcp-server-shell.ts';
import { listResources, readResource, resourceTemplates } from './resources.ts';
import { markStudyElsewhere } from './study-elsewhere.ts';
import { toolDefinitions } from './tool-definitions.ts';

export interface McpServerOptions {
  services: Services;
  /** Who the calls act as (server/mcp/mcp-requester.ts). */
  requester: Requester;
  transport: McpTransportKind;
  /** +1 when a tool call starts, -1 when it ends (the HTTP session table never closes a session with a call running). */
  onCall?: (delta: 1 | -1) => void;
}

/**
 * An MCP server over tunechat's agent toolset (the low-level SDK `Server`, so the tools' own JSON Schemas are served
 * as they are): `tools/list` and `tools/call` from `createToolset` (server/agent/toolset.ts; every call authorized with
 * the requester's policies), progress notifications for streaming tools when the client sends a `progressToken`,
 * cancellation through the request's abort signal, and the resources of server/mcp/resources.ts. One server per
 * connection: stdio has one, each HTTP session its own.
 */
export function createMcpServer(options: McpServerOptions): Server {
  const server = newMcpServer();
  serveHandlers(server, mcpHandlers(server, options));
  return server;
}

/**
 * The tools and resources handlers of `server` (server/mcp/mcp-server-shell.ts), for a server created before its
 * services were loaded (`tunechat mcp`) or by `createMcpServer`.
 */
export function mcpHandlers(server: Server, options: McpServerOptions): McpHandlers {
  const { services } = options;
  const context = new McpToolContext({ ...options, clientName: () => server.getClientVersion()?.name });
  return {
    listTools: async () => ({ tools: await toolDefinitions(context.listing()) }),
    callTool: async (request, extra) => {
      const tools = context.callable();
      const { name } = request.params;
      if (!Object.hasOwn(tools, name)) {
        throw new McpError(ErrorCode.InvalidParams, `unknown tool "${name.slice(0, 100)}"; tools: ${Object.keys(tools).join(', ')}`);
      }
      const token = request.params._meta?.progressToken;
      options.onCall?.(1);
      try {
        return await callTool({
          tools, name, args: request.params.arguments, signal: extra.signal, callId: String(extra.requestId),
          finalValue: (value) => markStudyElsewhere(value, (id) => services.studies.isRunning(id)),
          ...(token !== undefined
            ? { onProgress: (update) => extra.sendNotification({ method: 'notifications/progress', params: { progressToken: token, ...update } }) }
            : {}),
        });
      } finally {
        options.onCall?.(-1);
      }
    },
    listResources: async () => ({ resources: listResources(services, context.authorization()) }),
    listResourceTemplates: async () => ({ resourceTemplates: resourceTemplates() }),
    readResource: async (request) => readResource(services, context.authorization(), request.params.uri),
  };
}
