import { McpError, ErrorCode, type ReadResourceResult, type Resource, type ResourceTemplate } from '@modelcontextprotocol/sdk/types.js';
import { toToolError, ToolError, type ToolErrorJson } from '../../tools/common/errors.ts';
import { refusalFor, type AuthorizeToolsContext } from '../../tools/iam/authorize-tools.ts';
import type { Services } from '../services.ts';
import { matchResource, recentRuns, recentStudies, RESOURCE_KINDS } from './resource-kinds.ts';

const JSON_TYPE = 'application/json';

/**
 * JSON-RPC error codes of a refused `resources/read`: -32002 is the MCP specification's "resource not found"; a
 * policy denial or a refusal is -32003 (tunechat's; the spec names none). `data` carries the ToolError's code and details.
 */
export const RESOURCE_ERROR_CODES: Readonly<Record<string, number>> = Object.freeze({
  not_found: -32002,
  access_denied: -32003,
  forbidden: -32003,
  invalid_argument: ErrorCode.InvalidParams,
});

/** `resources/templates/list`: the parameterized kinds (a study, its trials, a benchmark run, a rule). */
export function resourceTemplates(): ResourceTemplate[] {
  return RESOURCE_KINDS.filter((k) => k.uri.includes('{')).map((k) => ({ uriTemplate: k.uri, name: k.name, title: k.title, description: k.description, mimeType: JSON_TYPE }));
}

/**
 * `resources/list`: the indexes (studies, benchmark runs, rules), then the newest studies, runs and the rules, each
 * kind only when the policies let the caller list it (decided and audited like a tool call).
 */
export function listResources(services: Services, authorization: AuthorizeToolsContext): Resource[] {
  const fixed = RESOURCE_KINDS.filter((k) => !k.uri.includes('{')).map((k) => ({ uri: k.uri, name: k.name, title: k.title, description: k.description, mimeType: JSON_TYPE }));
  const allowed = (action: string) => refusalFor([{ action, resource: '*', context: {} }], authorization) === null;
  const items: Resource[] = [];
  if (allowed('optimizer:ListStudies')) {
    for (const s of recentStudies(services)) items.push({ uri: s.uri, name: `study ${s.id}`, title: `${s.name} (${s.status})`, description: `study of ${s.target ?? 'a target'}, ${s.status}`, mimeType: JSON_TYPE });
  }
  if (allowed('bench:ReadRuns')) {
    for (const r of recentRuns(services)) items.push({ uri: r.uri, name: `bench ${r.id}`, title: `${r.kind} benchmark: ${r.label}`.slice(0, 200), mimeType: JSON_TYPE });
  }
  if (allowed('rules:ReadRules')) {
    for (const r of services.rules.listRules()) items.push({ uri: `tunechat://rule/${encodeURIComponent(r.rule_id)}`, name: `rule ${r.rule_id}`, ...(r.description ? { description: r.description } : {}), mimeType: JSON_TYPE });
  }
  return [...fixed, ...items];
}

/** `resources/read`: one JSON document, after the policy decision. Unknown URIs, missing ids and denials are JSON-RPC errors. */
export function readResource(services: Services, authorization: AuthorizeToolsContext, uri: string): ReadResourceResult {
  const found = matchResource(uri);
  if (!found) {
    const known = RESOURCE_KINDS.map((k) => k.uri).join(', ');
    throw resourceError(new ToolError('not_found', `no tunechat resource at "${uri.slice(0, 200)}"; resources are ${known}`, { details: { uri: uri.slice(0, 200), known: RESOURCE_KINDS.map((k) => k.uri) } }).toJSON());
  }
  const refusal = refusalFor(found.kind.calls(found.params, authorization.env), authorization);
  if (refusal) throw resourceError(refusal.error);
  let value: unknown;
  try {
    value = found.kind.read(services, found.params);
  } catch (error) {
    throw resourceError(toToolError(error).toJSON());
  }
  return { contents: [{ uri, mimeType: JSON_TYPE, text: JSON.stringify(value) }] };
}

function resourceError(error: ToolErrorJson): McpError {
  return new McpError(RESOURCE_ERROR_CODES[error.code] ?? ErrorCode.InternalError, error.message, { code: error.code, details: error.details });
}
