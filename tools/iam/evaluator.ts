/**
 * The policy evaluator: IAM's logic (an explicit Deny wins, then an Allow, else an implicit deny) over policies
 * compiled once. Statements are indexed by action so that a decision looks at few of them: a map from each
 * literal action (lower-cased) to its statements, a map from the service prefix for `service:Start*`-style patterns,
 * and a short list for everything else (`*`, `*:Read*`, NotAction). The statements that apply to one action
 * are computed on first use and cached per action name, split into Denies and Allows in document order.
 * The hot path allocates only the result: context keys are looked up as the policy spells them first and
 * lower-cased at most once per request (ContextView), patterns and conditions are prebuilt.
 */
import { ToolError } from '../common/errors.ts';
import { compileCondition, type CompiledCondition } from './conditions.ts';
import { normalizeDocument } from './normalize.ts';
import { compileParts, compilePattern, hasWildcard, type Matcher } from './patterns.ts';
import type { AuthzRequest, CompiledPolicySet, EvaluationResult, MatchedStatement, NormalizedStatement, PolicySource } from './types.ts';
import { ContextView, parseTemplate, resolveTemplate, staticParts, type Template } from './variables.ts';

/** At most this many policies in one set, and this many distinct action names cached. */
export const EVALUATOR_LIMITS = Object.freeze({ policies: 1000, cachedActions: 4096, actionLength: 256, resourceLength: 4096 });

const EMPTY_CONTEXT = Object.freeze({});

interface ResourceElement {
  not: boolean;
  /** Resource contains "*" (everything matches) — or, for NotResource, nothing can match. */
  everything: boolean;
  fixed: Matcher[];
  /** Patterns with policy variables, resolved per request. */
  dynamic: Template[];
}

interface CompiledStatement {
  order: number;
  matched: MatchedStatement;
  /** On the lower-cased action: any Action pattern matches, or (NotAction) none does. */
  actionMatch: Matcher;
  /** Lower-cased Action (or NotAction) patterns, for the index. */
  actionPatterns: string[];
  notAction: boolean;
  resource: ResourceElement;
  /** The whole Resource / NotResource test when it has no policy variables (one call on the hot path); else null. */
  resourceMatch: Matcher | null;
  condition: CompiledCondition | null;
  needsView: boolean;
}

interface Candidates {
  denies: CompiledStatement[];
  allows: CompiledStatement[];
}

/** Compiles the policies' documents (ToolError 'invalid_policy' naming the policy when one is malformed). */
export function compilePolicies(sources: readonly PolicySource[]): CompiledPolicySet {
  if (sources.length > EVALUATOR_LIMITS.policies) {
    throw new ToolError('invalid_argument', `at most ${EVALUATOR_LIMITS.policies} policies can be evaluated together, got ${sources.length}`, { details: { field: 'sources' } });
  }
  const statements: CompiledStatement[] = [];
  for (const source of sources) {
    let normalized;
    try {
      normalized = normalizeDocument(source.document);
    } catch (error) {
      if (!ToolError.isInstance(error)) throw error;
      throw new ToolError(error.code, `policy ${source.policy} (${source.version}): ${error.message}`, {
        details: { ...error.details, policy: source.policy, version: source.version },
        cause: error,
      });
    }
    const variables = normalized.version === '2012-10-17';
    for (const statement of normalized.statements) statements.push(compileStatement(statement, source, variables, statements.length));
  }
  return new IndexedPolicySet(sources, statements);
}

function compileStatement(statement: NormalizedStatement, source: PolicySource, variables: boolean, order: number): CompiledStatement {
  const matched: MatchedStatement = Object.freeze({ policy: source.policy, version: source.version, sid: statement.sid, index: statement.index, effect: statement.effect });
  const patterns = (statement.action ?? statement.notAction!).map((p) => p.toLowerCase());
  const any = anyOf(patterns.map((p) => compilePattern(p, { ignoreCase: false })));
  const actionMatch: Matcher = statement.notAction ? (action) => !any(action) : any;
  const resource = compileResource(statement.resource ?? statement.notResource!, statement.notResource !== null, variables);
  const condition = statement.condition ? compileCondition(statement.condition, { variables }) : null;
  return {
    order, matched, actionMatch, actionPatterns: patterns, notAction: statement.notAction !== null, resource, resourceMatch: staticResourceMatch(resource), condition,
    needsView: condition !== null || resource.dynamic.length > 0,
  };
}

const matchNothing: Matcher = () => false;
const matchEverything: Matcher = () => true;

function staticResourceMatch(element: ResourceElement): Matcher | null {
  if (element.everything) return element.not ? matchNothing : matchEverything;
  if (element.dynamic.length > 0) return null;
  const any = anyOf(element.fixed);
  return element.not ? (resource) => !any(resource) : any;
}

function anyOf(matchers: Matcher[]): Matcher {
  if (matchers.length === 1) return matchers[0]!;
  return (value) => {
    for (const match of matchers) if (match(value)) return true;
    return false;
  };
}

function compileResource(patterns: string[], not: boolean, variables: boolean): ResourceElement {
  const templates = patterns.map((p) => parseTemplate(p, variables));
  const fixed = templates.filter((t) => !t.hasVariables);
  const everything = fixed.some((t) => t.parts.length === 1 && 'wild' in t.parts[0]! && /^\*+$/.test(t.parts[0].wild));
  return { not, everything, fixed: fixed.map((t) => compileParts(staticParts(t), { ignoreCase: false })), dynamic: templates.filter((t) => t.hasVariables) };
}

