/**
 * The chat's access tools (issue 16): `simulate_policy` ("could alice load-test 10.0.0.5 for 5 minutes?") and
 * `audit_query` ("why was my benchmark refused?"). Who may ask is decided by the wrapper every tool has
 * (authorize-tools.ts: `policies:Simulate` on the simulated user, `audit:Read`); these tools only do the work.
 * Failures the model can fix (unknown user, bad action name, bad `since`) come back as `{ ok: false, error }`.
 */
import { tool, type ToolSet } from 'ai';
import { z } from 'zod';
import type { Clock } from '../common/clock.ts';
import { asToolResult, ToolError } from '../common/errors.ts';
import { auditRowDescriber } from './audit-rows.ts';
import type { Requester } from '../common/requester.ts';
import { createToolAuthEnv, type ToolAuthEnvDeps } from './catalog-env.ts';
import { TOOL_ACTIONS, toolAuthorizations } from './catalog-tools.ts';
import { explainDecision } from './explain-decision.ts';
import { operatorPrincipal, principalContext, userPrincipal } from './principals.ts';
import { parseSince } from './since.ts';
import { nearMisses, withConditions, type DetailedStatement } from './statement-details.ts';
import type { AuditStoreApi, ContextValue, IamStoreApi, Principal, SimulationInput, SimulationResult } from './types.ts';

export interface IamToolsContext {
  services: {
    clock: Clock;
    config: { allowedHosts: readonly string[]; slack: { allowTypedCommands?: boolean } | null };
    authorizer: { simulateFor(principal: Principal, input: SimulationInput): SimulationResult[] };
    iam: Pick<IamStoreApi, 'getUser' | 'getPolicy' | 'policiesFor'>;
    audit: Pick<AuditStoreApi, 'query'>;
    studies?: ToolAuthEnvDeps['studies'];
    targets?: ToolAuthEnvDeps['targets'];
    controllers?: ToolAuthEnvDeps['controllers'];
  };
  sessionId: string;
  requester: Requester;
}

/** Bounds on what one call may ask (every input has a size limit). */
export const IAM_TOOL_LIMITS = Object.freeze({ names: 10, pairs: 50, contextKeys: 30, argsChars: 8_000, auditRows: 50, defaultAuditRows: 20 });

const userName = z.string().min(1).max(64);
const actionName = z.string().min(1).max(100).regex(/^(?:\*|[A-Za-z0-9*?]+:[A-Za-z0-9*?]+)$/, 'an action is "<service>:<Name>", e.g. "bench:RunHttp" ("*" and "?" wildcards allowed)');
const resourceName = z.string().min(1).max(300);
const contextValue = z.union([z.string().max(500), z.number(), z.boolean(), z.array(z.string().max(500)).max(IAM_TOOL_LIMITS.names)]);
const oneOrMany = <T extends z.ZodType>(item: T) => z.union([item, z.array(item).min(1).max(IAM_TOOL_LIMITS.names)]);

export const simulatePolicyInput = z
  .object({
    user: userName.optional().describe('the user to simulate ("alice"); omit to simulate yourself'),
    action: oneOrMany(actionName).optional().describe('action(s) to check, e.g. "optimizer:StartStudy"; or give tool + args instead'),
    resource: oneOrMany(resourceName).optional().describe('resource(s), e.g. "tunechat:target/xgboost", "tunechat:host/10.0.0.5:80" (default "*")'),
    context: z
      .record(z.string().min(1).max(128), contextValue)
      .refine((c) => Object.keys(c).length <= IAM_TOOL_LIMITS.contextKeys, `at most ${IAM_TOOL_LIMITS.contextKeys} context keys`)
      .optional()
      .describe('context keys, e.g. {"optimizer:Trials": 500, "tunechat:Source": "slack"}; with tool + args they override what the call would have'),
    tool: z.string().min(1).max(64).optional().describe('a tool call to check as it would really be authorized, e.g. "bench_http" or "start_study"'),
    args: z
      .record(z.string().max(64), z.unknown())
      .refine((a) => JSON.stringify(a).length <= IAM_TOOL_LIMITS.argsChars, `args must be at most ${IAM_TOOL_LIMITS.argsChars} characters of JSON`)
      .optional()
      .describe('that tool\'s arguments: {"url": "http://10.0.0.5:8080/", "duration_s": 300} or {"target": "xgboost", "trials": 500}'),
  })
  .refine((input) => input.action !== undefined || input.tool !== undefined, { message: 'give action (e.g. "bench:RunHttp") or tool with args', path: ['action'] });

