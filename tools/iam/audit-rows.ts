/**
 * Audit records as the chat shows them (audit_query): the decision and a short why in words, with the conditions of
 * the deciding statements read from the policy versions that were in force (versions are kept, so a row written
 * under v2 is explained by v2 even after v3 became the default). An implicit deny names the Allow statements that
 * would have applied but for their condition, evaluated on the recorded context.
 */
import { explainDecision, limitHint } from './explain-decision.ts';
import { nearMisses, type DetailedStatement } from './statement-details.ts';
import type { AuditRecord, ConditionBlock, ContextValue, IamStoreApi, PolicyDocument, Statement } from './types.ts';

export interface AuditRow {
  decision_id: string;
  /** ISO 8601 (UTC). */
  time: string;
  principal: string;
  source: string;
  action: string;
  resource: string;
  decision: AuditRecord['decision'];
  matched_sids: (string | null)[];
  why: string;
  /** What would pass, read from the deciding statements' numeric limits ("200 or fewer trials"), or null. */
  hint: string | null;
  /** The call's own context keys (the global `tunechat:` keys left out), secrets already masked by the audit. */
  context: Record<string, ContextValue>;
}

/** Implicit denials explained with near misses per query (each costs a compile per conditional Allow statement). */
const NEAR_MISS_ROWS = 5;

/** A describer for one query: policy versions are read once each. */
export function auditRowDescriber(iam: Pick<IamStoreApi, 'getPolicy'>): (record: AuditRecord) => AuditRow {
  const documents = new Map<string, PolicyDocument | null>();
  const documentOf = (policy: string, version: string): PolicyDocument | null => {
    const key = `${policy}\u0000${version}`;
    if (!documents.has(key)) {
      try {
        documents.set(key, JSON.parse(iam.getPolicy(policy, version).document) as PolicyDocument);
      } catch {
        // A version deleted since (or a built-in not stored): the row is explained without the condition.
        documents.set(key, null);
      }
    }
    return documents.get(key)!;
  };
  const statementsOf = (policy: string, version: string): Statement[] => {
    const statements = documentOf(policy, version)?.Statement;
    return Array.isArray(statements) ? statements : statements ? [statements] : [];
  };
  let implicit = 0;
  return (record) => {
    const matched: DetailedStatement[] = record.matched.map((m) => ({ ...m, condition: (statementsOf(m.policy, m.version)[m.index]?.Condition as ConditionBlock | undefined) ?? null }));
    let near: DetailedStatement[] = [];
    if (record.decision === 'implicitDeny' && implicit++ < NEAR_MISS_ROWS) {
      const sources = record.versions.flatMap(({ policy, version }) => {
        const document = documentOf(policy, version);
        return document ? [{ policy, version, document }] : [];
      });
      near = nearMisses(sources, { action: record.action, resource: record.resource, context: record.context });
    }
    const context: Record<string, ContextValue> = {};
    for (const [key, value] of Object.entries(record.context)) if (!key.toLowerCase().startsWith('tunechat:')) context[key] = value;
    return {
      decision_id: record.decision_id,
      time: new Date(record.at).toISOString(),
      principal: record.principal,
      source: record.source,
      action: record.action,
      resource: record.resource,
      decision: record.decision,
      matched_sids: record.matched.map((m) => m.sid),
      why: explainDecision({ action: record.action, resource: record.resource, decision: record.decision, matched, missingContextKeys: [], nearMisses: near }),
      hint: record.decision === 'allowed' ? null : limitHint(record.decision === 'explicitDeny' ? matched : near),
      context,
    };
  };
}
