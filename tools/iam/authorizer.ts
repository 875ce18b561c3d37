import { randomFillSync } from 'node:crypto';
import type { Clock } from '../common/clock.ts';
import { ToolError } from '../common/errors.ts';
import type { AuditStore } from '../../db/audit-store.ts';
import type { IamStore } from '../../db/iam-store.ts';
import { compilePolicies } from './evaluator.ts';
import { maskContext } from './mask-context.ts';
import { principalContext, principalKey } from './principals.ts';
import { simulate, simulateCustomPolicy } from './simulate.ts';
import type {
  AuthorizationDecision,
  AuthorizerApi,
  CallAuthorization,
  CompiledPolicySet,
  ContextValue,
  MatchedStatement,
  PolicyDocument,
  Principal,
  RequestOrigin,
  SimulationInput,
  SimulationResult,
} from './types.ts';

export interface AuthorizerOptions {
  store: IamStore;
  audit: AuditStore;
  clock: Clock;
  /** SLACK_ALLOW_TYPED_COMMANDS: the `tunechat:SlackTypedCommandsAllowed` key the default guardrails read. */
  slackTypedCommandsAllowed: boolean;
  /** Decision ids from the decision's time (injected for deterministic tests); default newDecisionId. */
  ids?: (at: number) => string;
}

const MAX_ACTION = 256;
const MAX_RESOURCE = 2048;
const MAX_CONTEXT_KEYS = 100;
const MAX_CUSTOM_DOCUMENTS = 50;
/** Compiled sets kept (one per user, plus the operator and the Slack guest); beyond it the cache starts over. */
const MAX_CACHED_SETS = 1000;

/**
 * The decision point of every tool call and REST route (issue 16): resolves the principal's policies (compiled once
 * per principal and IAM revision), evaluates the call with the global context keys, writes the audit row and
 * returns the decision. A failed audit write fails the call: nothing runs without a recorded decision.
 */
export class Authorizer implements AuthorizerApi {
  private readonly cache = new Map<string, { revision: number; set: CompiledPolicySet }>();
  private readonly ids: (at: number) => string;

  constructor(private readonly options: AuthorizerOptions) {
    this.ids = options.ids ?? newDecisionId;
  }

  authorize(principal: Principal, origin: RequestOrigin, call: CallAuthorization): AuthorizationDecision {
    checkCall(call);
    const at = this.options.clock.now();
    const set = this.policySet(principal);
    // The global keys win over the call's: a tool argument can never claim another source, user or time.
    // Object.assign, not spreads: on this Node a spread of a dozen keys costs microseconds on every call.
    const context: Record<string, ContextValue> = Object.assign(withoutGlobalKeys(call.context), this.globals(principal, origin, at));
    const result = set.evaluate({ action: call.action, resource: call.resource, context });
    const decisionId = this.ids(at);
    this.options.audit.append({
      decision_id: decisionId,
      at,
      principal: principal.arn,
      source: origin.source,
      source_ip: origin.sourceIp ?? null,
      action: call.action,
      resource: call.resource,
      context: maskContext(context),
      decision: result.decision,
      matched: result.matched,
      versions: [...set.versions],
    });
    return { ...result, decisionId, principal: principal.arn, action: call.action, resource: call.resource, at };
  }

  require(principal: Principal, origin: RequestOrigin, call: CallAuthorization): AuthorizationDecision {
    const decision = this.authorize(principal, origin, call);
    if (decision.decision === 'allowed') return decision;
    throw new ToolError('access_denied', denialMessage(principal, decision), {
      details: {
        decision_id: decision.decisionId,
        action: decision.action,
        resource: decision.resource,
        decision: decision.decision,
        matched: decision.matched,
        missing_context_keys: decision.missingContextKeys,
      },
    });
  }

  /**
   * IAM's SimulatePrincipalPolicy: the principal's policies, with its global keys (no source unless the input
   * names one) under the input's context, which wins so "what if from Slack?" can be asked. No audit row.
   */
  simulateFor(principal: Principal, input: SimulationInput): SimulationResult[] {
    const globals = principalContext(principal, null, this.options.clock.now(), { slackTypedCommandsAllowed: this.options.slackTypedCommandsAllowed });
    return simulate(this.policySet(principal), { ...input, context: { ...globals, ...(input.context ?? {}) } });
  }

