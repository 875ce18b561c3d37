import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { openDatabase } from '../../db/open.ts';
import { systemClock } from '../../tools/common/clock.ts';
import { createModel } from '../agent/model.ts';
import { loadConfig } from '../config.ts';
import { closeServices, createServices } from '../services.ts';
import { mcpHandlers } from './create-mcp-server.ts';
import type { McpHandlers } from './mcp-server-shell.ts';
import { stdioRequester } from './mcp-requester.ts';

export interface StdioBackend {
  handlers: McpHandlers;
  dbPath: string;
  /** Suspends running studies (the server resumes them on its next start) and closes the database. */
  close(): Promise<void>;
}

/**
 * What `tunechat mcp` serves once loaded: the configuration and database of the working directory, the services
 * (optimizer, rules, benchmarks, policies) and the handlers acting as the local operator. The heavy part of the stdio
 * server, imported only after the transport answers `initialize` (cli/commands/mcp.ts).
 */
export function loadStdioBackend(server: Server, env: NodeJS.ProcessEnv = process.env): StdioBackend {
  const config = loadConfig(env);
  const db = openDatabase(config.dbPath);
  const services = createServices({ db, clock: systemClock, config, model: createModel(config.model) });
  return {
    handlers: mcpHandlers(server, { services, requester: stdioRequester(), transport: 'stdio' }),
    dbPath: config.dbPath,
    close: async () => {
      await closeServices(services);
      db.close();
    },
  };
}
