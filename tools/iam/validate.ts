/**
 * Policy validation in the style of AWS Access Analyzer `ValidatePolicy` (../shared/ANCHORS.md §4): findings typed
 * ERROR (part of the policy does not work; the store refuses the policy), SECURITY_WARNING (too permissive),
 * WARNING (works, but not as it reads) and SUGGESTION (style), each with a stable issue code, a message that states
 * the rule and the actual value, and the JSON path of the element (`Statement[1].Condition.IpAddress.bench:TargetIp[0]`).
 * An ERROR is raised only where the document breaks IAM's grammar or cannot work as written (an action, operator,
 * value or variable the engine would never match); what merely looks wrong is a WARNING. Value syntax is judged by
 * the evaluator's own readers (condition-values.ts), and a document without ERROR is checked to load in the evaluator
 * (UNLOADABLE_POLICY otherwise), so the store never accepts what the engine refuses. The validator never throws.
 *
 * | Issue code | Type | Meaning |
 * |---|---|---|
 * | JSON_PARSE_ERROR | ERROR | The text is not JSON (line, column and offset in the message), or nests deeper than 32 levels. |
 * | POLICY_SIZE_EXCEEDED | ERROR | More than 6,144 characters not counting whitespace (text over 65,536 characters is not read at all). |
 * | DUPLICATE_KEY | ERROR | An object repeats a key: JSON readers keep only the last one, so the others are silently lost. |
 * | INVALID_TYPE | ERROR | An element has the wrong JSON type (the document is not an object, Action is a number, ...). |
 * | UNKNOWN_POLICY_KEY | ERROR | A top-level key other than Version, Id, Statement. |
 * | MISSING_VERSION | ERROR | No Version. |
 * | INVALID_VERSION | ERROR | Version is not "2012-10-17" or "2008-10-17". |
 * | MISSING_STATEMENT | ERROR | No Statement. |
 * | UNKNOWN_STATEMENT_KEY | ERROR | A statement key other than Sid, Effect, Action, NotAction, Resource, NotResource, Condition (Principal included: policies are attached to users and groups). |
 * | MISSING_EFFECT | ERROR | A statement without Effect. |
 * | INVALID_EFFECT | ERROR | Effect is not "Allow" or "Deny" (case-sensitive). |
 * | ACTION_AND_NOT_ACTION | ERROR | A statement has both Action and NotAction. |
 * | MISSING_ACTION | ERROR | A statement has neither Action nor NotAction. |
 * | RESOURCE_AND_NOT_RESOURCE | ERROR | A statement has both Resource and NotResource. |
 * | MISSING_RESOURCE | ERROR | A statement has neither Resource nor NotResource. |
 * | EMPTY_OPERATOR | ERROR | A condition operator with no context key (`"StringEquals": {}`). |
 * | INVALID_CONDITION_KEY | ERROR | An empty context key in a condition. |
 * | EMPTY_STRING | ERROR | An empty Resource / NotResource entry (write "*" for every resource). |
 * | STRING_TOO_LONG | ERROR | A Sid, action, resource, context key or condition value over 2,048 characters. |
 * | TOO_MANY_VALUES | ERROR | A list of more than 1,000 actions, resources or condition values. |
 * | UNLOADABLE_POLICY | ERROR | The policy engine (evaluator.ts) refuses the document for a reason no other check named (a safety net: it should not happen). |
 * | EMPTY_ARRAY | ERROR | An empty list (Statement, Action, Resource, condition values): it can never match. |
 * | INVALID_SID | ERROR | Sid has characters other than [A-Za-z0-9]. |
 * | DUPLICATE_SID | ERROR | Two statements share a Sid. |
 * | INVALID_ACTION | ERROR | An action is not written `<service>:<Name>` or `*`. |
 * | UNKNOWN_SERVICE | ERROR | The service prefix of an action is not a tunechat service. |
 * | UNKNOWN_ACTION | ERROR | An action (or wildcard pattern) matches no action of the catalog. |
 * | UNKNOWN_OPERATOR | ERROR | A condition operator tunechat does not have (operators are case-sensitive). |
 * | INVALID_CONDITION_VALUE | ERROR | A condition value is an object, a list inside a list, or null. |
 * | INVALID_CIDR | ERROR | An IpAddress/NotIpAddress value is not an IP address or CIDR block. |
 * | INVALID_DATE | ERROR | A Date* value is not ISO 8601 or epoch seconds. |
 * | INVALID_NUMBER | ERROR | A Numeric* value is not a number. |
 * | INVALID_BOOLEAN | ERROR | A Bool value is not true/false. |
 * | INVALID_NULL_VALUE | ERROR | A Null value is not true/false. |
 * | INVALID_BINARY | ERROR | A BinaryEquals value is not base64. |
 * | UNKNOWN_POLICY_VARIABLE | ERROR | A `${…}` policy variable names no context key: it never resolves. |
 * | INTERNAL_ERROR | ERROR | The validator itself failed (a bug): the policy is refused rather than let through unchecked. |
 * | ALLOW_WITH_NOT_ACTION | SECURITY_WARNING | Allow with NotAction grants every action but the listed ones. |
 * | ALLOW_WITH_NOT_RESOURCE | SECURITY_WARNING | Allow with NotResource grants every resource but the listed ones. |
 * | ALLOW_RUN_COMMAND_ANYWHERE | SECURITY_WARNING | An unconditioned Allow covers bench:RunCommand on every command: any typed command runs. |
 * | PERMISSIONS_MANAGEMENT_WILDCARD | SECURITY_WARNING | An unconditioned Allow of a permissions-management action (policies:Put, users:Add, ...) on all its resources. |
 * | ALLOW_FOR_ALL_VALUES_MISSING_KEY | SECURITY_WARNING | ForAllValues: in an Allow is true when the key is missing or empty; add a Null condition or use ForAnyValue:. |
 * | POLICY_VARIABLE_WITH_OLD_VERSION | WARNING | A policy variable with Version 2008-10-17, where it is literal text. |
 * | SET_OPERATOR_ON_SINGLE_VALUED_KEY | WARNING | ForAnyValue:/ForAllValues: on a key with one value. |
 * | MISSING_SET_OPERATOR | WARNING | A multivalued key (tunechat:Groups) compared without ForAnyValue:/ForAllValues:. |
 * | UNKNOWN_CONDITION_KEY | WARNING | A condition key the catalog does not know (a typo?). |
 * | CONDITION_KEY_NOT_SET_BY_ACTIONS | WARNING | A condition key none of the statement's actions sets: the condition is always false (or always true). |
 * | CONDITION_TYPE_MISMATCH | WARNING | The operator compares another type than the key has (NumericLessThan on tunechat:Source). |
 * | CONDITION_NEVER_HOLDS | WARNING | Conditions on one key contradict each other (NumericLessThan 5 and NumericGreaterThan 10): the statement never applies. |
 * | EMPTY_CONDITION | WARNING | `"Condition": {}`: the statement applies unconditionally. |
 * | RESOURCE_OUTSIDE_TUNECHAT | WARNING | A resource that does not start with `tunechat:` or a wildcard: it never matches. |
 * | STATEMENT_NEVER_MATCHES | WARNING | No resource of the statement fits a resource type of its actions (optimizer:StartStudy on tunechat:host/*). |
 * | RESOURCE_NEVER_MATCHES | WARNING | One resource of the statement fits no resource type of its actions. |
 * | REDUNDANT_STATEMENT | SUGGESTION | Another statement of the same Effect with no Condition covers all its actions and resources. |
 * | DUPLICATE_ACTION | SUGGESTION | An action listed twice in one list (case-insensitive). |
 * | REDUNDANT_ACTION | SUGGESTION | An action already covered by a wildcard in the same list (`optimizer:*` and `optimizer:StartStudy`). |
 * | DUPLICATE_RESOURCE | SUGGESTION | A resource listed twice in one list. |
 * | REDUNDANT_RESOURCE | SUGGESTION | A resource already covered by a wildcard in the same list. |
 * | EMPTY_SID | SUGGESTION | Sid is the empty string. |
 */
