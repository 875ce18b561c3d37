import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { asSchema } from 'ai';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult, Progress } from '@modelcontextprotocol/sdk/types.js';
import { createModel } from '../../../../server/agent/model.ts';
import { createToolset } from '../../../../server/agent/toolset.ts';
import { createApp, type AppOptions, type TunechatApp } from '../../../../server/app.ts';
import { closeServices, type Services } from '../../../../server/services.ts';
import { gateFor } from '../../../support/command-gate.ts';
import { createTestServices } from '../../../support/test-services.ts';

/** The agent's toolset as the chat builds it: names, descriptions and JSON Schemas to compare the MCP listing with. */
export async function agentToolDefinitions(services: Services): Promise<Map<string, { description: string | undefined; inputSchema: unknown }>> {
  const tools = createToolset({ services, sessionId: 'compare', dryRun: false, requester: { source: 'mcp', client: 'mcp:test', commands: false }, commands: gateFor('') });
  const entries = await Promise.all(Object.entries(tools).map(async ([name, t]) => [name, { description: t.description, inputSchema: await asSchema(t.inputSchema).jsonSchema }] as const));
  return new Map(entries);
}

export interface McpTestServer {
  services: Services;
  app: TunechatApp;
  url: string;
  mcpUrl: string;
  close(): Promise<void>;
}

/** The real app on 127.0.0.1 port 0 over in-memory services; `close()` ends the MCP sessions, the server and the services. */
export async function startMcpServer(options: { env?: Record<string, string>; app?: Omit<AppOptions, 'services'> } = {}): Promise<McpTestServer> {
  const services = createTestServices(createModel({ kind: 'local' }), options.env);
  const app = createApp({ services, ...options.app });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  app.injectWebSocket(server);
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    services, app, url, mcpUrl: `${url}/mcp`,
    async close() {
      await app.shutdown();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      await closeServices(services);
      services.db.close();
    },
  };
}

/**
 * start_study on branin with a budget far larger than the test waits for, then wait_for_study with progress; after
 * `stopAfter` notifications the test calls stop_study, so the wait ends with the stopped study's summary (no timing
 * assumption: trials keep finishing until the stop, and each one is a notification).
 */
export async function studyWithProgress(client: Client, stopAfter = 3): Promise<{ studyId: string; started: CallToolResult; waited: CallToolResult; progress: Progress[] }> {
  const started = (await client.callTool({ name: 'start_study', arguments: { target: 'branin', trials: 5000, sampler: 'random', seed: 7 } })) as CallToolResult;
  const studyId = (started.structuredContent as { study_id: string }).study_id;
  const progress: Progress[] = [];
  let stopping: Promise<unknown> | null = null;
  const waited = (await client.callTool({ name: 'wait_for_study', arguments: { study_id: studyId, timeout_s: 120 } }, undefined, {
    onprogress: (p) => {
      progress.push(p);
      if (progress.length === stopAfter) stopping = client.callTool({ name: 'stop_study', arguments: { study_id: studyId } });
    },
    resetTimeoutOnProgress: true,
  })) as CallToolResult;
  await stopping;
  return { studyId, started, waited, progress };
}

/** Polls `check` every 20 ms until it holds, for at most `ms` (then throws naming `what`). */
export async function eventually(what: string, check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Reads a tunechat resource and parses its JSON text (every tunechat resource is one application/json document). */
export async function readJson<T>(client: Client, uri: string): Promise<T> {
  const content = (await client.readResource({ uri })).contents[0]!;
  if (!('text' in content)) throw new Error(`${uri} has no text content`);
  return JSON.parse(content.text) as T;
}
