import type { Requester } from '../../tools/common/requester.ts';
import type { Principal } from '../../tools/iam/types.ts';

/**
 * Who an MCP client's tool calls act as. Never `commands: true`: the arguments come from another agent's model, not
 * from words the operator typed here, so only registered targets' commands run (tools/common/command-permission.ts
 * refuses the rest with rule `operator-only`), and a target that exists is not replaced. Policies see
 * `tunechat:Source = mcp`.
 */

/** `tunechat mcp` on stdio: the local operator (no principal = the operator), one client per process. */
export function stdioRequester(pid: number = process.pid): Requester {
  return { source: 'mcp', client: `mcp:stdio:${pid}`, commands: false };
}

/**
 * An MCP session over HTTP: the principal of the token that opened it (the operator when authentication is off), and
 * the peer's address. Per-client limits (running studies) count per principal, so opening more sessions gains nothing.
 */
export function httpRequester(caller: { principal: Principal; sourceIp?: string | undefined }): Requester {
  return {
    source: 'mcp',
    client: `mcp:${caller.principal.arn}`,
    commands: false,
    principal: caller.principal,
    ...(caller.sourceIp ? { sourceIp: caller.sourceIp } : {}),
  };
}
