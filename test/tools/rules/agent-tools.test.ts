import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openDatabase } from '../../../db/open.ts';
import { RuleStore } from '../../../db/rule-store.ts';
import { systemClock } from '../../../tools/common/clock.ts';
import { createRuleTools } from '../../../tools/rules/agent-tools.ts';
import { RuleService } from '../../../tools/rules/rule-service.ts';

function tools() {
  const rules = new RuleService({ store: new RuleStore(openDatabase(':memory:')), clock: systemClock });
  const set = createRuleTools({ services: { rules }, sessionId: 'sess-1' });
  const call = async (name: string, input: unknown) => (await set[name]!.execute!(input as never, { toolCallId: 'c1', messages: [] })) as Record<string, any>;
  return { rules, call };
}

test('add_rule accepts the offline model\'s "alert me if p99 latency goes above 200 ms" form; list_rules and remove_rule', async () => {
  const { call, rules } = tools();
  const added = await call('add_rule', { rule: { condition: { field: 'latency_p99_ms', operator: '>', value: 200 }, action: 'trigger_alert' } });
  assert.deepEqual(added, { ok: true, rule_id: 'rule-1', version: 1, change: 'create', matches: 0 });
  const alerts: string[] = [];
  rules.onAlert((a) => alerts.push(`${a.ruleId}:${a.sessionId}:${a.facts[0]!.id}`));
  rules.engine.insert({ type: 'Fact', id: 'trial-7', fields: { latency_p99_ms: 250 } });
  rules.engine.fire();
  assert.deepEqual(alerts, ['rule-1:sess-1:trial-7']);
  const listed = await call('list_rules', {});
  assert.equal(listed.ok, true);
  assert.deepEqual(listed.rules.map((r: any) => [r.rule_id, r.version, r.matches, r.session_id]), [['rule-1', 1, 1, 'sess-1']]);
  assert.equal(listed.recent_alerts.length, 1);
  assert.deepEqual(await call('remove_rule', { rule_id: 'rule-1' }), { ok: true, rule_id: 'rule-1', version: 2 });
  const missing = await call('remove_rule', { rule_id: 'rule-1' });
  assert.equal(missing.ok, false);
  assert.equal(missing.error.code, 'not_found');
});

test('invalid rules come back as data the model can repair: code, message with the JSON path, every issue', async () => {
  const { call } = tools();
  const result = await call('add_rule', { rule: { condition: { field: 'latency_p99_ms', operator: 'above', value: 200 }, action: 'page_me' } });
  assert.equal(result.ok, false);
  assert.equal(result.error.code, 'invalid_argument');
  assert.match(result.error.message, /\$\.condition\.operator: unknown operator "above"/);
  assert.deepEqual(result.error.details.issues.map((i: any) => i.path), ['$.condition.operator', '$.action']);
  const text = await call('add_rule', { rule: '{"condition": ' });
  assert.equal(text.error.code, 'invalid_argument');
  assert.match(text.error.message, /does not parse/);
});

test('test_rule is a dry run: matches, what would fire with resolved params, and the explanation; nothing is stored', async () => {
  const { call, rules } = tools();
  const result = await call('test_rule', {
    rule: { condition: { field: 'latency_p99_ms', operator: '>', value: 200 }, action: 'trigger_alert', params: { message: 'p99 {{fact.latency_p99_ms}} ms' } },
    facts: [{ latency_p99_ms: 150 }, { type: 'Fact', id: 'slow', fields: { latency_p99_ms: 320 } }],
  });
  assert.equal(result.ok, true);
  assert.deepEqual(result.matches, [{ rule_id: 'test', facts: ['slow'] }]);
  assert.deepEqual(result.would_fire, [{ rule_id: 'test', facts: ['slow'], actions: [{ action: 'trigger_alert', params: { message: 'p99 320 ms' } }] }]);
  assert.equal(result.explanation.holds, true);
  assert.deepEqual(result.explanation.patterns[0].satisfying, ['slow']);
  const none = await call('test_rule', { rule: { condition: { field: 'latency_p99_ms', operator: '>', value: 200 }, action: 'trigger_alert' }, facts: [{ latency_p99_ms: 150 }] });
  assert.match(none.explanation.summary, /latency_p99_ms > 200 is false \(actual 150\)/);
  assert.deepEqual(rules.listRules(), []);
});
