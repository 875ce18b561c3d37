/**
 * The contract every decision policy meets (one suite over all of them): deterministic for the same inputs,
 * proposals finite or null, a reason in words with a number, no change on a stale source or an SLO in state
 * unknown, and no crash on missing signals: null with a reason naming the missing one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openDatabase } from '../../../../db/open.ts';
import { RuleStore } from '../../../../db/rule-store.ts';
import { ManualClock } from '../../../../tools/common/clock.ts';
import { createPolicy, createRulesBridge } from '../../../../tools/control/policies/index.ts';
import { POLICY_NAMES, type Policy, type PolicyName, type PolicyProposal } from '../../../../tools/control/types.ts';
import { RuleService } from '../../../../tools/rules/rule-service.ts';
import { contextOf, runSteps, type Step } from './synthetic.ts';

function rulesEngine(): RuleService {
  const rules = new RuleService({ store: new RuleStore(openDatabase(':memory:')), clock: new ManualClock(0) });
  rules.addRule({ rule_id: 'grow', type: 'Controller', condition: { field: 'latency_p99_ms', operator: '>', value: 40 }, action: 'scale', params: { factor: 1.5 } });
  rules.addRule({ rule_id: 'shrink', type: 'Controller', condition: { all: [{ field: 'slo_state', operator: '==', value: 'ok' }, { field: 'busy', operator: '<', value: 2 }] }, action: 'scale', params: { delta: -1 } });
  return rules;
}

function make(name: PolicyName): Policy {
  if (name === 'rules') return createPolicy('rules', { rules: createRulesBridge(rulesEngine()), controller: { id: 'c-1', target: 'example' } });
  return createPolicy(name);
}

const FULL = { latency_p99_ms: 30, latency_mean_ms: 9, requests_per_s: 400, error_rate: 0, queue_wait_ms: 0.5, inflight: 6, busy: 4, service_ms: 6, work_per_s: 400 };

/** A load that rises, violates, settles and idles, with gaps: every branch of every policy sees something. */
const SEQUENCE: Step[] = [
  { signals: FULL },
  { signals: { ...FULL, latency_p99_ms: 36 }, state: 'at_risk' },
  { signals: { ...FULL, latency_p99_ms: 55, queue_wait_ms: 12, inflight: 30, busy: 8, service_ms: 9, work_per_s: 880 }, state: 'violated' },
  { signals: { ...FULL, latency_p99_ms: 70, queue_wait_ms: 25, inflight: 60, busy: 8, service_ms: 14, error_rate: 0.01 }, state: 'violated' },
  { signals: { ...FULL, latency_p99_ms: 38, queue_wait_ms: 2, inflight: 12 }, state: 'at_risk' },
  { signals: FULL, stale: true },
  { signals: {}, state: 'unknown', samples: 1 },
  { signals: { ...FULL, latency_p99_ms: 12, queue_wait_ms: 0, inflight: 1, busy: 0.5, service_ms: 6, work_per_s: 60 } },
  { signals: { ...FULL, latency_p99_ms: 11, queue_wait_ms: 0, inflight: 1, busy: 0.4, work_per_s: 50 } },
  { signals: { latency_p99_ms: 10 } },
  ...Array.from({ length: 12 }, (_, i) => ({ signals: { ...FULL, latency_p99_ms: 10 + i, queue_wait_ms: 0, inflight: 1 + i, busy: 1, work_per_s: 100 + 10 * i } })),
];

function checkProposal(name: string, proposal: PolicyProposal, where: string): void {
  assert.ok(proposal.value === null || (typeof proposal.value === 'number' && Number.isFinite(proposal.value)), `${name} ${where}: value ${proposal.value}`);
  assert.ok(proposal.reason.trim().length > 0, `${name} ${where}: empty reason`);
  assert.match(proposal.reason, /\d/, `${name} ${where}: the reason has no number: ${proposal.reason}`);
  for (const [key, value] of Object.entries(proposal.inputs)) assert.ok(Number.isFinite(value), `${name} ${where}: input ${key} = ${value}`);
}

for (const name of POLICY_NAMES) {
  test(`${name}: deterministic, finite or null, reasons with numbers, never a change on stale or unknown`, async () => {
    const first = await runSteps(make(name), SEQUENCE, {}, { follow: true, start: 8 });
    const second = await runSteps(make(name), SEQUENCE, {}, { follow: true, start: 8 });
    assert.deepEqual(first, second, 'the same inputs give the same proposals');
    first.forEach((proposal, i) => checkProposal(name, proposal, `step ${i}`));
    SEQUENCE.forEach((step, i) => {
      if (step.stale || step.state === 'unknown') assert.equal(first[i]!.value, null, `${name} step ${i} (${step.stale ? 'stale' : 'unknown'}): ${first[i]!.reason}`);
    });
    assert.ok(first.some((p) => p.value !== null), `${name} proposed something over the sequence`);
  });

  test(`${name}: a missing signal gives no change, with a reason naming it`, async () => {
    const policy = make(name);
    assert.equal(policy.name, name);
    for (const missing of policy.requires) {
      const signals: Record<string, number> = { ...FULL };
      delete signals[missing];
      const proposal = await make(name).decide(contextOf({ signals, state: 'violated' }));
      checkProposal(name, proposal, `without ${missing}`);
      assert.ok(proposal.reason.includes(missing), `${name}: the reason names ${missing}: ${proposal.reason}`);
      // little documents a fallback (busy / target utilization when no work ran); every other policy holds.
      if (name === 'little') assert.match(proposal.reason, /busy 4\b/, proposal.reason);
      else assert.equal(proposal.value, null, `${name} without ${missing}: ${proposal.reason}`);
    }
    // Only the SLO signal: nothing crashes, and what comes back is well-formed.
    const bare = await make(name).decide(contextOf({ signals: { latency_p99_ms: 50 }, state: 'violated' }));
    checkProposal(name, bare, 'with only the SLO signal');
  });
}