export const auditQueryInput = z.object({
  principal: z.string().min(1).max(200).optional().describe('whose decisions: a user name ("alice"), "operator", "*" for everyone; omit for your own'),
  decision: z.enum(['allow', 'deny']).optional(),
  action: z.string().min(1).max(100).optional().describe('action or pattern, e.g. "bench:*", "optimizer:StartStudy"'),
  since: z.string().min(1).max(40).optional().describe('"1h", "30m", "2d", "today" or an ISO 8601 time'),
  limit: z.number().int().min(1).max(IAM_TOOL_LIMITS.auditRows).optional().describe(`rows, newest first (default ${IAM_TOOL_LIMITS.defaultAuditRows})`),
});

const list = (value: string | string[] | undefined): string[] | undefined => (value === undefined ? undefined : Array.isArray(value) ? value : [value]);

export function createIamTools(context: IamToolsContext): ToolSet {
  const { services, requester } = context;
  const own = requester.principal ?? operatorPrincipal();

  /** The principal to simulate: the named user (not_found otherwise), or the requester. */
  const principalFor = (name: string | undefined): Principal => {
    if (name === undefined || name === own.name) return own;
    if (name === 'operator') return operatorPrincipal();
    const user = services.iam.getUser(name);
    if (!user) throw new ToolError('not_found', `no user named "${name}"`, { details: { parameter: 'user', value: name } });
    return userPrincipal(user);
  };

  const simulateOne = (principal: Principal, input: SimulationInput) => {
    const sources = services.iam.policiesFor(principal);
    const globals = principalContext(principal, null, services.clock.now(), { slackTypedCommandsAllowed: services.config.slack?.allowTypedCommands ?? false });
    return services.authorizer.simulateFor(principal, input).map((result) => {
      const matched = withConditions(sources, result.matched);
      const near: DetailedStatement[] = result.decision === 'implicitDeny' ? nearMisses(sources, { action: result.action, resource: result.resource, context: { ...globals, ...(input.context ?? {}) } }) : [];
      return {
        action: result.action,
        resource: result.resource,
        decision: result.decision,
        matched,
        missing_context_keys: result.missingContextKeys,
        near_misses: near,
        explanation: explainDecision({ ...result, matched, nearMisses: near }),
      };
    });
  };

  return {
    simulate_policy: tool({
      description:
        'Policy simulation (like IAM\'s policy simulator): would a user be allowed to do something? "could alice load-test 10.0.0.5 for 5 minutes?" → {"user": "alice", "tool": "bench_http", "args": {"url": "http://10.0.0.5:80/", "duration_s": 300}}; "can bob start a study on xgboost with 500 trials?" → {"user": "bob", "tool": "start_study", "args": {"target": "xgboost", "trials": 500}}; or raw {"action", "resource", "context"}. Returns per action and resource: allowed / explicitDeny / implicitDeny, the deciding statements (policy, version, Sid, condition), missing context keys, and a one-line explanation. Nothing runs.',
      inputSchema: simulatePolicyInput,
      execute: (input) =>
        asToolResult(() => {
          const principal = principalFor(input.user);
          const extra: Record<string, ContextValue> = { ...(input.context ?? {}) };
          let call: { tool: string; action: string; resource: string; context: Record<string, ContextValue> } | null = null;
          let results;
          if (input.tool !== undefined) {
            if (!Object.hasOwn(TOOL_ACTIONS, input.tool)) {
              throw new ToolError('invalid_argument', `tool must be one of the agent's tools, got "${input.tool}"`, { details: { parameter: 'tool', value: input.tool, tools: Object.keys(TOOL_ACTIONS) } });
            }
            const env = createToolAuthEnv({
              sessionId: context.sessionId,
              allowedHosts: services.config.allowedHosts,
              slackTypedCommandsAllowed: services.config.slack?.allowTypedCommands ?? false,
              ...(services.studies ? { studies: services.studies } : {}),
              ...(services.targets ? { targets: services.targets } : {}),
              ...(services.controllers ? { controllers: services.controllers } : {}),
            });
            const calls = toolAuthorizations(input.tool, input.args ?? {}, env);
            results = calls.flatMap((c) => simulateOne(principal, { actions: [c.action], resources: [c.resource], context: { ...c.context, ...extra } }));
            const first = calls[0]!;
            call = { tool: input.tool, action: first.action, resource: first.resource, context: { ...first.context, ...extra } };
          } else {
            const actions = list(input.action)!;
            const resources = list(input.resource) ?? ['*'];
            if (actions.length * resources.length > IAM_TOOL_LIMITS.pairs) {
              throw new ToolError('too_large', `at most ${IAM_TOOL_LIMITS.pairs} action × resource pairs per simulation, got ${actions.length} × ${resources.length}`, { details: { parameter: 'action', actions: actions.length, resources: resources.length } });
            }
            results = simulateOne(principal, { actions, resources, context: extra });
          }
          const allowed = results.filter((r) => r.decision === 'allowed').length;
          const who = principal.type === 'user' ? principal.name : principal.type === 'operator' ? 'the operator' : principal.arn;
          return {
            ok: true as const,
            principal: principal.arn,
            user: principal.type === 'user' ? principal.name : null,
            ...(call ? { call } : {}),
            results,
            summary: `${who}: ${allowed} of ${results.length} allowed.${results.length === 1 ? ` ${results[0]!.explanation}` : ''}`,
          };
        }),
    }),
    audit_query: tool({
      description:
        'Read the audit log of policy decisions (every tool call and API request, allowed or denied), newest first: decision id, time, principal, action, resource, decision, matched statements and why. "why was my benchmark refused?" → {"decision": "deny", "action": "bench:*"}; "who was denied today" → {"principal": "*", "decision": "deny", "since": "today"}. Without principal: your own decisions.',
      inputSchema: auditQueryInput,
      execute: (input) =>
        asToolResult(() => {
          const everyone = input.principal !== undefined && /^(?:\*|all|everyone|everybody)$/i.test(input.principal);
          const principal = everyone ? undefined : input.principal === undefined || /^(?:me|myself)$/i.test(input.principal) ? own.arn : input.principal;
          const since = input.since === undefined ? undefined : parseSince(input.since, services.clock.now());
          const limit = input.limit ?? IAM_TOOL_LIMITS.defaultAuditRows;
          const records = services.audit.query({
            ...(principal !== undefined ? { principal } : {}),
            ...(input.decision ? { decision: input.decision } : {}),
            ...(input.action ? { action: input.action } : {}),
            ...(since !== undefined ? { since } : {}),
            limit,
          });
          const rows = records.map(auditRowDescriber(services.iam));
          const scope = `${everyone ? 'everyone' : principal}${input.decision ? `, ${input.decision === 'deny' ? 'denied' : 'allowed'}` : ''}${input.action ? `, ${input.action}` : ''}${since !== undefined ? `, since ${new Date(since).toISOString()}` : ''}`;
          return {
            ok: true as const,
            principal: everyone ? '*' : principal!,
            filters: { decision: input.decision ?? null, action: input.action ?? null, since: since === undefined ? null : new Date(since).toISOString(), limit },
            count: rows.length,
            rows,
            summary: rows.length === 0 ? `No decisions recorded (${scope}).` : `${rows.length} decision${rows.length === 1 ? '' : 's'} (${scope}), newest first${rows.length === limit ? `; there may be more: raise limit (at most ${IAM_TOOL_LIMITS.auditRows}) or narrow since` : ''}.`,
          };
        }),
    }),
  };
}
