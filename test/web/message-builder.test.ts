import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MessageBuilder } from '../../web/message-builder.ts';
import { readStudyProgress, toolCardHtml } from '../../web/tool-card.ts';

describe('MessageBuilder', () => {
  test('builds text and tool parts from chunks like the AI SDK does', () => {
    const b = new MessageBuilder();
    const chunks = [
      { type: 'start', messageId: 'm1' },
      { type: 'tool-input-start', toolCallId: 't1', toolName: 'start_study' },
      { type: 'tool-input-delta', toolCallId: 't1', inputTextDelta: '{"target":' },
      { type: 'tool-input-available', toolCallId: 't1', toolName: 'start_study', input: { target: 'branin' } },
      { type: 'tool-output-available', toolCallId: 't1', output: { trials_done: 5, n_trials: 40 }, preliminary: true },
      { type: 'tool-output-available', toolCallId: 't1', output: { trials_done: 40, n_trials: 40 } },
      { type: 'text-start', id: 'x' },
      { type: 'text-delta', id: 'x', delta: 'Best ' },
      { type: 'text-delta', id: 'x', delta: 'is 0.398' },
      { type: 'text-end', id: 'x' },
      { type: 'finish' },
    ];
    for (const c of chunks) b.apply(c);
    assert.equal(b.message.id, 'm1');
    assert.equal(b.message.streaming, false);
    assert.deepEqual(b.message.parts, [
      { type: 'tool-start_study', toolCallId: 't1', toolName: 'start_study', state: 'output-available', inputText: '{"target":', input: { target: 'branin' }, output: { trials_done: 40, n_trials: 40 }, preliminary: false },
      { type: 'text', text: 'Best is 0.398', state: 'done' },
    ]);
  });

  test('errors and aborts are kept in metadata', () => {
    const b = new MessageBuilder();
    b.apply({ type: 'tool-input-available', toolCallId: 't', toolName: 'x', input: {} });
    b.apply({ type: 'tool-output-error', toolCallId: 't', errorText: 'boom' });
    b.apply({ type: 'error', errorText: 'model down' });
    b.apply({ type: 'abort' });
    assert.equal(b.message.parts[0]!.state, 'output-error');
    assert.equal(b.message.parts[0]!.errorText, 'boom');
    assert.deepEqual(b.message.metadata, { errors: ['model down'], aborted: true });
    assert.equal(b.message.streaming, false);
  });
});

describe('tool cards', () => {
  test('read study progress from differently named fields', () => {
    assert.deepEqual(readStudyProgress({ trials_done: 12, n_trials: 40, best: { value: 0.5, params: { x: 1 } }, status: 'running' }), {
      done: 12, total: 40, best: 0.5, bestParams: { x: 1 }, status: 'running', metrics: [], front: null,
    });
    assert.deepEqual(readStudyProgress({ study: { counts: { complete: 30, pruned: 5, running: 2 }, budget: { trials: 40 }, best_value: 1.5 } }), {
      done: 35, total: 40, best: 1.5, bestParams: null, status: null, metrics: [], front: null,
    });
    // The optimizer's study summary shape.
    assert.deepEqual(
      readStudyProgress({ status: 'running', trials: { total: 22, budget: 40, running: 1, complete: 18, pruned: 2, failed: 1 }, best: { values: [0.43], params: { x0: 9.4 } } }),
      { done: 21, total: 40, best: 0.43, bestParams: { x0: 9.4 }, status: 'running', metrics: [], front: null },
    );
    // wait_for_study's live snapshot.
    assert.deepEqual(
      readStudyProgress({ status: 'running', done: 129, total: 3000, complete: 129, best: { values: [-3.32], params: { x0: 0.2 } } }),
      { done: 129, total: 3000, best: -3.32, bestParams: { x0: 0.2 }, status: 'running', metrics: [], front: null },
    );
    assert.equal(readStudyProgress({ n_trials: 40, importances: [] }), null, 'a trial count alone is not progress');
    assert.equal(readStudyProgress({ ok: true }), null);
    assert.equal(readStudyProgress('text'), null);
  });

  test('render state, escaped input, progress bar, and model-fixable failures', () => {
    const running = toolCardHtml({ type: 'tool-start_study', toolCallId: 't', state: 'output-available', preliminary: true, input: { target: '<b>' }, output: { trials_done: 10, n_trials: 40 } });
    assert.match(running, /class="tool-card state-output-available running"/);
    assert.match(running, /10 \/ 40 trials/);
    assert.match(running, /width:25\.0%/);
    assert.ok(running.includes('&lt;b&gt;') && !running.includes('<b>'));
    const failed = toolCardHtml({ type: 'tool-start_study', toolCallId: 't', state: 'output-available', output: { ok: false, error: { code: 'invalid_argument', message: 'trials must be ≥ 1, got 0' } } });
    assert.match(failed, /tool-error">invalid_argument: trials must be ≥ 1, got 0/);
    const cut = toolCardHtml({ type: 'tool-wait_for_study', toolCallId: 't', state: 'output-available', preliminary: true, output: { done: 5, total: 40 } }, { messageDone: true });
    assert.match(cut, /class="tool-card state-output-available"/);
    assert.match(cut, /interrupted/);
    const thrown = toolCardHtml({ type: 'tool-x', toolCallId: 't', state: 'output-error', errorText: 'disk full' });
    assert.match(thrown, /failed/);
    assert.match(thrown, /disk full/);
  });
});
