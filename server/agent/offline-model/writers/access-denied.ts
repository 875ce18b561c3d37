import { limitHint } from '../../../../tools/iam/explain-decision.ts';
import type { ToolExchange } from '../conversation.ts';
import { describeCall } from './access-describe.ts';
import { readStatements, reasonInWords } from './access.ts';
import { readFailure } from './control-errors.ts';

/*
 * Any tool call a policy denied (issue 16: ToolError 'access_denied', from the authorizer that wraps every tool)
 * explained in plain words: what the user asked for, which policy and statement said no and what it asks for, and
 * what to do ("Ask an operator, or try 200 or fewer trials.").
 */

/** Whether a tool exchange failed because a policy denied it. */
export function isAccessDenied(exchange: ToolExchange): boolean {
  if (!exchange.failed) return false;
  const failure = readFailure(exchange.output);
  return failure.code === 'access_denied' || /\baccess_denied\b|^access denied\b/i.test(failure.message);
}

/**
 * "You're not allowed to start a study on xgboost with 500 trials: the policy tuners-studies (v2), statement
 * MaxTrials, denies more than 200 trials. Ask an operator, or try 200 or fewer trials." The failure's details give the
 * decision, the matched statements (with their conditions when the authorizer includes them) and the decision id; without
 * them the tool's own message says why.
 */
export function writeAccessDenied(exchange: ToolExchange): string {
  const failure = readFailure(exchange.output);
  const details = failure.details;
  const what = describeCall(exchange.toolName, exchange.input);
  const action = typeof details.action === 'string' ? details.action : null;
  const resource = typeof details.resource === 'string' ? details.resource : null;
  const matched = readStatements(details.matched);
  const nearMisses = readStatements(details.near_misses ?? details.nearMisses);
  const decision = details.decision;
  const known = (decision === 'explicitDeny' && matched.length > 0) || (decision === 'implicitDeny' && action !== null && resource !== null);
  const reason = known ? reasonInWords(decision, matched, nearMisses) : failure.message.replace(/[.\s]+$/, '');
  const call = action && resource ? ` (\`${action}\` on \`${resource}\`)` : '';
  const hint = limitHint(decision === 'explicitDeny' ? matched : nearMisses);
  const id = typeof details.decision_id === 'string' ? details.decision_id : typeof details.decisionId === 'string' ? details.decisionId : null;
  const record = id ? ` The decision is on record as ${id} in the audit log.` : '';
  return `You're not allowed to ${what}${call}: ${reason}. Ask an operator${hint ? `, or try ${hint}` : ' to allow it'}.${record}`;
}
