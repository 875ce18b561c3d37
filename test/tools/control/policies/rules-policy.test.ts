import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openDatabase } from '../../../../db/open.ts';
import { RuleStore } from '../../../../db/rule-store.ts';
import { ManualClock } from '../../../../tools/common/clock.ts';
import { createRulesBridge } from '../../../../tools/control/policies/rules-bridge.ts';
import { controllerFact, RulesPolicy } from '../../../../tools/control/policies/rules-policy.ts';
import { RuleService } from '../../../../tools/rules/rule-service.ts';
import { contextOf, type Step } from './synthetic.ts';

function setup(rules: unknown[]) {
  const service = new RuleService({ store: new RuleStore(openDatabase(':memory:')), clock: new ManualClock(0) });
  for (const rule of rules) service.addRule(rule);
  const bridge = createRulesBridge(service);
  return { service, bridge, policy: new RulesPolicy(bridge, { id: 'c-1', target: 'example' }) };
}

const grow = { rule_id: 'grow', type: 'Controller', condition: { field: 'latency_p99_ms', operator: '>', value: 40 }, action: 'scale', params: { factor: 1.5 } };
const shrink = { rule_id: 'shrink', type: 'Controller', condition: { all: [{ field: 'latency_p99_ms', operator: '<', value: 20 }, { field: 'slo_state', operator: '==', value: 'ok' }] }, action: { action: 'scale', params: { delta: -1 } } };
const halve = { rule_id: 'halve', type: 'Controller', condition: { field: 'busy', operator: '<', value: 1 }, action: 'scale', params: { factor: 0.5 } };
const pin = { rule_id: 'pin', type: 'Controller', condition: { field: 'queue_wait_ms', operator: '>', value: 10 }, action: 'set_param', params: { name: 'workers', value: 20 } };
const other = { rule_id: 'other', type: 'Controller', condition: { field: 'queue_wait_ms', operator: '>', value: 10 }, action: 'set_param', params: { name: 'cache_size', value: 500 } };
const toMax = { rule_id: 'to-max', when: [{ bind: 'c', type: 'Controller', condition: { field: 'error_rate', operator: '>', value: 0.05 } }], action: 'scale', params: { value: '$c.max' } };

const step = (signals: Record<string, number>, state: Step['state'] = 'ok') => contextOf({ signals: { busy: 4, queue_wait_ms: 0, error_rate: 0, ...signals }, state }, {}, 0, 8);

test('rules: a real rule fires scale ×1.5 on the Controller fact, again at every decision while it holds', async () => {
  const { policy } = setup([grow, shrink]);
  const first = await policy.decide(step({ latency_p99_ms: 52 }, 'violated'));
  assert.equal(first.value, 12);
  assert.match(first.reason, /rule grow fired \(latency_p99_ms 52, SLO violated\): scale ×1\.5 → workers 8 → 12/);
  const again = await policy.decide(step({ latency_p99_ms: 52 }, 'violated'));
  assert.equal(again.value, 12, 'the same facts fire again: one evaluation per decision');
  const down = await policy.decide(step({ latency_p99_ms: 15 }));
  assert.equal(down.value, 7, down.reason);
  const quiet = await policy.decide(step({ latency_p99_ms: 30 }));
  assert.equal(quiet.value, null);
  assert.match(quiet.reason, /no rule fired on Controller c-1 \(workers 8, latency_p99_ms 30, SLO ok\)/);
});

test('rules: several firings: the largest increase wins, else the mildest decrease', async () => {
  const { policy } = setup([grow, shrink, halve, pin, other]);
  const ups = await policy.decide(step({ latency_p99_ms: 52, queue_wait_ms: 15 }, 'violated'));
  assert.equal(ups.value, 20, ups.reason);
  assert.match(ups.reason, /rule pin fired .*= 20 → workers 8 → 20; 2 rules fired \(grow ×1\.5 → 12\): the largest increase wins/);
  const downs = await policy.decide(step({ latency_p99_ms: 15, busy: 0.5 }));
  assert.equal(downs.value, 7, downs.reason);
  assert.match(downs.reason, /rule shrink fired.*2 rules fired \(halve ×0\.5 → 4\): the mildest decrease wins/);
});

test('rules: scale {value: "$c.max"} resolves from the fact; set_param for another parameter is ignored', async () => {
  const { policy } = setup([toMax, other]);
  const max = await policy.decide(step({ latency_p99_ms: 30, error_rate: 0.1 }));
  assert.equal(max.value, 64);
  const ignored = await policy.decide(step({ latency_p99_ms: 30, queue_wait_ms: 15 }));
  assert.equal(ignored.value, null, ignored.reason);
});

test('rules: the Controller fact carries the SLO and every signal with its ewma; close() retracts it', async () => {
  const { policy, service } = setup([grow]);
  const context = step({ latency_p99_ms: 52 }, 'violated');
  context.analysis.signals.latency_p99_ms!.ewma = 47;
  const fact = controllerFact(context, { id: 'c-1', target: 'example' });
  assert.deepEqual(
    { id: fact.id, target: fact.target, parameter: fact.parameter, value: fact.value, slo_metric: fact.slo_metric, slo_limit: fact.slo_limit, slo_value: fact.slo_value, slo_state: fact.slo_state, p99: fact.latency_p99_ms, ewma: fact.latency_p99_ms_ewma, wait: fact.queue_wait_ms },
    { id: 'c-1', target: 'example', parameter: 'workers', value: 8, slo_metric: 'latency_p99_ms', slo_limit: 40, slo_value: 52, slo_state: 'violated', p99: 52, ewma: 47, wait: 0 },
  );
  await policy.decide(context);
  assert.equal(service.engine.getFact('Controller', 'c-1')?.fields.latency_p99_ms, 52);
  policy.close();
  assert.equal(service.engine.getFact('Controller', 'c-1'), undefined);
});

test("rules: two controllers share the engine; each decision sees only its own fact's requests", async () => {
  const { bridge, service } = setup([grow]);
  const one = new RulesPolicy(bridge, { id: 'c-1', target: 'a' });
  const two = new RulesPolicy(bridge, { id: 'c-2', target: 'b' });
  assert.equal((await one.decide(step({ latency_p99_ms: 52 }, 'violated'))).value, 12);
  assert.equal((await two.decide(step({ latency_p99_ms: 30 }))).value, null, 'c-1 still matches grow, but its firing is not c-2s');
  assert.equal(service.engine.facts().filter((f) => f.type === 'Controller').length, 2);
});

test('rules: a scale action with bad params fails in the engine log and proposes nothing', async () => {
  const { policy, service } = setup([{ ...grow, params: { factor: 1.5, delta: 1 } }]);
  const proposal = await policy.decide(step({ latency_p99_ms: 52 }, 'violated'));
  assert.equal(proposal.value, null);
  assert.ok(service.recentLog().some((line) => /scale needs exactly one of params\.factor, params\.delta, params\.value/.test(line)), service.recentLog().join('\n'));
});
