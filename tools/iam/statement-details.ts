/**
 * The statements behind a decision, with what their conditions ask for: a decision names statements by policy,
 * version and position, and a reader needs the condition to understand it ("MaxTrials denies more than 200 trials").
 * For an implicit deny, the Allow statements that would have applied but for their condition ("near misses") say
 * what the request would need. Used by simulate_policy and, for any denied tool call, by whoever builds the
 * `access_denied` details (so the chat can say why in plain words).
 */
import { compilePolicies } from './evaluator.ts';
import type { AuthzRequest, ConditionBlock, MatchedStatement, PolicySource, Statement } from './types.ts';

/** A matched statement with its condition (null: the statement has none, or its document is not at hand). */
export type DetailedStatement = MatchedStatement & { condition: ConditionBlock | null };

/** At most this many conditional Allow statements are tried for near misses (each is compiled alone). */
const MAX_NEAR_MISS_CANDIDATES = 500;

function statementsOf(source: PolicySource): Statement[] {
  const statements = source.document?.Statement;
  if (Array.isArray(statements)) return statements;
  return statements ? [statements] : [];
}

/** The matched statements with their conditions, read from the documents that were evaluated. */
export function withConditions(sources: readonly PolicySource[], matched: readonly MatchedStatement[]): DetailedStatement[] {
  return matched.map((statement) => {
    const source = sources.find((s) => s.policy === statement.policy && s.version === statement.version);
    const condition = source ? statementsOf(source)[statement.index]?.Condition : undefined;
    return { ...statement, condition: condition ?? null };
  });
}

/**
 * The Allow statements whose action and resource match the request but whose condition does not: what an implicit
 * deny would need. Each conditional Allow is evaluated alone without its condition; statements that fail to compile
 * (a document the validator would refuse) are skipped.
 */
export function nearMisses(sources: readonly PolicySource[], request: AuthzRequest): DetailedStatement[] {
  const found: DetailedStatement[] = [];
  let tried = 0;
  for (const source of sources) {
    const statements = statementsOf(source);
    for (const [index, statement] of statements.entries()) {
      if (statement.Effect !== 'Allow' || !statement.Condition) continue;
      if (++tried > MAX_NEAR_MISS_CANDIDATES) return found;
      const { Condition, ...unconditional } = statement;
      try {
        const set = compilePolicies([{ policy: source.policy, version: source.version, document: { Version: source.document.Version, Statement: [unconditional] } }]);
        if (set.evaluate(request).decision === 'allowed') {
          found.push({ policy: source.policy, version: source.version, sid: statement.Sid ?? null, index, effect: 'Allow', condition: Condition });
        }
      } catch {
        // A statement that does not compile never applied either: not a near miss.
      }
    }
  }
  return found;
}

/**
 * What an `access_denied` failure's details need so the chat can say why in words: the deciding statements with
 * their conditions and, for an implicit deny, the near misses. Pass the global context keys
 * (principals.ts `principalContext`) merged into `request.context`, so near misses see the request as the authorizer did.
 */
export function denialDetails(
  sources: readonly PolicySource[],
  request: AuthzRequest,
  decision: { decision: string; matched: readonly MatchedStatement[] },
): { matched: DetailedStatement[]; near_misses: DetailedStatement[] } {
  return {
    matched: withConditions(sources, decision.matched),
    near_misses: decision.decision === 'implicitDeny' ? nearMisses(sources, request) : [],
  };
}
