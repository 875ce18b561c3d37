import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppMetrics } from '../../server/metrics.ts';
import type { Services } from '../../server/services.ts';
import type { ControllerStatus, DecisionRecord } from '../../tools/control/types.ts';
import type { StudySpec } from '../../tools/optimizer/types.ts';
import { startHttpServer } from './http-test-server.ts';

/** Branin's known minimum (≈ 0.3979), enqueued so the alert rule below (value < 0.4) fires on the first trial whatever the sampler draws. */
const BRANIN_OPTIMUM = { x0: Math.PI, x1: 2.275 };

const branin = (trials: number): StudySpec => ({
  name: 'metrics branin',
  space: { x0: { type: 'float', low: -5, high: 10 }, x1: { type: 'float', low: 0, high: 15 } },
  objectives: [{ metric: 'value', direction: 'minimize' }],
  target: { kind: 'builtin', problem: 'branin' },
  sampler: 'random',
  budget: { trials, parallel: 1 },
  seed: 3,
  enqueue: [BRANIN_OPTIMUM],
});

export interface MetricsActivity {
  finishedStudyId: string;
  /** A study still running (an HTTP target that answers in `trialDelayMs`), so its best-value gauge exists; null unless asked for. */
  activeStudyId: string | null;
  benchRunId: string;
  controllerId: string;
  /** Stops the running study and closes the local servers. */
  stop(): Promise<void>;
}

/**
 * Gives every metric area something to show: an alert rule, a finished builtin study (whose first trial fires the rule),
 * (the running study's values stay ≥ 1, so it raises none), an HTTP benchmark against a local server, one controller decision fed to the observer (the ControllerManager's
 * part), and optionally a study that keeps running.
 */
export async function generateMetricsActivity(services: Services, metrics: AppMetrics, options: { activeStudy?: { trialDelayMs: number } } = {}): Promise<MetricsActivity> {
  const closers: (() => Promise<void>)[] = [];
  services.rules.addRule({ rule_id: 'metrics-low-value', condition: { field: 'value', operator: '<', value: 0.4 }, action: 'trigger_alert', params: { message: 'trial {{fact.number}} value {{fact.value}}' } });
  const finished = await services.studies.start(branin(6));
  await services.studies.wait(finished.id);

  const site = await startHttpServer((_req, res) => res.end('ok'));
  closers.push(site.close);
  const bench = await services.bench.runHttp({ url: `${site.url}/`, connections: 2, duration_s: 0.5 });

  const controllerId = 'ctl_metrics_test';
  const observer = metrics.controlObserver();
  const status = (value: number, sloValue: number, state: ControllerStatus['slo_state']): ControllerStatus => ({
    id: controllerId, target: 'example-service', parameter: 'workers', policy: 'hpa', policy_reason: 'asked for',
    slo: { metric: 'latency_p99_ms', op: '<', value: 40 }, bounds: { min: 1, max: 64 }, dry_run: false, state: 'running',
    value, initial_value: 4, slo_value: sloValue, slo_state: state, decisions: 1, changes: value === 4 ? 0 : 1,
    last_decision: null, started_at: Date.now(), stopped_at: null, note: null, session_id: null,
  });
  observer.status(status(4, 52, 'violated'));
  const decision: DecisionRecord = {
    controller_id: controllerId, seq: 1, at: Date.now(), policy: 'hpa', parameter: 'workers', from: 4, to: 6, outcome: 'applied',
    reason: 'p99 52 ms > 40 ms → workers 4 → 6', inputs: { latency_p99_ms: 52, target: 40 }, slo_state: 'violated', slo_value: 52,
  };
  observer.decision(decision);
  observer.status(status(6, 52, 'violated'));

  let activeStudyId: string | null = null;
  if (options.activeStudy) {
    const delay = options.activeStudy.trialDelayMs;
    const evaluator = await startHttpServer((req: IncomingMessage, res: ServerResponse) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        const { params } = JSON.parse(body) as { params: { x: number } };
        setTimeout(() => res.setHeader('content-type', 'application/json').end(JSON.stringify({ value: 1 + (params.x - 0.3) ** 2 })), delay);
      });
    });
    closers.push(evaluator.close);
    const active = await services.studies.start({
      name: 'metrics active', space: { x: { type: 'float', low: -1, high: 1 } }, objectives: [{ metric: 'value', direction: 'minimize' }],
      target: { kind: 'http', url: `${evaluator.url}/evaluate` }, sampler: 'random', budget: { trials: 10_000, parallel: 1 }, seed: 5,
    });
    activeStudyId = active.id;
    // Its best-value gauge appears with its first complete trial: wait for one (bounded).
    const deadline = Date.now() + 10_000;
    while (!services.studies.trials(active.id).some((t) => t.state === 'complete')) {
      if (Date.now() > deadline) throw new Error(`the running study ${active.id} completed no trial in 10 s`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  return {
    finishedStudyId: finished.id,
    activeStudyId,
    benchRunId: bench.id,
    controllerId,
    async stop() {
      if (activeStudyId) await services.studies.stop(activeStudyId).catch(() => undefined);
      for (const close of closers.reverse()) await close();
    },
  };
}
