/**
 * The shared contract of the IAM engine (issue 16: users, IAM-style JSON policies over every tool call, versions,
 * validation, simulation, a tamper-evident audit log). Semantics follow AWS IAM (../shared/ANCHORS.md §4): an
 * explicit Deny wins, then an Allow, else an implicit deny.
 *
 * Module map (who exports what; keep these names):
 * - tools/iam/patterns.ts        `compilePattern(pattern, {ignoreCase})` → matcher for `*` / `?` wildcards
 * - tools/iam/conditions.ts      `evaluateCondition(block, context, variables)` → {matches, missing}; `CONDITION_OPERATORS`
 * - tools/iam/variables.ts       `substituteVariables(text, context)` for `${tunechat:username}` and friends
 * - tools/iam/normalize.ts       `normalizeDocument(json)` → NormalizedPolicy (or ToolError 'invalid_policy'), `policySize(text)`
 * - tools/iam/evaluator.ts       `compilePolicies(sources)` → CompiledPolicySet (statements indexed by action)
 * - tools/iam/validate.ts        `validatePolicy(text | document, options?)` → Finding[] (Access Analyzer style)
 * - tools/iam/simulate.ts        `simulate(set, input)` → SimulationResult[]
 * - tools/iam/catalog.ts         ACTIONS (every action, its resource types and context keys), `toolAuthorization`,
 *                                `ROUTE_ACTIONS`, `CONTEXT_KEYS`; docs/iam-actions.md is generated from it
 * - tools/iam/default-policies.ts the default policy set (today's hard-coded rules as policies)
 * - tools/iam/principals.ts      `operatorPrincipal()`, `slackGuestPrincipal()`, `principalContext(principal, request)`
 * - tools/iam/tokens.ts          `newToken()`, `hashToken()`, `verifyToken()` (salted SHA-256, constant-time compare)
 * - tools/iam/authorizer.ts      class Authorizer (implements AuthorizerApi below): resolves policies, evaluates, audits
 * - tools/iam/authorize-tools.ts `authorizeTools(tools, context)`: wraps every agent tool with a decision
 * - tools/iam/agent-tools.ts     `createIamTools(context)`: simulate_policy, audit_query
 * - db/iam-store.ts              class IamStore (users, groups, tokens, managed policies + versions, attachments, Slack map)
 * - db/audit-store.ts            class AuditStore (hash-chained audit rows, verify, query)
 * - db/migrations/0010-iam.sql
 */

/** A condition value as written in a policy: IAM accepts strings, numbers and booleans, single or as a list. */
export type ConditionScalar = string | number | boolean;
/** `{"NumericLessThanEquals": {"optimizer:Trials": 200}}`: operator → context key → value(s). */
export type ConditionBlock = Record<string, Record<string, ConditionScalar | ConditionScalar[]>>;

export type Effect = 'Allow' | 'Deny';

/** One statement as written (IAM JSON; `Principal` is not used: policies are attached to users and groups). */
export interface Statement {
  Sid?: string;
  Effect: Effect;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: ConditionBlock;
}

export interface PolicyDocument {
  Version: '2012-10-17' | '2008-10-17';
  Id?: string;
  Statement: Statement | Statement[];
}

/** A statement after normalization: lists everywhere, the index it had in the document. */
export interface NormalizedStatement {
  index: number;
  sid: string | null;
  effect: Effect;
  /** Exactly one of action / notAction is set; same for resource / notResource (`Resource` defaults to "*" only when validated as such: a missing Resource is an ERROR). */
  action: string[] | null;
  notAction: string[] | null;
  resource: string[] | null;
  notResource: string[] | null;
  condition: ConditionBlock | null;
}

export interface NormalizedPolicy {
  version: '2012-10-17' | '2008-10-17';
  statements: NormalizedStatement[];
}

/**
 * The value of a context key in one request: single-valued, or a set for multivalued keys (ForAnyValue /
 * ForAllValues). Numbers stay numbers; dates are ISO 8601 strings or epoch seconds; IPs are strings.
 * Keys are compared case-insensitively (as IAM does): evaluators lower-case them.
 */
export type ContextValue = string | number | boolean | readonly (string | number | boolean)[];
export type RequestContext = Readonly<Record<string, ContextValue>>;

/** One authorization question. `action` like "optimizer:StartStudy", `resource` like "tunechat:target/xgboost". */
export interface AuthzRequest {
  action: string;
  resource: string;
  context: RequestContext;
}

/** A policy as the evaluator receives it: its name, which version is in force, the document. */
export interface PolicySource {
  /** Managed policy name ("tuners-studies"), or "default:<name>" for the built-in default set. */
  policy: string;
  /** "v1", "v2", … for managed policies; "inline" for a document passed in (simulation). */
  version: string;
  document: PolicyDocument;
}

