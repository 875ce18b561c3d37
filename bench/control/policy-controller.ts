import { readFileSync } from 'node:fs';
import { systemClock } from '../../tools/common/clock.ts';
import { createActuator } from '../../tools/control/actuators/index.ts';
import { resolveSettings } from '../../tools/control/controller-defaults.ts';
import { Controller } from '../../tools/control/controller.ts';
import { createPolicy, createRulesBridge } from '../../tools/control/policies/index.ts';
import { createSource } from '../../tools/control/sources/index.ts';
import type { ControlSection, DecisionRecord, PolicyName } from '../../tools/control/types.ts';
import { openDatabase } from '../../db/open.ts';
import { RuleStore } from '../../db/rule-store.ts';
import { RuleService } from '../../tools/rules/rule-service.ts';
import { BENCH_DEFAULTS, type ControlBenchOptions } from './options.ts';
import type { RunSpec, RunningControl } from './run-one.ts';
import type { RunDecision } from './run-result.ts';

/** The `rules` policy's rule set (bench/control/rules.json). */
const RULES_FILE = new URL('./rules.json', import.meta.url);
/** Most changes kept per run for the report (a flapping policy would otherwise fill the JSON). */
const MAX_CHANGES_LOGGED = 200;

/** The example service's control section (as in tunechat.json), pointed at this run's port. */
export function exampleControlSection(base: string, bounds: { min: number; max: number }): ControlSection {
  return {
    metrics: {
      type: 'prometheus',
      url: `${base}/metrics`,
      signals: {
        latency: 'example_request_duration_seconds',
        queue_wait: 'example_queue_wait_seconds',
        service: 'example_backend_duration_seconds',
        inflight: 'example_inflight_requests',
        busy: 'example_busy_workers',
        errors: 'example_request_errors_total',
      },
      window_s: BENCH_DEFAULTS.sourceWindowS,
    },
    parameters: { workers: { min: bounds.min, max: bounds.max, actuator: { type: 'http', url: `${base}/control`, method: 'PUT' } } },
  };
}

/** The `rules` policy's engine: an in-memory rule store loaded with bench/control/rules.json. */
function rulesEngine(): { bridge: ReturnType<typeof createRulesBridge>; close(): void } {
  const db = openDatabase(':memory:');
  const service = new RuleService({ store: new RuleStore(db), clock: systemClock });
  const file = JSON.parse(readFileSync(RULES_FILE, 'utf8')) as { rules: unknown[] };
  for (const rule of file.rules) service.addRule(rule);
  return {
    bridge: createRulesBridge(service),
    close: () => {
      service.close();
      db.close();
    },
  };
}

/**
 * A run driven by `policy` through the real Controller (the same loop, source, actuator and defaults that
 * start_controller uses; no SQLite manager): SLO latency_p99_ms < the bench's SLO, parameter workers.
 */
export function policyRunSpec(policy: PolicyName, options: ControlBenchOptions, progress: (line: string) => void): RunSpec {
  const policyOptions = options.policyOptions[policy];
  return {
    kind: 'policy',
    policy,
    ...(policyOptions ? { options: policyOptions } : {}),
    start: async ({ base }): Promise<RunningControl> => {
      const section = exampleControlSection(base, options.bounds);
      const rules = policy === 'rules' ? rulesEngine() : null;
      const decisions: DecisionRecord[] = [];
      const notes: string[] = [];
      const spec = { target: 'example-service', metric: 'latency_p99_ms', slo: { op: '<' as const, value: options.sloP99Ms }, parameter: 'workers', bounds: options.bounds, policy };
      const source = createSource(section.metrics, { clock: systemClock });
      const controller = new Controller({
        id: `bench-${policy}`,
        target: spec.target,
        parameter: 'workers',
        slo: { metric: spec.metric, ...spec.slo },
        bounds: options.bounds,
        integer: true,
        policy: createPolicy(policy, { ...(policyOptions ? { options: policyOptions } : {}), ...(rules ? { rules: rules.bridge, controller: { id: `bench-${policy}`, target: spec.target } } : {}) }),
        policy_reason: 'asked for (bench:control)',
        settings: resolveSettings(spec, options.controllerSettings),
        source,
        actuator: createActuator('workers', section.parameters.workers!.actuator, { clock: systemClock }),
        clock: systemClock,
        session_id: null,
        observer: {
          decision: (record) => {
            decisions.push(record);
            if (record.outcome === 'failed' || record.outcome === 'held') {
              if (notes.length < 5) notes.push(`${record.outcome}: ${record.reason}`);
            }
          },
          status: () => undefined,
        },
      });
      await controller.start();
      return {
        stop: async (measuredFrom) => {
          await controller.stop('bench run over');
          await controller.done().catch((error: unknown) => notes.push(`the loop failed: ${(error as Error).message}`));
          source.close?.();
          rules?.close();
          const measured = decisions.filter((d) => d.at >= measuredFrom);
          const changes = measured.filter((d) => d.outcome === 'applied' || d.outcome === 'rolled_back');
          const logged = measured.filter((d) => d.from !== d.to || d.outcome === 'failed').slice(0, MAX_CHANGES_LOGGED);
          const changesLog: RunDecision[] = logged.map((d) => ({ t_s: Math.round((d.at - measuredFrom) / 100) / 10, from: d.from, to: d.to, outcome: d.outcome, reason: d.reason }));
          const rolledBack = measured.filter((d) => d.outcome === 'rolled_back').length;
          if (rolledBack > 0) notes.push(`${rolledBack} rollbacks`);
          progress(`  ${policy}: ${measured.length} decisions, ${changes.length} changes`);
          return { decisions: measured.length, changes: changes.length, changes_log: changesLog, notes };
        },
      };
    },
  };
}
