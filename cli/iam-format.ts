/**
 * Text forms of IAM results for the terminal: validation findings grouped by type, simulation rows, matched
 * statements ("policy vN Sid"), audit rows. JSON mode prints the records as they are; these are for people.
 */
import type { AuditRecord, Finding, FindingType, MatchedStatement, SimulationResult } from '../tools/iam/types.ts';
import { isoTime, table } from './iam-io.ts';

/** Most serious first, the order Access Analyzer lists them in. */
export const FINDING_TYPES: readonly FindingType[] = ['ERROR', 'SECURITY_WARNING', 'WARNING', 'SUGGESTION'];

export function hasError(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.findingType === 'ERROR');
}

/** Findings grouped by type (ERROR first), each with its issue code, JSON path and message; then a one-line count. */
export function formatFindings(findings: readonly Finding[]): string[] {
  if (findings.length === 0) return ['no findings'];
  const lines: string[] = [];
  for (const type of FINDING_TYPES) {
    const ofType = findings.filter((f) => f.findingType === type);
    if (ofType.length === 0) continue;
    lines.push(`${type} (${ofType.length})`);
    for (const f of ofType) lines.push(`  ${f.issueCode} at ${f.path || '(document)'}: ${f.message}`);
  }
  lines.push(findingCounts(findings));
  return lines;
}

export function findingCounts(findings: readonly Finding[]): string {
  const count = (type: FindingType) => findings.filter((f) => f.findingType === type).length;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return [plural(count('ERROR'), 'error'), plural(count('SECURITY_WARNING'), 'security warning'), plural(count('WARNING'), 'warning'), plural(count('SUGGESTION'), 'suggestion')].join(', ');
}

/** "tuners-studies v2 AllowStudies", or "#1" (the statement's position) for a statement without a Sid. */
export function formatMatched(matched: readonly MatchedStatement[]): string {
  return matched.map((m) => `${m.policy} ${m.version} ${m.sid ?? `#${m.index}`}`).join('; ');
}

/** The simulator's table: action, resource, decision, matched statements, missing context keys. */
export function formatSimulation(results: readonly SimulationResult[]): string[] {
  return table(
    ['action', 'resource', 'decision', 'matched statements', 'missing context keys'],
    results.map((r) => [r.action, r.resource, r.decision, formatMatched(r.matched) || '-', r.missingContextKeys.join(',') || '-']),
  );
}

/** Why an audit row was decided so: the deciding statements, or that nothing allowed it. */
export function auditWhy(row: AuditRecord): string {
  if (row.decision === 'implicitDeny') return 'implicit deny: no statement allows it';
  const matched = formatMatched(row.matched);
  return row.decision === 'explicitDeny' ? `denied by ${matched || 'a Deny statement'}` : `allowed by ${matched || 'an Allow statement'}`;
}

/** The audit table, in the order given (the store returns newest first). */
export function formatAudit(rows: readonly AuditRecord[]): string[] {
  return table(
    ['decision id', 'time', 'principal', 'action', 'resource', 'decision', 'why'],
    rows.map((r) => [r.decision_id, isoTime(r.at), r.principal, r.action, r.resource, r.decision, auditWhy(r)]),
  );
}
