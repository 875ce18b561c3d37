import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CallPacer } from '../../server/slack/call-pacer.ts';

test('CallPacer spaces calls of a method (postMessage per channel) and leaves unpaced methods alone', async () => {
  let now = 1000;
  const slept: number[] = [];
  const pacer = new CallPacer({
    intervals: { 'chat.update': 1200, 'chat.postMessage': 1000 },
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
    },
  });
  await Promise.all([pacer.wait('chat.update'), pacer.wait('chat.update'), pacer.wait('chat.update')]);
  assert.deepEqual(slept, [1200, 2400], 'the 2nd and 3rd concurrent edits wait for their slots');
  slept.length = 0;
  await pacer.wait('chat.postMessage', 'C1');
  await pacer.wait('chat.postMessage', 'C2');
  await pacer.wait('chat.postMessage', 'C1');
  assert.deepEqual(slept, [1000], 'channels are paced separately');
  slept.length = 0;
  now += 10_000;
  await pacer.wait('chat.update');
  await pacer.wait('auth.test');
  assert.deepEqual(slept, [], 'after a quiet period, no wait; unknown methods are not paced');
});
