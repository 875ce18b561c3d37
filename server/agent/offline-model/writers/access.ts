import { describeCondition, limitHint, statementInWords, statementName, type ExplainedStatement } from '../../../../tools/iam/explain-decision.ts';
import type { Activity } from '../intents/access-activity.ts';
import { isRecord } from '../plan.ts';
import { describeActivity } from './access-describe.ts';
import { readFailure } from './control-errors.ts';
import { markdownTable } from './format.ts';

/*
 * Answers to access questions (issue 16): a simulation as "Yes — alice may …" / "No — …, because …", and audit rows
 * as the latest refusal explained or a table. Read from simulate_policy's and audit_query's outputs
 * (tools/iam/agent-tools.ts), defensively: a field that is missing loses a detail, never the answer.
 */

/** Matched statements of a result or a failure's details, as the explainers take them. */
export function readStatements(value: unknown): ExplainedStatement[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item): ExplainedStatement[] => {
    if (!isRecord(item) || typeof item.policy !== 'string') return [];
    return [{
      policy: item.policy,
      version: typeof item.version === 'string' ? item.version : '?',
      sid: typeof item.sid === 'string' ? item.sid : null,
      effect: item.effect === 'Allow' ? 'Allow' : 'Deny',
      ...(isRecord(item.condition) ? { condition: item.condition as ExplainedStatement['condition'] } : {}),
    }];
  });
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

/** Why a decision went the way it did, in words (the clause after "because"); the call itself is named before it. */
export function reasonInWords(decision: unknown, matched: ExplainedStatement[], nearMisses: ExplainedStatement[]): string {
  if (decision === 'explicitDeny') {
    const deny = matched.filter((s) => s.effect === 'Deny');
    return (deny.length > 0 ? deny : matched).map((s) => `the policy ${statementInWords(s)}`).join('; ') || 'an explicit Deny statement applies';
  }
  const near = nearMisses.filter((s) => describeCondition(s.condition) !== '');
  const base = 'no policy allows it (implicit deny)';
  return near.length > 0 ? `${base}: ${near.map((s) => `${statementName(s)}, allows it only with ${describeCondition(s.condition)}`).join('; ')}` : base;
}

/** "Yes — alice may load-test 10.0.0.5:80 for 5 minutes: …" / "No — alice may not …, because …". */
export function writeSimulation(user: string | null, activity: Activity, output: unknown): string {
  const results = isRecord(output) && Array.isArray(output.results) ? output.results.filter(isRecord) : [];
  if (results.length === 0) return `The simulation gave no decision${isRecord(output) && typeof output.summary === 'string' ? `: ${output.summary}` : '.'}`;
  const who = user ?? 'you';
  const what = describeActivity(activity);
  if (results.length > 1) {
    const rows = results.map((r) => [`\`${String(r.action)}\``, `\`${String(r.resource)}\``, String(r.decision), typeof r.explanation === 'string' ? r.explanation : '']);
    const allowed = results.filter((r) => r.decision === 'allowed').length;
    return `${allowed === results.length ? 'Yes' : allowed === 0 ? 'No' : 'Partly'} — ${who} may ${allowed === results.length ? '' : allowed === 0 ? 'not ' : 'only partly '}${what}:\n\n${markdownTable(['action', 'resource', 'decision', 'why'], rows)}`;
  }
  const result = results[0]!;
  const action = String(result.action);
  const resource = String(result.resource);
  const matched = readStatements(result.matched);
  const nearMisses = readStatements(result.near_misses);
  const missing = strings(result.missing_context_keys);
  const missingNote = missing.length > 0 ? ` (The simulation had no value for ${missing.join(', ')}; a condition asks for ${missing.length === 1 ? 'it' : 'them'}.)` : '';
  const call = `\`${action}\` on \`${resource}\``;
  if (result.decision === 'allowed') {
    const by = matched.map((s) => (describeCondition(s.condition) ? `${statementName(s)}, which allows ${describeCondition(s.condition)}` : statementName(s))).join('; ');
    return `Yes — ${who} may ${what} (${call}): allowed by ${by || 'a policy'}.${missingNote}`;
  }
  const hint = limitHint(result.decision === 'explicitDeny' ? matched : nearMisses);
  return `No — ${who} may not ${what} (${call}), because ${reasonInWords(result.decision, matched, nearMisses)}.${hint ? ` It could pass with ${hint}.` : ''}${missingNote}`;
}

