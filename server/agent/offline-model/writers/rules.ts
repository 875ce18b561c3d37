import { isRecord } from '../plan.ts';

/** The active rules, one line each: id, condition, action. */
export function writeRuleList(output: unknown): string {
  const list = Array.isArray(output) ? output : isRecord(output) && Array.isArray(output.rules) ? output.rules : [];
  if (list.length === 0) return 'No rules are active. Add one with, for example, "alert me if p99 latency goes over 200 ms".';
  const lines = list.filter(isRecord).map((rule) => {
    const id = rule.id ?? rule.rule_id ?? rule.name ?? '?';
    const body = isRecord(rule.rule) ? rule.rule : rule;
    const name = typeof body.name === 'string' && body.name !== id ? ` ${body.name}` : '';
    return `- \`${String(id)}\`${name}: when ${describeCondition(body.condition ?? body.when ?? body.conditions)}, ${describeAction(body.action ?? body.then ?? body.actions)}`;
  });
  const alerts = isRecord(output) && Array.isArray(output.recent_alerts) ? output.recent_alerts.filter(isRecord) : [];
  const recent = alerts.length
    ? `\n\nRecent alerts:\n\n${alerts.map((a) => `- ${typeof a.at === 'number' ? `${new Date(a.at).toISOString().slice(0, 19).replace('T', ' ')} UTC ` : ''}\`${String(a.ruleId ?? a.rule_id ?? '?')}\`: ${String(a.message ?? '')}`).join('\n')}`
    : '';
  return `${lines.length} rule${lines.length === 1 ? ' is' : 's are'} active:\n\n${lines.join('\n')}${recent}`;
}

function describeCondition(condition: unknown): string {
  if (isRecord(condition) && typeof condition.field === 'string') return `${condition.field} ${String(condition.operator ?? condition.op ?? '?')} ${JSON.stringify(condition.value)}`;
  if (isRecord(condition)) {
    for (const key of ['all', 'any']) {
      const list = condition[key];
      if (Array.isArray(list)) return list.map(describeCondition).join(key === 'all' ? ' and ' : ' or ');
    }
    if (condition.not !== undefined) return `not (${describeCondition(condition.not)})`;
  }
  return JSON.stringify(condition);
}

function describeAction(action: unknown): string {
  if (typeof action === 'string') return action;
  if (isRecord(action) && typeof action.type === 'string') return action.type;
  if (Array.isArray(action)) return action.map(describeAction).join(', ');
  return JSON.stringify(action);
}