import { ACTIONS, CONTEXT_KEYS } from './catalog.ts';
import { policySize } from './normalize.ts';
import { ToolError } from '../common/errors.ts';
import { compilePolicies } from './evaluator.ts';
import type { ActionSpec, ContextKeySpec, Finding, PolicyDocument } from './types.ts';
import { checkActions, checkResources } from './validate-actions.ts';
import { indexCatalog, type CatalogIndex } from './validate-catalog.ts';
import { checkConditionKeys, checkConditionValues } from './validate-conditions.ts';
import { checkContradictions } from './validate-contradictions.ts';
import { readJson } from './validate-json.ts';
import { checkRedundantStatements, checkSecurity } from './validate-security.ts';
import { Findings, readDocument } from './validate-structure.ts';
import { checkVariables } from './validate-variables.ts';

/** IAM's limit on a managed policy: characters not counting whitespace. */
export const MAX_POLICY_SIZE = 6144;
/**
 * Text longer than this is refused unread (POLICY_SIZE_EXCEEDED, O(1)); up to it, a policy over MAX_POLICY_SIZE is
 * still read for its other findings. Ten times the limit leaves room for any indentation people use.
 */
export const MAX_VALIDATED_TEXT = 65_536;

export interface ValidateOptions {
  /** The action catalog (default: tools/iam/catalog.ts ACTIONS). */
  actions?: readonly ActionSpec[];
  /** The global context keys (default: tools/iam/catalog.ts CONTEXT_KEYS). */
  contextKeys?: readonly ContextKeySpec[];
}

const SEVERITY: Readonly<Record<Finding['findingType'], number>> = { ERROR: 0, SECURITY_WARNING: 1, WARNING: 2, SUGGESTION: 3 };

const catalogs = new WeakMap<readonly ActionSpec[], WeakMap<readonly ContextKeySpec[], CatalogIndex>>();

