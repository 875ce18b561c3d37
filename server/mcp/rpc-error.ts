/**
 * A JSON-RPC error response (`{ jsonrpc, error: { code, message }, id: null }`) with an HTTP status, as the MCP
 * Streamable HTTP transport answers requests it cannot route (unknown session, missing initialize, bad JSON).
 */
export function rpcError(status: number, code: number, message: string): Response {
  return new Response(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }), { status, headers: { 'content-type': 'application/json' } });
}
