import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { createApp } from '../../server/app.ts';
import { generateMetricsActivity } from '../support/metrics-activity.ts';
import { scriptedModel } from '../support/mock-model.ts';
import { createTestServices } from '../support/test-services.ts';

const PROMTOOL = '/usr/bin/promtool';
/**
 * prom-client's default metrics name three gauges with a `_total` suffix; promtool always flags them (../shared/ANCHORS.md §4).
 * They are prom-client's standard names (kept so stock Node.js dashboards work), not ours: only these lines are tolerated.
 */
const PROM_CLIENT_FINDINGS = new Set(['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'].map((name) => `${name} non-counter metrics should not have "_total" suffix`));

/** Runs `promtool check metrics` on `text` (stdin), bounded to 20 s. */
function promtoolCheck(text: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(PROMTOOL, ['check', 'metrics'], { stdio: ['pipe', 'pipe', 'pipe'], timeout: 20_000 });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
    child.stdin.end(text);
  });
}

test('promtool check metrics: tunechat\'s /metrics has no finding after a study, a bench, a rule firing and a controller decision', { skip: existsSync(PROMTOOL) ? false : `${PROMTOOL} is missing (Debian package prometheus)` }, async () => {
  const services = createTestServices(scriptedModel([{ text: 'ok' }]));
  const { app, metrics, shutdown } = createApp({ services, tools: {}, processMetrics: true });
  const activity = await generateMetricsActivity(services, metrics, { activeStudy: { trialDelayMs: 20 } });
  try {
    const response = await app.request('/metrics');
    assert.equal(response.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
    const text = await response.text();
    // Every area is in the scrape being linted (otherwise a clean lint would prove little).
    for (const name of ['tunechat_trials_total', 'tunechat_trial_duration_seconds_bucket', 'tunechat_trials_running', 'tunechat_studies', 'tunechat_study_best_value',
      'tunechat_bench_runs_total', 'tunechat_bench_last_latency_p99_seconds', 'tunechat_bench_last_requests_per_second', 'tunechat_rule_activations_total',
      'tunechat_alerts_total', 'tunechat_controller_decisions_total', 'tunechat_controller_parameter_value', 'tunechat_controller_slo_value',
      'tunechat_controller_slo_limit', 'tunechat_controller_slo_state', 'tunechat_controllers', 'tunechat_build_info', 'process_cpu_seconds_total']) {
      assert.match(text, new RegExp(`^${name}[{ ]`, 'm'), `${name} is exported`);
    }
    const { code, output } = await promtoolCheck(text);
    const findings = output.split('\n').map((line) => line.trim()).filter((line) => line !== '');
    const ours = findings.filter((line) => !PROM_CLIENT_FINDINGS.has(line));
    console.log(`promtool check metrics: exit ${code}, ${findings.length} finding(s), ${findings.length - ours.length} of them prom-client's default-metric names; ${text.split('\n').filter((l) => l && !l.startsWith('#')).length} samples linted`);
    assert.deepEqual(ours, [], `promtool findings on tunechat's metrics:\n${ours.join('\n')}`);
    assert.ok(code === 0 || (code === 3 && findings.length > 0), `promtool exit ${code} without a lint finding: ${output}`);
  } finally {
    await activity.stop();
    await shutdown();
    services.db.close();
  }
});