/** "2026-12-03T12:03:05.000Z" → "2026-12-03 12:03:05 UTC". */
function timeWords(value: unknown): string {
  if (typeof value === 'number') return timeWords(new Date(value).toISOString());
  return typeof value === 'string' ? value.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC') : '';
}

/** A principal as people say it: "tunechat:user/alice" → "alice". */
function principalWords(value: unknown): string {
  if (typeof value !== 'string') return 'someone';
  if (value === 'tunechat:operator') return 'the operator';
  return value.replace(/^tunechat:(?:user|slack-guest)\//, '');
}

/** What the question was about, for "no rows" answers: "refused benchmarks of yours in the last 1h". */
function scopeWords(query: Record<string, unknown>, count = 0): string {
  const what = query.decision === 'deny' ? 'refused ' : query.decision === 'allow' ? 'allowed ' : '';
  const area = typeof query.action === 'string' ? ` for ${query.action}` : '';
  const whose = query.principal === '*' ? '' : typeof query.principal === 'string' ? ` of ${query.principal}` : ' of yours';
  const since = typeof query.since === 'string' ? (query.since === 'today' ? ' today' : query.since === 'yesterday' ? ' since yesterday' : ` in the last ${query.since}`) : '';
  return `${what}request${count === 1 ? '' : 's'}${whose}${area}${since}`;
}

/** The latest refusal explained ("why was my benchmark refused?"), or the rows as a table. */
export function writeAuditAnswer(query: Record<string, unknown>, output: unknown, why: boolean): string {
  const rows = isRecord(output) && Array.isArray(output.rows) ? output.rows.filter(isRecord) : [];
  if (rows.length === 0) {
    const none = `The audit log has no ${scopeWords(query)}.`;
    return why && query.decision === 'deny' ? `${none} If something was refused, it was not a policy decision: the tool's own checks (allowed hosts, typed commands, limits) said no, and its message says why.` : none;
  }
  const line = (r: Record<string, unknown>) => [timeWords(r.time ?? r.at), principalWords(r.principal), `\`${String(r.action)}\``, `\`${String(r.resource)}\``, String(r.decision), typeof r.why === 'string' ? r.why : ''];
  const table = (list: Record<string, unknown>[]) => markdownTable(['time', 'who', 'action', 'resource', 'decision', 'why'], list.map(line));
  if (why) {
    const latest = rows[0]!;
    const whose = query.principal === undefined ? 'Your' : query.principal === '*' ? 'The' : `${query.principal}'s`;
    const head = `${whose} latest ${query.decision === 'deny' ? 'refused request' : 'decision'}: \`${String(latest.action)}\` on \`${String(latest.resource)}\` at ${timeWords(latest.time ?? latest.at)} — ${typeof latest.why === 'string' ? latest.why.replace(/\.\s*$/, '') : String(latest.decision)}${typeof latest.decision_id === 'string' ? ` (decision ${latest.decision_id})` : ''}.${typeof latest.hint === 'string' ? ` It could pass with ${latest.hint}.` : ''}`;
    return rows.length > 1 ? `${head}\n\nEarlier ones:\n\n${table(rows.slice(1, 6))}` : head;
  }
  const total = isRecord(output) && typeof output.count === 'number' ? output.count : rows.length;
  return `${total} ${scopeWords(query, total)}, newest first:\n\n${table(rows.slice(0, 20))}${rows.length > 20 ? `\n\n(${rows.length - 20} more not shown.)` : ''}`;
}

/** A failed simulate_policy / audit_query: an unknown user gets how to add one; other failures name the field to change. */
export function writeAccessToolFailure(tool: string, output: unknown, user: string | null): string {
  const failure = readFailure(output);
  if (failure.code === 'not_found' && failure.details.parameter === 'user' && user) {
    return `There is no user named ${user}, so there is nothing to simulate. The operator adds one with \`npx tunechat users add ${user} --group <group>\`; \`npx tunechat users list\` shows who exists.`;
  }
  const field = typeof failure.details.parameter === 'string' ? failure.details.parameter : typeof failure.details.field === 'string' ? failure.details.field : null;
  return `\`${tool}\` did not run: ${failure.message}${field ? `\n\nChange the ${field} and ask again.` : ''}`;
}
