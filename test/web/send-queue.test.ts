import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SendQueue } from '../../web/send-queue.ts';

/** A page stand-in: one streaming request at a time, a log of what the queue did, timers run by hand. */
function harness(streaming: string | null) {
  const log: string[] = [];
  const timers = new Map<number, { callback: () => void; ms: number }>();
  let nextTimer = 1;
  const page = { streaming };
  const queue = new SendQueue({
    streamingRequest: () => page.streaming,
    abort: (id) => log.push(`abort ${id}`),
    forceEnd: () => {
      log.push('force-end');
      page.streaming = null;
    },
    send: (text) => {
      log.push(`send ${text}`);
      page.streaming = `req-${text}`;
    },
    waitMs: 5000,
    setTimer: (callback, ms) => {
      timers.set(nextTimer, { callback, ms });
      return nextTimer++;
    },
    clearTimer: (handle) => timers.delete(handle as number),
  });
  const flush = () => new Promise((r) => setImmediate(r));
  return { log, timers, page, queue, flush };
}

describe('SendQueue', () => {
  test('nothing streaming: sends at once', async () => {
    const h = harness(null);
    await h.queue.submit('hi');
    assert.deepEqual(h.log, ['send hi']);
  });

  test('an answer streaming: aborts it, waits for its end, then sends', async () => {
    const h = harness('req-1');
    const sent = h.queue.submit('next');
    await h.flush();
    assert.deepEqual(h.log, ['abort req-1']);
    assert.deepEqual([...h.timers.values()].map((t) => t.ms), [5000]);
    h.page.streaming = null;
    h.queue.turnEnded();
    await sent;
    assert.deepEqual(h.log, ['abort req-1', 'send next']);
    assert.equal(h.timers.size, 0, 'the timeout is cleared');
  });

  test('no end within the bound: gives up on the answer, then sends', async () => {
    const h = harness('req-1');
    const sent = h.queue.submit('next');
    await h.flush();
    const [timer] = [...h.timers.values()];
    timer!.callback();
    await sent;
    assert.deepEqual(h.log, ['abort req-1', 'force-end', 'send next']);
  });

  test('two quick submissions run in order: the second stops the first one\'s answer', async () => {
    const h = harness(null);
    const first = h.queue.submit('one');
    const second = h.queue.submit('two');
    await first;
    await h.flush();
    assert.deepEqual(h.log, ['send one', 'abort req-one']);
    h.page.streaming = null;
    h.queue.turnEnded();
    await second;
    assert.deepEqual(h.log, ['send one', 'abort req-one', 'send two']);
  });
});