  /** IAM's SimulateCustomPolicy: only the documents passed in, only the input's context. No audit row. */
  simulateCustom(documents: readonly (PolicyDocument | string)[], input: SimulationInput): SimulationResult[] {
    if (!Array.isArray(documents) || documents.length === 0 || documents.length > MAX_CUSTOM_DOCUMENTS) {
      throw new ToolError('invalid_argument', `documents must hold 1 to ${MAX_CUSTOM_DOCUMENTS} policies, got ${Array.isArray(documents) ? documents.length : typeof documents}`, {
        details: { field: 'documents', actual: Array.isArray(documents) ? documents.length : null, max: MAX_CUSTOM_DOCUMENTS },
      });
    }
    return simulateCustomPolicy(documents, input);
  }

  /** The principal's compiled set, recompiled when the IAM revision moved (any process may have changed it). */
  private policySet(principal: Principal): CompiledPolicySet {
    const key = principalKey(principal);
    const revision = this.options.store.revision();
    const cached = this.cache.get(key);
    if (cached && cached.revision === revision) return cached.set;
    const set = compilePolicies(this.options.store.policiesFor(principal));
    if (this.cache.size >= MAX_CACHED_SETS) this.cache.clear();
    this.cache.set(key, { revision, set });
    return set;
  }

  private globals(principal: Principal, origin: RequestOrigin, at: number): Record<string, ContextValue> {
    return principalContext(principal, origin, at, { slackTypedCommandsAllowed: this.options.slackTypedCommandsAllowed });
  }
}

/** "d-" + milliseconds in base 36 (sorts by time) + 12 random hex digits. */
export function newDecisionId(now: number): string {
  return `d-${Math.max(0, Math.floor(now)).toString(36).padStart(9, '0')}${randomHex12()}`;
}

/** 12 random hex digits from a pool refilled 4 KiB at a time (one randomBytes call per decision cost about 8 µs). */
const RANDOM_POOL = Buffer.alloc(4096);
let poolOffset = RANDOM_POOL.length;
function randomHex12(): string {
  if (poolOffset + 6 > RANDOM_POOL.length) {
    randomFillSync(RANDOM_POOL);
    poolOffset = 0;
  }
  poolOffset += 6;
  return RANDOM_POOL.toString('hex', poolOffset - 6, poolOffset);
}

/** Names the action, the resource, who asked and why: which statements denied it, or that nothing allowed it. */
export function denialMessage(principal: Principal, decision: AuthorizationDecision): string {
  const who = principal.type === 'user' ? `user ${principal.name}` : principal.type === 'operator' ? 'the operator' : `Slack guest ${principal.slackUserId ?? ''}`.trim();
  let why: string;
  if (decision.decision === 'explicitDeny') {
    why = `explicitly denied by ${decision.matched.map(statementName).join(' and by ')}`;
  } else {
    why = 'no policy allows it (implicit deny)';
    if (decision.missingContextKeys.length > 0) why += `; the request lacked the context keys ${decision.missingContextKeys.join(', ')} that a matching statement's condition asks for`;
  }
  return `access denied: ${decision.action} on ${decision.resource} for ${who} — ${why} (decision ${decision.decisionId})`;
}

function statementName(statement: MatchedStatement): string {
  const which = statement.sid === null ? `statement #${statement.index + 1}` : `statement "${statement.sid}"`;
  return `${which} of policy ${statement.policy} ${statement.version}`;
}

function withoutGlobalKeys(context: Readonly<Record<string, ContextValue>>): Record<string, ContextValue> {
  const kept: Record<string, ContextValue> = {};
  for (const [key, value] of Object.entries(context)) if (!key.toLowerCase().startsWith('tunechat:')) kept[key] = value;
  return kept;
}

function checkCall(call: CallAuthorization): void {
  if (typeof call?.action !== 'string' || call.action.length === 0 || call.action.length > MAX_ACTION) {
    throw new ToolError('invalid_argument', `action must be a string of 1 to ${MAX_ACTION} characters, got ${JSON.stringify(call?.action)?.slice(0, 80)}`, { details: { field: 'action', actual: call?.action } });
  }
  if (typeof call.resource !== 'string' || call.resource.length === 0 || call.resource.length > MAX_RESOURCE) {
    throw new ToolError('invalid_argument', `resource must be a string of 1 to ${MAX_RESOURCE} characters, got ${JSON.stringify(call.resource)?.slice(0, 80)}`, { details: { field: 'resource', actual: call.resource } });
  }
  const keys = call.context && typeof call.context === 'object' ? Object.keys(call.context).length : -1;
  if (keys < 0 || keys > MAX_CONTEXT_KEYS) {
    throw new ToolError('invalid_argument', `context must be an object of at most ${MAX_CONTEXT_KEYS} keys, got ${keys < 0 ? typeof call.context : keys}`, { details: { field: 'context', actual: keys } });
  }
}
