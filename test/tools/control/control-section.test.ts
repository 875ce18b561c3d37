import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { ToolError } from '../../../tools/common/errors.ts';
import { parseControlSection } from '../../../tools/control/control-section.ts';

const valid = () => ({
  metrics: { type: 'prometheus', url: 'http://127.0.0.1:8090/metrics', signals: { latency: 'example_request_duration_seconds', errors: 'example_request_errors_total{code="500"}' }, window_s: 5 },
  parameters: {
    workers: { min: 1, max: 64, actuator: { type: 'http', url: 'http://127.0.0.1:8090/control', method: 'PUT' } },
    ratio: { min: 0.1, max: 0.9, integer: false, actuator: { type: 'command', command: ['./set-ratio.sh', '--to={value}'] } },
    threads: { min: 1, max: 8, actuator: { type: 'restart', command: ['node', 'server.js', '--threads', '{value}', '--port', '{port}'], health_url: 'http://127.0.0.1:{port}/health' } },
  },
});

function rejects(mutate: (section: ReturnType<typeof valid> & Record<string, any>) => void, field: string, pattern: RegExp): void {
  const section = valid() as ReturnType<typeof valid> & Record<string, any>;
  mutate(section);
  assert.throws(
    () => parseControlSection(section),
    (e: unknown) => ToolError.isInstance(e) && e.code === 'invalid_argument' && e.details.parameter === field && e.message.startsWith(`${field}: `) && pattern.test(e.message),
  );
}

describe('parseControlSection', () => {
  test('accepts a full section and the repository example', () => {
    assert.deepEqual(parseControlSection(valid()), valid());
    assert.deepEqual(parseControlSection({ metrics: { type: 'load' }, parameters: valid().parameters }).metrics, { type: 'load' });
    const config = JSON.parse(readFileSync(new URL('../../../tunechat.json', import.meta.url), 'utf8')) as { targets: { control?: unknown }[] };
    const sections = config.targets.filter((t) => t.control);
    assert.ok(sections.length > 0);
    for (const t of sections) assert.ok(parseControlSection(t.control).parameters);
  });

  test('errors name the field', () => {
    rejects((s) => (s.parameters.workers.min = 'one' as never), 'parameters.workers.min', /number/);
    rejects((s) => (s.parameters.workers.min = 100), 'parameters.workers.min', /min must be ≤ max, got min 100 > max 64/);
    rejects((s) => (s.parameters.workers.max = 8.5), 'parameters.workers.max', /whole-number bounds, got min 1, max 8\.5/);
    rejects((s) => (s.metrics.type = 'statsd'), 'metrics.type', /./);
    rejects((s) => delete (s.metrics as { url?: string }).url, 'metrics.url', /./);
    rejects((s) => ((s.metrics.signals as Record<string, string>).latnecy = 'x'), 'metrics.signals', /latnecy/);
    rejects((s) => (s.parameters.workers.actuator = { type: 'http' } as never), 'parameters.workers.actuator.url', /./);
    rejects((s) => (s.parameters.ratio.actuator.command = ['./set-ratio.sh']), 'parameters.ratio.actuator.command', /must contain \{value\}/);
    rejects((s) => (s.parameters.threads.actuator.command = []), 'parameters.threads.actuator.command', /at least the program/);
    rejects((s) => (s.parameters = {} as never), 'parameters', /at least one parameter/);
    rejects((s) => ((s.parameters as Record<string, unknown>)['bad name!'] = s.parameters.workers), 'parameters.bad name!', /parameter name/);
  });

  test('size limits', () => {
    rejects((s) => (s.metrics.url = `http://127.0.0.1/${'a'.repeat(2100)}`), 'metrics.url', /at most 2048 characters/);
    rejects((s) => (s.parameters.ratio.actuator.command = Array.from({ length: 65 }, () => '{value}')), 'parameters.ratio.actuator.command', /at most 64 entries/);
    rejects((s) => (s.parameters = Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`p${i}`, valid().parameters.workers])) as never), 'parameters', /at most 16 parameters/);
  });
});
