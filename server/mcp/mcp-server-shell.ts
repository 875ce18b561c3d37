import { createRequire } from 'node:module';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema, ListResourcesRequestSchema, ListResourceTemplatesRequestSchema, ListToolsRequestSchema, ReadResourceRequestSchema,
  type CallToolRequest, type CallToolResult, type ListResourcesResult, type ListResourceTemplatesResult, type ListToolsResult, type ReadResourceRequest,
  type ReadResourceResult, type ServerNotification, type ServerRequest,
} from '@modelcontextprotocol/sdk/types.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';

/**
 * The MCP `Server` without its tools: name, version, capabilities and instructions, and the five request handlers
 * wired to a `McpHandlers` that may still be loading. This module imports only the SDK, so `tunechat mcp` answers
 * `initialize` and `ping` within a second or two, while the database, the services and the toolset (seconds of module
 * loading) load behind it: clients that give a server a few seconds to start (gemini-cli's `mcp list`: 5 s) see it
 * connected, and `tools/list` waits for the load. server/mcp/create-mcp-server.ts builds the handlers.
 */

export type McpRequestExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/** What a tunechat MCP server answers, once its services are loaded. */
export interface McpHandlers {
  listTools(): Promise<ListToolsResult>;
  callTool(request: CallToolRequest, extra: McpRequestExtra): Promise<CallToolResult>;
  listResources(): Promise<ListResourcesResult>;
  listResourceTemplates(): Promise<ListResourceTemplatesResult>;
  readResource(request: ReadResourceRequest): Promise<ReadResourceResult>;
}

export const MCP_INSTRUCTIONS = [
  "tunechat tunes ML models and services: an optimizer (start_study, then wait_for_study for progress and the best trial), a rule engine and a benchmark harness.",
  'list_targets names what can be tuned (builtin test problems such as branin, and the operator\'s registered targets). Only registered targets\' commands run from here.',
  'Studies, their trials, benchmark runs and rules are also resources (tunechat://study/{study_id}, …/trials, tunechat://bench/{run_id}, tunechat://rules).',
].join(' ');

/** A tunechat MCP server with no handlers yet (`serveHandlers` adds them). */
export function newMcpServer(): Server {
  return new Server({ name: 'tunechat', title: 'tunechat', version: packageVersion() }, { capabilities: { tools: {}, resources: {} }, instructions: MCP_INSTRUCTIONS });
}

/**
 * Answers tools and resources requests with `handlers`, or with what `handlers()` resolves to: each request waits for
 * it (a load that failed fails the request with its error). `initialize` and `ping` never wait: the SDK answers them.
 */
export function serveHandlers(server: Server, handlers: McpHandlers | (() => Promise<McpHandlers>)): void {
  const ready = typeof handlers === 'function' ? handlers : () => Promise.resolve(handlers);
  server.setRequestHandler(ListToolsRequestSchema, async () => (await ready()).listTools());
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => (await ready()).callTool(request, extra));
  server.setRequestHandler(ListResourcesRequestSchema, async () => (await ready()).listResources());
  server.setRequestHandler(ListResourceTemplatesRequestSchema, async () => (await ready()).listResourceTemplates());
  server.setRequestHandler(ReadResourceRequestSchema, async (request) => (await ready()).readResource(request));
}

let version: string | null = null;

function packageVersion(): string {
  version ??= (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
  return version;
}
