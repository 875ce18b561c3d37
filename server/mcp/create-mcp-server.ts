import { createRequire } from 'node:module';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema, ErrorCode, ListResourcesRequestSchema, ListResourceTemplatesRequestSchema, ListToolsRequestSchema, McpError, ReadResourceRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';
import type { Requester } from '../../tools/common/requester.ts';
import type { Services } from '../services.ts';
import { callTool } from './call-tool.ts';
import { McpToolContext, type McpTransportKind } from './mcp-tool-context.ts';
import { listResources, readResource, resourceTemplates } from './resources.ts';
import { toolDefinitions } from './tool-definitions.ts';

export interface McpServerOptions {
  services: Services;
  /** Who the calls act as (server/mcp/mcp-requester.ts). */
  requester: Requester;
  transport: McpTransportKind;
  /** +1 when a tool call starts, -1 when it ends (the HTTP session table never closes a session with a call running). */
  onCall?: (delta: 1 | -1) => void;
}

const INSTRUCTIONS = [
  "tunechat tunes ML models and services: an optimizer (start_study, then wait_for_study for progress and the best trial), a rule engine and a benchmark harness.",
  'list_targets names what can be tuned (builtin test problems such as branin, and the operator\'s registered targets). Only registered targets\' commands run from here.',
  'Studies, their trials, benchmark runs and rules are also resources (tunechat://study/{study_id}, …/trials, tunechat://bench/{run_id}, tunechat://rules).',
].join(' ');

/**
 * An MCP server over tunechat's agent toolset (the low-level SDK `Server`, so the tools' own JSON Schemas are served
 * as they are): `tools/list` and `tools/call` from `createToolset` (server/agent/toolset.ts; every call authorized with
 * the requester's policies), progress notifications for streaming tools when the client sends a `progressToken`,
 * cancellation through the request's abort signal, and the resources of server/mcp/resources.ts. One server per
 * connection: stdio has one, each HTTP session its own.
 */
export function createMcpServer(options: McpServerOptions): Server {
  const { services } = options;
  const server = new Server({ name: 'tunechat', title: 'tunechat', version: packageVersion() }, { capabilities: { tools: {}, resources: {} }, instructions: INSTRUCTIONS });
  const context = new McpToolContext({ ...options, clientName: () => server.getClientVersion()?.name });

  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: await toolDefinitions(context.listing()) }));

  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
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
        ...(token !== undefined
          ? { onProgress: (update) => extra.sendNotification({ method: 'notifications/progress', params: { progressToken: token, ...update } }) }
          : {}),
      });
    } finally {
      options.onCall?.(-1);
    }
  });

  server.setRequestHandler(ListResourcesRequestSchema, async () => ({ resources: listResources(services, context.authorization()) }));
  server.setRequestHandler(ListResourceTemplatesRequestSchema, async () => ({ resourceTemplates: resourceTemplates() }));
  server.setRequestHandler(ReadResourceRequestSchema, async (request) => readResource(services, context.authorization(), request.params.uri));
  return server;
}

let version: string | null = null;

function packageVersion(): string {
  version ??= (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
  return version;
}
