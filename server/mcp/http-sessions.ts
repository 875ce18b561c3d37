import { randomUUID } from 'node:crypto';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import type { Principal } from '../../tools/iam/types.ts';
import type { Services } from '../services.ts';
import { createMcpServer } from './create-mcp-server.ts';
import { MCP_DEFAULTS, type McpLimits } from './defaults.ts';
import { httpRequester } from './mcp-requester.ts';
import { rpcError } from './rpc-error.ts';

/** Who sends an HTTP request to `/mcp` (server/security/auth.ts set it). */
export interface McpCaller {
  principal: Principal;
  sourceIp?: string | undefined;
}

interface Session {
  id: string;
  transport: WebStandardStreamableHTTPServerTransport;
  server: Server;
  /** The ARN of the principal that opened it: only that principal's requests may use it. */
  owner: string;
  lastSeen: number;
  /** Tool calls running now. */
  calls: number;
}

/**
 * The stateful Streamable HTTP sessions of `/mcp` (MCP 2025-11-25 transport, the SDK's web-standard transport): an
 * `initialize` POST without `Mcp-Session-Id` opens one (its own MCP server, acting as the caller's principal);
 * later requests name it in `Mcp-Session-Id`, and must come from the same principal (else 404, as for an unknown
 * id); `DELETE` ends it. At most `maxSessions` are open, `maxSessionsPerPrincipal` per principal: when full, the least
 * recently used session without a running call is closed to make room, otherwise the new one is refused (503).
 * Sessions idle longer than `idleMs` are closed on the next request that arrives.
 */
export class McpHttpSessions {
  private readonly sessions = new Map<string, Session>();
  private readonly limits: McpLimits;

  constructor(private readonly deps: { services: Services; limits?: Partial<McpLimits> }) {
    this.limits = { ...MCP_DEFAULTS, ...deps.limits };
  }

  /** Open sessions and the tool calls running in them. */
  stats(): { sessions: number; calls: number } {
    let calls = 0;
    for (const session of this.sessions.values()) calls += session.calls;
    return { sessions: this.sessions.size, calls };
  }

  /** Answers one request to `/mcp`. `body` is the parsed JSON of a POST (the route read it under the body limit). */
  async handle(request: Request, caller: McpCaller, body?: unknown): Promise<Response> {
    await this.sweep();
    const id = request.headers.get('mcp-session-id');
    if (id !== null) {
      const session = this.sessions.get(id);
      if (!session || session.owner !== caller.principal.arn) {
        return rpcError(404, -32001, `MCP session "${id.slice(0, 80)}" is not open (unknown, ended, or opened by another principal): start a new one with initialize`);
      }
      session.lastSeen = this.now();
      return session.transport.handleRequest(request, body === undefined ? undefined : { parsedBody: body });
    }
    if (request.method !== 'POST') return rpcError(400, -32000, `${request.method} /mcp needs the Mcp-Session-Id header of an open session; open one with an initialize POST`);
    if (!isInitializeRequest(body)) return rpcError(400, -32600, 'a request without Mcp-Session-Id must be initialize (it opens an MCP session)');
    if (!(await this.makeRoom(caller.principal.arn))) {
      return rpcError(503, -32000, `too many MCP sessions are open (${this.limits.maxSessions} in all, ${this.limits.maxSessionsPerPrincipal} per principal) and every one has a call running; end one (DELETE /mcp) or retry later`);
    }
    return this.open(caller).transport.handleRequest(request, { parsedBody: body });
  }

  /** Closes every session (server shutdown): their streams end and running calls are cancelled. */
  async closeAll(): Promise<void> {
    await Promise.all([...this.sessions.values()].map((s) => this.close(s)));
  }

  private open(caller: McpCaller): Session {
    const requester = httpRequester(caller);
    const session = { id: '', owner: caller.principal.arn, lastSeen: this.now(), calls: 0 } as Session;
    session.server = createMcpServer({ services: this.deps.services, requester, transport: 'http', onCall: (delta) => (session.calls += delta) });
    session.transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        session.id = id;
        this.sessions.set(id, session);
      },
      onsessionclosed: (id) => void this.forget(id),
    });
    session.transport.onclose = () => void this.forget(session.id);
    void session.server.connect(session.transport);
    return session;
  }

  /** Frees a slot for `owner` if needed: its own, then anyone's least recently used idle session. False when none can go. */
  private async makeRoom(owner: string): Promise<boolean> {
    const idle = (list: Session[]) => list.filter((s) => s.calls === 0).sort((a, b) => a.lastSeen - b.lastSeen)[0];
    const mine = [...this.sessions.values()].filter((s) => s.owner === owner);
    if (mine.length >= this.limits.maxSessionsPerPrincipal) {
      const victim = idle(mine);
      if (!victim) return false;
      await this.close(victim);
    }
    if (this.sessions.size >= this.limits.maxSessions) {
      const victim = idle([...this.sessions.values()]);
      if (!victim) return false;
      await this.close(victim);
    }
    return true;
  }

  private async sweep(): Promise<void> {
    const now = this.now();
    const stale = [...this.sessions.values()].filter((s) => s.calls === 0 && now - s.lastSeen > this.limits.idleMs);
    await Promise.all(stale.map((s) => this.close(s)));
  }

  private async close(session: Session): Promise<void> {
    this.sessions.delete(session.id);
    await session.transport.close();
    await session.server.close();
  }

  private forget(id: string): void {
    const session = this.sessions.get(id);
    if (!session) return;
    this.sessions.delete(id);
    void session.server.close();
  }

  private now(): number {
    return this.deps.services.clock.now();
  }
}
