/**
 * The policy simulator, after IAM's SimulateCustomPolicy / SimulatePrincipalPolicy: every (action, resource) pair
 * is evaluated against a compiled set with the given context, and each result says allowed / explicitDeny /
 * implicitDeny, which statements decided (policy, version, Sid) and which context keys the applicable statements
 * asked for that the input lacked.
 */
import { ToolError } from '../common/errors.ts';
import { compilePolicies } from './evaluator.ts';
import { normalizeDocument } from './normalize.ts';
import type { CompiledPolicySet, PolicyDocument, SimulationInput, SimulationResult } from './types.ts';
import { parseTemplate } from './variables.ts';

/** Bounds on one simulation (every pair is a decision). */
export const SIMULATION_LIMITS = Object.freeze({ actions: 200, resources: 200, pairs: 10_000, nameLength: 2048 });

export function simulate(set: CompiledPolicySet, input: SimulationInput): SimulationResult[] {
  const actions = input.actions;
  const resources = input.resources && input.resources.length > 0 ? input.resources : ['*'];
  checkList('actions', actions, SIMULATION_LIMITS.actions);
  checkList('resources', resources, SIMULATION_LIMITS.resources);
  if (actions.length * resources.length > SIMULATION_LIMITS.pairs) {
    throw new ToolError('too_large', `a simulation evaluates at most ${SIMULATION_LIMITS.pairs} action × resource pairs, got ${actions.length} × ${resources.length}`, {
      details: { field: 'actions', actions: actions.length, resources: resources.length },
    });
  }
  const context = input.context ?? {};
  const results: SimulationResult[] = [];
  for (const action of actions) {
    for (const resource of resources) {
      const result = set.evaluate({ action, resource, context });
      results.push({ action, resource, decision: result.decision, matched: result.matched.map((m) => ({ ...m })), missingContextKeys: result.missingContextKeys });
    }
  }
  return results;
}

/** SimulateCustomPolicy: documents passed in (policy "inline-1", "inline-2", … at version "inline"). */
export function simulateCustomPolicy(documents: readonly (PolicyDocument | string)[], input: SimulationInput): SimulationResult[] {
  const sources = documents.map((document, i) => ({ policy: `inline-${i + 1}`, version: 'inline', document: (typeof document === 'string' ? parseDocument(document, i) : document) }));
  return simulate(compilePolicies(sources), input);
}

function parseDocument(text: string, i: number): PolicyDocument {
  try {
    return JSON.parse(text) as PolicyDocument;
  } catch (error) {
    throw new ToolError('invalid_policy', `policy inline-${i + 1}: not valid JSON: ${(error as Error).message}`, { details: { policy: `inline-${i + 1}`, path: '(document)', issueCode: 'JSON_SYNTAX' }, cause: error });
  }
}

function checkList(field: 'actions' | 'resources', list: readonly unknown[], max: number): void {
  if (!Array.isArray(list) || list.length === 0) throw new ToolError('invalid_argument', `${field} must name at least one value`, { details: { field } });
  if (list.length > max) throw new ToolError('too_large', `${field}: at most ${max}, got ${list.length}`, { details: { field, actual: list.length } });
  list.forEach((item, i) => {
    if (typeof item !== 'string' || item.length === 0 || item.length > SIMULATION_LIMITS.nameLength) {
      throw new ToolError('invalid_argument', `${field}[${i}] must be a non-empty string of at most ${SIMULATION_LIMITS.nameLength} characters`, { details: { field: `${field}[${i}]` } });
    }
  });
}

/**
 * IAM's GetContextKeysForCustomPolicy: the context keys the documents' conditions ask for and the policy variables
 * they use (2012-10-17 only), deduplicated case-insensitively (first spelling kept), sorted.
 */
export function contextKeysForPolicies(documents: readonly unknown[]): string[] {
  const keys = new Map<string, string>();
  const add = (key: string) => {
    if (!keys.has(key.toLowerCase())) keys.set(key.toLowerCase(), key);
  };
  const addVariables = (text: string, enabled: boolean) => {
    for (const part of parseTemplate(text, enabled).parts) if ('variable' in part) add(part.variable);
  };
  for (const document of documents) {
    const policy = normalizeDocument(document);
    const variables = policy.version === '2012-10-17';
    for (const statement of policy.statements) {
      for (const resource of statement.resource ?? statement.notResource ?? []) addVariables(resource, variables);
      for (const entries of Object.values(statement.condition ?? {})) {
        for (const [key, values] of Object.entries(entries)) {
          add(key);
          for (const value of Array.isArray(values) ? values : [values]) if (typeof value === 'string') addVariables(value, variables);
        }
      }
    }
  }
  return [...keys.values()].sort((a, b) => a.localeCompare(b));
}
