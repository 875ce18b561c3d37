import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { UIMessageChunk } from 'ai';
import { ProgressThrottle } from '../../../server/chat/progress-throttle.ts';

const snap = (id: string, done: number) => ({ type: 'tool-output-available', toolCallId: id, output: { done }, preliminary: true }) as UIMessageChunk;
const label = (c: UIMessageChunk) => {
  const x = c as UIMessageChunk & { toolCallId?: string; output?: { done?: number }; preliminary?: boolean };
  return x.type === 'tool-output-available' ? `${x.toolCallId}:${x.preliminary ? 'p' : 'final'}${x.output?.done ?? ''}` : x.type;
};

describe('ProgressThrottle', () => {
  test('passes the first snapshot, keeps only the latest within the interval, and drops it when the final output comes', () => {
    let now = 0;
    const out: UIMessageChunk[] = [];
    const t = new ProgressThrottle((c) => out.push(c), () => now, 250);
    t.push(snap('a', 1));
    now = 10;
    t.push(snap('a', 2));
    t.push({ type: 'text-delta', id: 'x', delta: 'hi' });
    t.push(snap('a', 3));
    now = 300;
    t.push(snap('a', 4)); // interval passed: goes out at once, replacing the pending 3
    now = 320;
    t.push(snap('a', 5));
    t.push({ type: 'tool-output-available', toolCallId: 'a', output: { done: 6 } } as UIMessageChunk);
    t.close();
    assert.deepEqual(out.map(label), ['a:p1', 'text-delta', 'a:p4', 'a:final6']);
  });

  test('a pending snapshot goes out after its interval, and before finish/abort', async () => {
    const out: UIMessageChunk[] = [];
    const t = new ProgressThrottle((c) => out.push(c), () => performance.now(), 30);
    t.push(snap('a', 1));
    t.push(snap('a', 2));
    await new Promise((r) => setTimeout(r, 80));
    assert.deepEqual(out.map(label), ['a:p1', 'a:p2']);
    t.push(snap('b', 1));
    t.push(snap('b', 2));
    t.push({ type: 'abort' } as UIMessageChunk);
    t.close();
    assert.deepEqual(out.map(label), ['a:p1', 'a:p2', 'b:p1', 'b:p2', 'abort']);
  });

  test('snapshots of different tool calls are throttled independently', () => {
    const out: UIMessageChunk[] = [];
    const t = new ProgressThrottle((c) => out.push(c), () => 0, 250);
    t.push(snap('a', 1));
    t.push(snap('b', 1));
    t.push(snap('a', 2));
    t.close();
    assert.deepEqual(out.map(label), ['a:p1', 'b:p1']);
  });
});
