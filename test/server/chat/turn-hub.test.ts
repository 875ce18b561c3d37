import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { UIMessageChunk } from 'ai';
import { runChatTurn } from '../../../server/chat/run-turn.ts';
import { TurnHub } from '../../../server/chat/turn-hub.ts';
import { scriptedModel } from '../../support/mock-model.ts';
import { createTestServices } from '../../support/test-services.ts';

const WORDS = Array.from({ length: 60 }, (_, i) => `w${i}`).join(' ');

function makeHub() {
  const services = createTestServices(scriptedModel([{ text: WORDS }], { chunkDelayInMs: 3 }));
  const outcomes: string[] = [];
  const hub = new TurnHub(services, { turnEnd: (o) => outcomes.push(o) }, (turn) => runChatTurn({ ...turn, tools: {} }));
  return { services, hub, outcomes };
}

describe('TurnHub', () => {
  test('a follower attaching mid-turn from liveFrom sees the whole turn exactly once', async () => {
    const { hub, outcomes } = makeHub();
    const seen: number[] = [];
    let resolveMid!: () => void;
    const mid = new Promise<void>((r) => (resolveMid = r));
    const started = hub.start({ sessionId: null, text: 'hi' }, { chunk: (_c, s) => s === 10 && resolveMid(), end: () => {} });
    assert.equal(hub.isActive(started.sessionId), true);
    await mid;
    const from = hub.liveFrom(started.sessionId);
    assert.equal(from, 0, 'the first turn of a session starts after sequence 0');
    let startedTurn = '';
    let ended = false;
    const following = hub.follow(started.sessionId, from!, {
      start: (turnId) => (startedTurn = turnId),
      chunk: (_c: UIMessageChunk, s: number) => seen.push(s),
      end: () => (ended = true),
    });
    assert.equal(following?.turnId, started.turnId);
    assert.equal(startedTurn, started.turnId);
    const result = await started.done;
    assert.ok(result && !result.aborted);
    assert.equal(ended, true);
    assert.deepEqual(seen, seen.map((_, i) => i + 1), 'no gap, no duplicate');
    assert.equal(hub.isActive(started.sessionId), false);
    assert.equal(hub.liveFrom(started.sessionId), null);
    assert.deepEqual(outcomes, ['completed']);
  });

  test('one turn per session; abort ends it as aborted; unknown sessions and blank text are refused', async () => {
    const { hub, outcomes } = makeHub();
    const first = hub.start({ sessionId: null, text: 'one' });
    assert.throws(() => hub.start({ sessionId: first.sessionId, text: 'two' }), /already has a running turn/);
    assert.throws(() => hub.start({ sessionId: 'missing', text: 'x' }), /session "missing" does not exist/);
    assert.throws(() => hub.start({ sessionId: null, text: '   ' }), /non-empty message/);
    assert.equal(hub.abort(first.sessionId), true);
    const result = await first.done;
    assert.equal(result?.aborted, true);
    assert.equal(hub.abort(first.sessionId), false, 'nothing left to abort');
    assert.deepEqual(outcomes, ['aborted']);
    assert.equal(hub.follow(first.sessionId, 10_000, { chunk: () => {}, end: () => {} }), null, 'nothing to replay, no live turn');
  });
});
