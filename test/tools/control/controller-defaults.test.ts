import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ToolError } from '../../../tools/common/errors.ts';
import { CONTROLLER_DEFAULTS, resolveSettings } from '../../../tools/control/controller-defaults.ts';
import type { ControllerSpec } from '../../../tools/control/types.ts';

const spec: ControllerSpec = { target: 'svc', metric: 'latency_p99_ms', slo: { op: '<', value: 40 }, parameter: 'workers' };
const rejects = (fn: () => unknown, field: string, pattern: RegExp) =>
  assert.throws(fn, (e: unknown) => ToolError.isInstance(e) && e.code === 'invalid_argument' && e.details.parameter === field && pattern.test(e.message));

describe('resolveSettings', () => {
  test('defaults, then the spec, then overrides', () => {
    assert.deepEqual(resolveSettings(spec), { ...CONTROLLER_DEFAULTS });
    assert.deepEqual(resolveSettings({ ...spec, period_s: 0.5, dry_run: true }), { ...CONTROLLER_DEFAULTS, period_s: 0.5, dry_run: true });
    assert.equal(resolveSettings(spec, { cooldown_s: 0, period_s: 2 }).period_s, 2);
    assert.equal(resolveSettings(spec, { cooldown_s: 0 }).cooldown_s, 0);
    // A slow loop gets a window long enough for min_samples + 1 periods.
    assert.equal(resolveSettings({ ...spec, period_s: 5 }).window_s, 20);
  });

  test('out of range values name the field, the rule and the value', () => {
    rejects(() => resolveSettings({ ...spec, period_s: 0.05 }), 'period_s', /period_s must be in \[0\.1, 3600\], got 0\.05/);
    rejects(() => resolveSettings({ ...spec, period_s: 4000 }), 'period_s', /got 4000/);
    rejects(() => resolveSettings(spec, { min_samples: 2.5 }), 'min_samples', /whole number, got 2\.5/);
    rejects(() => resolveSettings(spec, { max_step_ratio: 0 }), 'max_step_ratio', /must be in \(0, 100\], got 0/);
    rejects(() => resolveSettings(spec, { stale_after_s: Number.NaN }), 'stale_after_s', /must be a number/);
    rejects(() => resolveSettings(spec, { window_s: 2 }), 'window_s', /at least min_samples \(3\) periods of 1 s = 3 s, got 2 s/);
    rejects(() => resolveSettings(spec, { dry_run: 'yes' as unknown as boolean }), 'dry_run', /true or false/);
  });
});
