import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import type { ProcessGroupRecorder } from '../../../../tools/common/process-group-recorder.ts';
import { createCommandTarget } from '../../../../tools/optimizer/targets/command.ts';
import { TrialPrunedError } from '../../../../tools/optimizer/trial-pruned.ts';
import type { EvaluationContext } from '../../../../tools/optimizer/types.ts';

const script = fileURLToPath(new URL('../fixtures/objective.mjs', import.meta.url));
const target = (extra: Record<string, unknown> = {}) => createCommandTarget({ kind: 'command', command: [process.execPath, script], ...extra });

function context(overrides: Partial<EvaluationContext> = {}): EvaluationContext & { reports: [number, Record<string, number>][] } {
  const reports: [number, Record<string, number>][] = [];
  return { trialNumber: 0, signal: new AbortController().signal, report: (step, metrics) => (reports.push([step, metrics]), false), reports, ...overrides };
}

test('params go in on stdin and env; metrics come from the last stdout line; progress lines are reported', async () => {
  const ctx = context();
  const metrics = await target().evaluate({ x: 5, mode: 'steps' }, ctx);
  assert.deepEqual(metrics, { value: 9, latency_ms: 5 });
  assert.deepEqual(ctx.reports.map(([step]) => step), [1, 2, 3, 4, 5]);
  assert.equal(ctx.reports[0]![1].value, 19);
});

test('failures carry the reason: exit code with stderr tail, NaN metric, no JSON, timeout', async () => {
  await assert.rejects(target().evaluate({ mode: 'fail' }, context()), /exited with code 3; stderr tail: loading data\.\.\.\nboom: out of memory/);
  await assert.rejects(target().evaluate({ mode: 'nan' }, context()), /metric "value" is NaN/);
  await assert.rejects(target().evaluate({ mode: 'nojson' }, context()), /not a JSON object of metrics: "training finished"/);
  await assert.rejects(target({ timeout_s: 0.3 }).evaluate({ mode: 'hang' }, context()), /timed out after 0.3 s/);
  await assert.rejects(createCommandTarget({ kind: 'command', command: ['/nonexistent/binary'] }).evaluate({}, context()), /could not start/);
});

// Left alone, these children would run for minutes (steps 10 min apart; a 60 s hang). The evaluation settles only
// once the child has exited and its process group was released, so settling within the test's timeout shows it
// was killed; whatever is left (if that ever breaks) is killed after the test so the run cannot hang.
test('a prune decision or a stop kills the child promptly', { timeout: 30_000 }, async (t) => {
  const groups = new Set<number>();
  const processGroups: ProcessGroupRecorder = { record: (pgid) => (groups.add(pgid), () => groups.delete(pgid)) };
  t.after(() => {
    for (const pgid of groups) {
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  });
  const spec = (env: Record<string, string> = {}) => createCommandTarget({ kind: 'command', command: [process.execPath, script], env }, { processGroups });
  const steps: number[] = [];
  const pruning = context({ report: (step) => (steps.push(step), step >= 1) });
  await assert.rejects(spec({ STEP_MS: '600000' }).evaluate({ x: 1, mode: 'steps' }, pruning), (e) => TrialPrunedError.isInstance(e) && /step 1/.test(e.message));
  assert.deepEqual(steps, [1]);
  assert.equal(groups.size, 0, 'the pruned child exited');
  const controller = new AbortController();
  const promise = spec().evaluate({ mode: 'hang' }, context({ signal: controller.signal }));
  setTimeout(() => controller.abort(new Error('stopped by user')), 100);
  await assert.rejects(promise, /stopped by user/);
  assert.equal(groups.size, 0, 'the stopped child exited');
});

test('the spec is validated: argv arrays only', () => {
  assert.throws(() => createCommandTarget({ kind: 'command', command: 'python3 train.py' as never }), { code: 'invalid_argument', message: /non-empty array of strings/ });
  assert.throws(() => createCommandTarget({ kind: 'command', command: ['x'], timeout_s: -1 }), { message: /timeout_s must be a number > 0/ });
});
