import type { Requester } from '../../tools/common/requester.ts';
import type { RequestAuth } from '../security/auth.ts';

/**
 * Who a `POST /api/chat` turn acts as: what the websocket gives the same principal (server/ws/chat-connection.ts).
 * The authenticated user (bearer or login cookie), or the operator when authentication is off; `commands` is true,
 * so whether a typed command may run is the user's policy's decision (bench:RunCommand, the default guardrails) on top
 * of command-permission's typed-exactly rules, as over the websocket. Cross-site pages never get here (request guard).
 * The per-client turn limit counts per principal and address: `http:<principal arn>@<ip>`.
 */
export function chatRequester(auth: RequestAuth | undefined): Requester {
  return Object.freeze({
    source: 'web',
    client: `http:${auth?.principal.arn ?? 'operator'}@${auth?.sourceIp ?? 'local'}`,
    commands: true,
    ...(auth ? { principal: auth.principal } : {}),
    ...(auth?.sourceIp ? { sourceIp: auth.sourceIp } : {}),
  });
}