export interface MatchedStatement {
  policy: string;
  version: string;
  /** The statement's Sid, or null without one. */
  sid: string | null;
  /** Position of the statement in its document (0-based). */
  index: number;
  effect: Effect;
}

export type EvalDecision = 'allowed' | 'explicitDeny' | 'implicitDeny';

export interface EvaluationResult {
  decision: EvalDecision;
  /**
   * The statements that decided: every matching Deny for explicitDeny, every matching Allow for allowed, empty for
   * implicitDeny.
   */
  matched: MatchedStatement[];
  /** Context keys a condition of an applicable statement (action and resource matched) asked for that the request lacked. */
  missingContextKeys: string[];
}

export interface CompiledPolicySet {
  evaluate(request: AuthzRequest): EvaluationResult;
  /** Statements in the set (the benchmark reports by it). */
  readonly statementCount: number;
  /** Which policy versions the set holds, for the audit record. */
  readonly versions: readonly { policy: string; version: string }[];
}

// ---------------------------------------------------------------- validation (Access Analyzer style)

export type FindingType = 'ERROR' | 'SECURITY_WARNING' | 'WARNING' | 'SUGGESTION';

export interface Finding {
  findingType: FindingType;
  /** Stable code, e.g. "UNKNOWN_ACTION", "INVALID_CIDR", "ALLOW_WITH_NOT_ACTION", "PASS_ROLE_WILDCARD"-style names. */
  issueCode: string;
  message: string;
  /** JSON path of the offending element, e.g. "Statement[1].Condition.IpAddress.tunechat:SourceIp". */
  path: string;
}

// ---------------------------------------------------------------- simulation (IAM policy simulator)

export interface SimulationInput {
  actions: string[];
  /** Default ["*"]. */
  resources?: string[];
  context?: RequestContext;
}

export interface SimulationResult {
  action: string;
  resource: string;
  decision: EvalDecision;
  matched: MatchedStatement[];
  missingContextKeys: string[];
}

// ---------------------------------------------------------------- principals

export type PrincipalType = 'operator' | 'user' | 'slack-guest';

export interface Principal {
  type: PrincipalType;
  /** "operator", a user name ("alice"), or "slack-guest". */
  name: string;
  /** `tunechat:user/alice`, `tunechat:operator`, `tunechat:slack-guest/U123`. */
  arn: string;
  groups: readonly string[];
  tags: Readonly<Record<string, string>>;
  /** The Slack user id when the request came from Slack. */
  slackUserId?: string;
}

/** Where a request came from; becomes the global context keys. */
export interface RequestOrigin {
  source: 'web' | 'cli' | 'slack' | 'replay' | 'api' | 'mcp';
  /** Client IP when known (HTTP, websocket). */
  sourceIp?: string;
  /** For a Slack turn: whether its bridge lets members run typed commands (SLACK_ALLOW_TYPED_COMMANDS; Requester.commands). */
  slackTypedCommandsAllowed?: boolean;
}

// ---------------------------------------------------------------- catalog

export type AccessLevel = 'List' | 'Read' | 'Write' | 'Permissions management';
export type ContextKeyType = 'String' | 'Numeric' | 'Bool' | 'Date' | 'IpAddress';

export interface ContextKeySpec {
  key: string;
  type: ContextKeyType;
  /** Set-valued key (use ForAnyValue / ForAllValues). */
  multivalued?: boolean;
  description: string;
}

export interface ActionSpec {
  /** "optimizer:StartStudy": service prefix, then the action name. */
  action: string;
  description: string;
  access: AccessLevel;
  /** Resource ARN forms it applies to, e.g. ["tunechat:target/${name}"]. */
  resources: string[];
  /** Action-specific context keys (global keys are in CONTEXT_KEYS). */
  contextKeys: ContextKeySpec[];
  /** Agent tools that perform it. */
  tools: string[];
  /** REST routes that perform it, e.g. "POST /api/studies/:id/stop". */
  routes: string[];
  /** Other ways to perform it, e.g. the MCP resources it reads ("MCP resource `tunechat://study/{study_id}`": server/mcp). */
  also?: string[];
}

/** What one call asks for: built from the tool's (or route's) real arguments. */
export interface CallAuthorization {
  action: string;
  resource: string;
  context: Record<string, ContextValue>;
}

// ---------------------------------------------------------------- the service

export interface AuthorizationDecision extends EvaluationResult {
  /** "d-<ulid-ish>": the audit row's id, quoted in denials so users can look it up. */
  decisionId: string;
  principal: string;
  action: string;
  resource: string;
  at: number;
}

