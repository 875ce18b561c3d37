import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { FAILURE_EXIT_CODES, parseTrialFailure, parseTrialParams, TrialFailure } from '../../../tools/training/trial-io.ts';

const defaults = { width: 0.5, depth: 2, name: 'a', smooth: true };
const fixture = fileURLToPath(new URL('./fixtures/guarded-trial.ts', import.meta.url));

function run(params: Record<string, unknown>, env: Record<string, string> = {}) {
  return spawnSync(process.execPath, ['--import', 'tsx', fixture], { input: JSON.stringify(params), encoding: 'utf8', env: { ...process.env, TUNECHAT_PARAMS: '', ...env } });
}

test('params merge over defaults and keep their types', () => {
  assert.deepEqual(parseTrialParams({ depth: 3 }, defaults), { ...defaults, depth: 3 });
  assert.deepEqual(parseTrialParams({}, defaults), defaults);
});

test('unknown keys, wrong types and broken rules name the key and the value', () => {
  assert.throws(() => parseTrialParams({ widht: 1, foo: 2 }, defaults), (e: TrialFailure) => e.code === 'invalid_params' && /"widht", "foo"/.test(e.message) && /known: width/.test(e.message));
  assert.throws(() => parseTrialParams({ depth: '3' }, defaults), /param "depth" must be a number, got "3"/);
  const schema = { depth: { min: 1, max: 4, integer: true }, width: { min: 0, exclusiveMin: true }, name: { choices: ['a', 'b'] } };
  assert.throws(() => parseTrialParams({ depth: 2.5 }, defaults, schema), /param "depth" must be an integer, got 2.5/);
  assert.throws(() => parseTrialParams({ depth: 9 }, defaults, schema), /param "depth" must be <= 4, got 9/);
  assert.throws(() => parseTrialParams({ width: 0 }, defaults, schema), /param "width" must be > 0, got 0/);
  assert.throws(() => parseTrialParams({ name: 'c' }, defaults, schema), /param "name" must be one of \["a","b"\], got "c"/);
  assert.throws(() => parseTrialParams([1], defaults), /must be a JSON object/);
});

test('a trial program reads stdin or TUNECHAT_PARAMS, reports steps and a final line', () => {
  const fromStdin = run({ epochs: 2 });
  assert.equal(fromStdin.status, 0, fromStdin.stderr);
  const lines = fromStdin.stdout.trim().split('\n').map((line) => JSON.parse(line));
  assert.deepEqual(lines, [{ step: 1, metrics: { accuracy: 0.1 } }, { step: 2, metrics: { accuracy: 0.2 } }, { accuracy: 0.9 }]);
  const fromEnv = run({}, { TUNECHAT_PARAMS: JSON.stringify({ epochs: 1 }) });
  assert.equal(fromEnv.stdout.trim().split('\n').length, 2);
});

test('invalid params exit 1 with a one-line JSON reason on stderr', () => {
  const result = run({ epochs: 0 });
  assert.equal(result.status, FAILURE_EXIT_CODES.invalid_params);
  const failure = parseTrialFailure(result.stderr);
  assert.equal(failure?.code, 'invalid_params');
  assert.match(failure!.message, /param "epochs" must be >= 1, got 0/);
});

test('parseTrialFailure finds the reason inside a stderr tail', () => {
  const tail = 'command exited with code 3; stderr tail: tfjs backend: cpu\n{"trial_failure":"nan_loss","message":"loss became NaN at epoch 2","epoch":2}\n';
  assert.deepEqual(parseTrialFailure(tail), { code: 'nan_loss', message: 'loss became NaN at epoch 2', details: { epoch: 2 } });
  assert.equal(parseTrialFailure('nothing here'), null);
});