function catalogFor(actions: readonly ActionSpec[], contextKeys: readonly ContextKeySpec[]): CatalogIndex {
  let byKeys = catalogs.get(actions);
  if (!byKeys) catalogs.set(actions, (byKeys = new WeakMap()));
  let index = byKeys.get(contextKeys);
  if (!index) byKeys.set(contextKeys, (index = indexCatalog(actions, contextKeys)));
  return index;
}

/**
 * Validates a policy given as JSON text (positions of syntax errors, repeated keys) or as a parsed value (it is
 * validated as the JSON it serializes to: what the store would keep). Findings come ERROR first, then in document
 * order.
 */
export function validatePolicy(input: string | unknown, options: ValidateOptions = {}): Finding[] {
  const out = new Findings();
  try {
    run(input, options, out);
  } catch (error) {
    out.add('ERROR', 'INTERNAL_ERROR', `the validator failed (${error instanceof Error ? error.message : String(error)}); the policy is refused rather than let through unchecked`, '');
  }
  return out.list.map((finding, order) => ({ finding, order })).sort((a, b) => SEVERITY[a.finding.findingType] - SEVERITY[b.finding.findingType] || a.order - b.order).map((x) => x.finding);
}

/** Whether any finding is an ERROR (the store refuses such a policy). */
export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((finding) => finding.findingType === 'ERROR');
}

function run(input: unknown, options: ValidateOptions, out: Findings): void {
  let text: string;
  if (typeof input === 'string') {
    text = input;
  } else {
    let serialized: string | undefined;
    try {
      serialized = JSON.stringify(input);
    } catch (error) {
      out.add('ERROR', 'INVALID_TYPE', `the policy is not JSON data (${error instanceof Error ? error.message : String(error)})`, '');
      return;
    }
    if (serialized === undefined) {
      out.add('ERROR', 'INVALID_TYPE', `a policy is a JSON object {"Version", "Statement"}, got ${input === undefined ? 'undefined' : typeof input}`, '');
      return;
    }
    text = serialized;
  }
  if (text.length > MAX_VALIDATED_TEXT) {
    // Counting would be O(n) for nothing: no whitespace-padded policy needs this much text.
    out.add('ERROR', 'POLICY_SIZE_EXCEEDED', `the policy text has ${text.length} characters; a policy has at most ${MAX_POLICY_SIZE} characters not counting whitespace (text over ${MAX_VALIDATED_TEXT} is not read)`, '');
    return;
  }
  const size = policySize(text);
  if (size > MAX_POLICY_SIZE) {
    out.add('ERROR', 'POLICY_SIZE_EXCEEDED', `the policy has ${size} characters not counting whitespace; at most ${MAX_POLICY_SIZE} (split it into several policies)`, '');
  }
  const read = readJson(text);
  if (!read.ok) {
    const { line, column, offset } = read.position;
    out.add('ERROR', 'JSON_PARSE_ERROR', `the policy is not valid JSON at line ${line}, column ${column} (offset ${offset}): ${read.message}`, '');
    return;
  }
  for (const duplicate of read.duplicates) {
    const { line, column } = duplicate.position;
    out.add('ERROR', 'DUPLICATE_KEY', `${JSON.stringify(duplicate.key)} appears more than once in the same object (line ${line}, column ${column}): only the last would count; merge them`, duplicate.path);
  }
  const document = readDocument(read.value, out);
  if (document === null) return;
  const catalog = catalogFor(options.actions ?? ACTIONS, options.contextKeys ?? CONTEXT_KEYS);
  const sids = new Map<string, string>();
  for (const statement of document.statements) {
    if (statement.sid !== null) {
      const first = sids.get(statement.sid);
      if (first !== undefined) out.add('ERROR', 'DUPLICATE_SID', `Sid ${JSON.stringify(statement.sid)} is already used by ${first}: each statement needs its own`, `${statement.path}.Sid`);
      else sids.set(statement.sid, statement.path);
    }
    const scope = checkActions(statement, catalog, out);
    checkResources(statement, scope, document.version, out);
    checkConditionValues(statement, out);
    checkConditionKeys(statement, scope, catalog, out);
    checkContradictions(statement, out);
    checkVariables(statement, document.version, catalog, out);
    checkSecurity(statement, scope, document.version, out);
  }
  checkRedundantStatements(document.statements, document.version, out);
  if (!out.list.some((finding) => finding.findingType === 'ERROR')) checkLoadable(read.value, out);
}

/**
 * The safety net: what the store accepts, the engine must load. Every rule of normalize.ts / evaluator.ts has its
 * own check above; should one be added there and not here, the policy is still refused, naming the engine's reason.
 */
function checkLoadable(document: unknown, out: Findings): void {
  try {
    compilePolicies([{ policy: 'validated', version: 'v1', document: document as PolicyDocument }]);
  } catch (error) {
    if (!ToolError.isInstance(error)) throw error;
    const path = typeof error.details.path === 'string' && error.details.path !== '(document)' ? error.details.path : '';
    out.add('ERROR', 'UNLOADABLE_POLICY', `the policy engine refuses this document: ${error.message}`, path);
  }
}
