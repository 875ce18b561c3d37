/**
 * Every agent tool call gets a policy decision before it runs (issue 16: "no path runs a tool without a decision").
 * `authorizeTools` wraps each tool's `execute`, like server/agent/dry-run.ts does: the decision input is built from
 * the call's real input (catalog-tools.ts), the authorizer evaluates and audits it, and a denial comes back as the
 * project's fixable-failure value `{ ok: false, error: { code: 'access_denied', message, details } }` (what
 * `asToolResult` returns for a ToolError), so the model reads why and explains it. The tool's own `execute` is not
 * called at all on a denial. A tool without a catalog entry never runs (its failure is 'internal').
 */
import type { ToolSet } from 'ai';
import { ToolError, type ToolFailure } from '../common/errors.ts';
import { toolAuthorizations, type ToolAuthEnv } from './catalog-tools.ts';
import type { AuthorizationDecision, AuthorizerApi, CallAuthorization, ContextValue, MatchedStatement, Principal, RequestOrigin } from './types.ts';

export interface AuthorizeToolsContext {
  authorizer: AuthorizerApi;
  principal: Principal;
  origin: RequestOrigin;
  env: ToolAuthEnv;
  /**
   * More details for a denial (rare, so it may be slow): the deciding statements with their conditions and the near
   * misses (statement-details.ts `denialDetails`), so the chat can say what the policy limits and what would pass.
   */
  explain?: (call: CallAuthorization, decision: AuthorizationDecision) => Record<string, unknown>;
}

type Execute = (input: unknown, options: unknown) => unknown;

/** The same tools (names, descriptions, input schemas), each `execute` behind a decision. */
export function authorizeTools(tools: ToolSet, context: AuthorizeToolsContext): ToolSet {
  const wrapped: ToolSet = {};
  // Calls that name nobody (audit_query, simulate_policy) mean the caller.
  const decisionContext: AuthorizeToolsContext = { ...context, env: { ...context.env, self: context.principal.arn } };
  for (const [name, original] of Object.entries(tools)) {
    const execute = (original as { execute?: Execute }).execute;
    if (!execute) {
      wrapped[name] = original;
      continue;
    }
    const guarded: Execute = (input, options) => {
      const refusal = decide(name, input, decisionContext);
      // The original's own result, untouched: a promise, or the async iterable of a streaming tool.
      return refusal ? Promise.resolve(refusal) : execute.call(original, input, options);
    };
    wrapped[name] = { ...original, execute: guarded } as ToolSet[string];
  }
  return wrapped;
}

/** Null when every decision the call needs allows it; the failure to return otherwise. Stops at the first denial. */
function decide(tool: string, input: unknown, context: AuthorizeToolsContext): ToolFailure | null {
  let calls: CallAuthorization[];
  try {
    calls = toolAuthorizations(tool, input, context.env);
  } catch (error) {
    if (ToolError.isInstance(error)) return { ok: false, error: error.toJSON() };
    throw error;
  }
  return refusalFor(calls, context);
}

/**
 * Decides `calls` in order for the context's principal (each decision audited); null when every one is allowed, the
 * first denial's `access_denied` failure otherwise. Also what reads outside the tools use (server/mcp resources).
 */
export function refusalFor(calls: readonly CallAuthorization[], context: AuthorizeToolsContext): ToolFailure | null {
  for (const call of calls) {
    const decision = context.authorizer.authorize(context.principal, context.origin, call);
    if (decision.decision !== 'allowed') {
      const error = accessDenied(context.principal, call, decision);
      if (context.explain) Object.assign(error.details, context.explain(call, decision));
      return { ok: false, error: error.toJSON() };
    }
  }
  return null;
}

/**
 * The 'access_denied' error of a denied call: `access denied: alice may not optimizer:StartStudy on
 * tunechat:target/xgboost (trials 500): explicitly denied by statement "MaxTrials" of policy tuners-studies v2
 * (decision d-…)`, details {decision_id, action, resource, decision, matched, missing_context_keys, context}.
 */
export function accessDenied(principal: Principal, call: CallAuthorization, decision: AuthorizationDecision): ToolError {
  const summary = callSummary(call);
  const message = `access denied: ${principal.name} may not ${call.action} on ${call.resource}${summary ? ` (${summary})` : ''}: ${denialReason(decision)} (decision ${decision.decisionId})`;
  return new ToolError('access_denied', message, {
    details: {
      decision_id: decision.decisionId,
      action: call.action,
      resource: call.resource,
      decision: decision.decision,
      matched: decision.matched,
      missing_context_keys: decision.missingContextKeys,
      context: call.context,
    },
  });
}

/** Why: the Deny statements that matched (by Sid, or position), or "no policy allows it (implicit deny)". */
export function denialReason(decision: Pick<AuthorizationDecision, 'decision' | 'matched' | 'missingContextKeys'>): string {
  const missing = decision.missingContextKeys.length > 0 ? `; the request has no ${decision.missingContextKeys.join(', ')}, which a condition asks for` : '';
  if (decision.decision === 'explicitDeny') {
    const denies = decision.matched.filter((m) => m.effect === 'Deny');
    const named = denies.map(statementName);
    if (named.length === 0) return `explicitly denied${missing}`;
    return `explicitly denied by ${named.length === 1 ? 'statement' : 'statements'} ${named.join(' and ')}${missing}`;
  }
  return `no policy allows it (implicit deny)${missing}`;
}

function statementName(statement: MatchedStatement): string {
  const which = statement.sid !== null ? JSON.stringify(statement.sid) : `Statement[${statement.index}]`;
  return `${which} of policy ${statement.policy.replace(/^default:/, '')} ${statement.version}`;
}

/** The values a reader of a denial needs first, per action ("trials 500", "60 s, 10 connections"). */
const HEADLINES: Readonly<Record<string, readonly (readonly [string, (value: ContextValue) => string | null])[]>> = {
  'optimizer:startstudy': [['optimizer:Trials', (v) => `trials ${v}`], ['optimizer:Parallel', (v) => (v === 1 ? null : `parallel ${v}`)]],
  'optimizer:continuestudy': [['optimizer:Trials', (v) => `${v} more trials`], ['optimizer:TotalTrials', (v) => `${v} in all`]],
  'bench:runhttp': [['bench:DurationSeconds', (v) => `${v} s`], ['bench:Connections', (v) => `${v} connections`], ['bench:Rate', (v) => `${v} requests/s`]],
  'bench:runllm': [['bench:Requests', (v) => `${v} requests`], ['bench:Connections', (v) => `${v} concurrent`], ['bench:Rate', (v) => `${v} requests/s`]],
  'bench:runcommand': [['bench:CommandOrigin', (v) => `${v} command`]],
  'targets:register': [['bench:CommandOrigin', (v) => `${v} command`]],
  'control:start': [['control:Parameter', (v) => `parameter ${v}`], ['control:MaxBound', (v) => `max ${v}`]],
};

function callSummary(call: CallAuthorization): string {
  const headline = HEADLINES[call.action.toLowerCase()] ?? [];
  return headline
    .map(([key, format]) => (call.context[key] === undefined ? null : format(call.context[key]!)))
    .filter((part): part is string => part !== null)
    .join(', ');
}