export interface AuthorizerApi {
  /** Evaluates and writes the audit row (allowed and denied alike). Never throws for a denial. */
  authorize(principal: Principal, origin: RequestOrigin, call: CallAuthorization): AuthorizationDecision;
  /** authorize, then throws ToolError 'access_denied' (HTTP 403) naming the action, resource and why (implicit / Sid) on a denial. */
  require(principal: Principal, origin: RequestOrigin, call: CallAuthorization): AuthorizationDecision;
}

// ---------------------------------------------------------------- stores (db/iam-store.ts, db/audit-store.ts)

export interface UserRecord {
  name: string;
  groups: string[];
  tags: Record<string, string>;
  created_at: number;
  disabled: boolean;
}

export interface PolicyVersionRecord {
  policy: string;
  version: string;
  is_default: boolean;
  created_at: number;
  /** The document as written (JSON text, ≤ 6,144 characters not counting whitespace). */
  document: string;
}

export interface ManagedPolicyRecord {
  name: string;
  description: string;
  default_version: string;
  versions: number;
  /** "user:alice", "group:tuners", "operator", "everyone". */
  attached_to: string[];
  created_at: number;
  updated_at: number;
}

/** Who a policy is attached to. "everyone" applies to every principal (the default guardrails). */
export type AttachmentTarget = { user: string } | { group: string } | { operator: true } | { everyone: true };

export interface IamStoreApi {
  hasUsers(): boolean;
  /** Creates the user and returns the token, shown once (only a salted hash is stored). conflict when it exists. */
  addUser(name: string, options?: { groups?: string[]; tags?: Record<string, string> }): { user: UserRecord; token: string };
  getUser(name: string): UserRecord | null;
  listUsers(): UserRecord[];
  removeUser(name: string): void;
  /** A new token; the old one stops working. */
  rotateToken(name: string): string;
  /** The user a token belongs to (constant-time hash compare); null for unknown, malformed or disabled. */
  authenticate(token: string): UserRecord | null;
  addGroup(name: string): void;
  removeGroup(name: string): void;
  listGroups(): { name: string; members: string[]; policies: string[] }[];
  addToGroup(user: string, group: string): void;
  removeFromGroup(user: string, group: string): void;
  /**
   * Validates (an ERROR finding → ToolError 'invalid_policy' with the findings in details) and stores a new version
   * (v1 for a new policy). A sixth version → 'conflict' (IAM's LimitExceeded: delete one first). Atomic: on any
   * failure the previous default stays in force. `setDefault` defaults to true.
   */
  putPolicy(name: string, document: string, options?: { setDefault?: boolean; description?: string }): { version: PolicyVersionRecord; findings: Finding[] };
  getPolicy(name: string, version?: string): PolicyVersionRecord;
  listPolicies(): ManagedPolicyRecord[];
  listVersions(name: string): PolicyVersionRecord[];
  setDefaultVersion(name: string, version: string): void;
  /** The default version cannot be deleted ('conflict'); versions are never renumbered. */
  deleteVersion(name: string, version: string): void;
  /** Only when detached everywhere ('conflict' naming the attachments otherwise). */
  deletePolicy(name: string): void;
  attach(policy: string, to: AttachmentTarget): void;
  detach(policy: string, to: AttachmentTarget): void;
  /** The default versions of every policy that applies to the principal (its own, its groups', operator's, everyone's). */
  policiesFor(principal: Principal): PolicySource[];
  mapSlackUser(slackUserId: string, user: string): void;
  unmapSlackUser(slackUserId: string): void;
  slackUser(slackUserId: string): string | null;
  /** Grows on every change of users, groups, policies or attachments: the authorizer caches compiled sets by it. */
  revision(): number;
}

export type AuditDecision = 'allow' | 'deny';

export interface AuditRecord {
  seq: number;
  decision_id: string;
  at: number;
  principal: string;
  source: RequestOrigin['source'];
  source_ip: string | null;
  action: string;
  resource: string;
  /** The request's context with secrets masked ("***"). */
  context: Record<string, ContextValue>;
  decision: EvalDecision;
  matched: MatchedStatement[];
  versions: { policy: string; version: string }[];
  prev_hash: string;
  hash: string;
}

export interface AuditQuery {
  principal?: string;
  decision?: AuditDecision;
  action?: string;
  /** Epoch ms. */
  since?: number;
  until?: number;
  /** Default 50, at most 1,000. Newest first. */
  limit?: number;
}

export interface AuditVerification {
  ok: boolean;
  rows: number;
  /** The first row whose hash or link does not hold, with why ("hash mismatch: edited", "prev_hash … : a row before it was deleted"). */
  broken?: { seq: number; reason: string };
}

export interface AuditStoreApi {
  append(row: Omit<AuditRecord, 'seq' | 'prev_hash' | 'hash'>): AuditRecord;
  query(query: AuditQuery): AuditRecord[];
  get(decisionId: string): AuditRecord | null;
  verify(): AuditVerification;
}