/** Whether the Resource / NotResource element admits `resource`. A variable that does not resolve: no match. */
function resourceApplies(element: ResourceElement, resource: string, view: ContextView, missing: string[]): boolean {
  if (element.everything) return !element.not;
  let hit = false;
  for (const match of element.fixed) {
    if (match(resource)) {
      hit = true;
      break;
    }
  }
  if (!element.not && hit) return true;
  if (element.not && hit) return false;
  let unresolved = false;
  for (const template of element.dynamic) {
    const parts = resolveTemplate(template, view, missing);
    if (parts === null) unresolved = true;
    else if (compileParts(parts, { ignoreCase: false })(resource)) {
      if (!element.not) return true;
      return false;
    }
  }
  // Resource: nothing matched. NotResource: nothing excluded it, but an unresolved pattern makes the element not match.
  return element.not && !unresolved;
}

class IndexedPolicySet implements CompiledPolicySet {
  readonly statementCount: number;
  readonly versions: readonly { policy: string; version: string }[];
  private readonly literal = new Map<string, CompiledStatement[]>();
  private readonly byService = new Map<string, { statement: CompiledStatement; match: Matcher }[]>();
  private readonly generic: CompiledStatement[] = [];
  private readonly cache = new Map<string, Candidates>();
  private readonly view = new ContextView();
  private readonly scratch: string[] = [];

  constructor(sources: readonly PolicySource[], statements: CompiledStatement[]) {
    this.statementCount = statements.length;
    this.versions = Object.freeze(sources.map((s) => Object.freeze({ policy: s.policy, version: s.version })));
    for (const statement of statements) this.index(statement);
  }

  private index(statement: CompiledStatement): void {
    if (statement.notAction) {
      this.generic.push(statement);
      return;
    }
    let generic = false;
    for (const pattern of statement.actionPatterns) {
      const colon = pattern.indexOf(':');
      if (!hasWildcard(pattern)) push(this.literal, pattern, statement);
      else if (colon > 0 && !hasWildcard(pattern.slice(0, colon))) push(this.byService, pattern.slice(0, colon), { statement, match: compilePattern(pattern, { ignoreCase: false }) });
      else generic = true;
    }
    if (generic) this.generic.push(statement);
  }

  /** The statements whose Action / NotAction admits `action`, Denies and Allows, in document order. */
  private candidates(action: string): Candidates {
    const cached = this.cache.get(action);
    if (cached) return cached;
    const lower = action.toLowerCase();
    const found = new Set<CompiledStatement>(this.literal.get(lower));
    const colon = lower.indexOf(':');
    if (colon > 0) for (const entry of this.byService.get(lower.slice(0, colon)) ?? []) if (entry.match(lower)) found.add(entry.statement);
    for (const statement of this.generic) if (statement.actionMatch(lower)) found.add(statement);
    const sorted = [...found].sort((a, b) => a.order - b.order);
    const result: Candidates = { denies: sorted.filter((s) => s.matched.effect === 'Deny'), allows: sorted.filter((s) => s.matched.effect === 'Allow') };
    if (this.cache.size >= EVALUATOR_LIMITS.cachedActions) this.cache.clear();
    this.cache.set(action, result);
    return result;
  }

  evaluate(request: AuthzRequest): EvaluationResult {
    checkRequest(request);
    const { denies, allows } = this.candidates(request.action);
    const missing = this.scratch;
    missing.length = 0;
    let viewReady = false;
    let matched: MatchedStatement[] | null = null;
    for (const statement of denies) {
      if (statement.needsView && !viewReady) {
        this.view.reset(request.context ?? EMPTY_CONTEXT);
        viewReady = true;
      }
      if (this.applies(statement, request.resource)) (matched ??= []).push(statement.matched);
    }
    if (matched) return { decision: 'explicitDeny', matched, missingContextKeys: this.missingKeys() };
    for (const statement of allows) {
      if (statement.needsView && !viewReady) {
        this.view.reset(request.context ?? EMPTY_CONTEXT);
        viewReady = true;
      }
      if (this.applies(statement, request.resource)) (matched ??= []).push(statement.matched);
    }
    return { decision: matched ? 'allowed' : 'implicitDeny', matched: matched ?? [], missingContextKeys: this.missingKeys() };
  }

  private applies(statement: CompiledStatement, resource: string): boolean {
    const match = statement.resourceMatch;
    if (match !== null ? !match(resource) : !resourceApplies(statement.resource, resource, this.view, this.scratch)) return false;
    return statement.condition === null || statement.condition.evaluate(this.view, this.scratch);
  }

  /** The scratch list of missing keys, deduplicated case-insensitively (first spelling kept). */
  private missingKeys(): string[] {
    const missing = this.scratch;
    if (missing.length === 0) return [];
    const seen = new Set<string>();
    const out: string[] = [];
    for (const key of missing) {
      const lower = key.toLowerCase();
      if (seen.has(lower)) continue;
      seen.add(lower);
      out.push(key);
    }
    missing.length = 0;
    return out;
  }
}

/** Action and resource are non-empty strings within their limits (a huge resource would make matching slow). */
function checkRequest(request: AuthzRequest): void {
  const { action, resource } = request;
  if (typeof action !== 'string' || action.length === 0 || action.length > EVALUATOR_LIMITS.actionLength) {
    throw new ToolError('invalid_argument', `action must be a string of 1 to ${EVALUATOR_LIMITS.actionLength} characters, got ${typeof action === 'string' ? `${action.length} characters` : typeof action}`, { details: { field: 'action' } });
  }
  if (typeof resource !== 'string' || resource.length === 0 || resource.length > EVALUATOR_LIMITS.resourceLength) {
    throw new ToolError('invalid_argument', `resource must be a string of 1 to ${EVALUATOR_LIMITS.resourceLength} characters, got ${typeof resource === 'string' ? `${resource.length} characters` : typeof resource}`, { details: { field: 'resource' } });
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
