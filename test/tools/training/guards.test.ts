import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { checkFinite, isOutOfMemory, memoryLimit, startTimeLimit } from '../../../tools/training/guards.ts';
import { FAILURE_EXIT_CODES, parseTrialFailure, type TrialFailure } from '../../../tools/training/trial-io.ts';

const fixture = fileURLToPath(new URL('./fixtures/guarded-trial.ts', import.meta.url));

function run(params: Record<string, unknown>, env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', fixture], { input: JSON.stringify(params), encoding: 'utf8', env: { ...process.env, TUNECHAT_PARAMS: '', ...env } });
  return { status: result.status, failure: parseTrialFailure(result.stderr), stdout: result.stdout, stderr: result.stderr };
}

test('checkFinite: NaN and Infinity fail with nan_loss and the epoch', () => {
  checkFinite(0.5, 1);
  assert.throws(() => checkFinite(Number.NaN, 4), (e: TrialFailure) => e.code === 'nan_loss' && e.details.epoch === 4 && /NaN at epoch 4/.test(e.message));
  assert.throws(() => checkFinite(Number.POSITIVE_INFINITY, 1), /Infinity/);
});

test('time limit: from the option or the environment, checked against an injected clock', () => {
  let now = 0;
  const limit = startTimeLimit({ seconds: 2, now: () => now, timer: false });
  limit.check(1);
  now = 2500;
  assert.throws(() => limit.check(3), (e: TrialFailure) => e.code === 'time_limit' && e.details.epoch === 3);
  const previous = process.env.TUNECHAT_TRIAL_TIME_LIMIT_S;
  process.env.TUNECHAT_TRIAL_TIME_LIMIT_S = '7';
  try {
    assert.equal(startTimeLimit({ timer: false }).seconds, 7);
    assert.equal(startTimeLimit({ seconds: 3, timer: false }).seconds, 3);
  } finally {
    if (previous === undefined) delete process.env.TUNECHAT_TRIAL_TIME_LIMIT_S;
    else process.env.TUNECHAT_TRIAL_TIME_LIMIT_S = previous;
  }
  assert.equal(startTimeLimit({ timer: false }).seconds, previous ? Number(previous) : null);
});

test('memory limit compares resident memory with the budget', () => {
  memoryLimit(100, () => 50 * 2 ** 20).check(1);
  assert.throws(() => memoryLimit(100, () => 150 * 2 ** 20).check(2), (e: TrialFailure) => e.code === 'out_of_memory' && e.details.rss_mb === 150);
  assert.equal(memoryLimit(undefined, () => 1e12).megabytes ?? null, Number(process.env.TUNECHAT_TRIAL_MEMORY_LIMIT_MB) || null);
});

test('isOutOfMemory recognises real allocation failures and not other errors', () => {
  let real: unknown;
  try {
    new ArrayBuffer(2 ** 45);
  } catch (error) {
    real = error;
  }
  assert.ok(real, 'allocating 32 TiB should fail');
  assert.ok(isOutOfMemory(real), String(real));
  assert.ok(isOutOfMemory(new Error('Aborted(Cannot enlarge memory arrays to size 3000000000 bytes (OOM))')));
  assert.ok(!isOutOfMemory(new Error('shapes [2,3] and [4] are not compatible')));
});

test('in a trial process each reason exits with its code and a one-line reason', () => {
  const nan = run({ mode: 'nan' });
  assert.equal(nan.status, FAILURE_EXIT_CODES.nan_loss);
  assert.equal(nan.failure?.code, 'nan_loss');
  assert.equal(nan.failure?.details.epoch, 2);
  assert.equal(nan.stdout.trim().split('\n').length, 1, 'epoch 1 was reported before the NaN');

  const slow = run({ mode: 'slow', epochs: 10, time_limit_s: 0.5 });
  assert.equal(slow.status, FAILURE_EXIT_CODES.time_limit, slow.stderr);
  assert.equal(slow.failure?.code, 'time_limit');

  const alloc = run({ mode: 'alloc' });
  assert.equal(alloc.status, FAILURE_EXIT_CODES.out_of_memory, alloc.stderr);
  assert.match(alloc.failure!.message, /allocation failed/);

  const budget = run({ memory_limit_mb: 1 });
  assert.equal(budget.status, FAILURE_EXIT_CODES.out_of_memory);
  assert.equal(budget.failure?.details.memory_limit_mb, 1);
});
