import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ChatStore } from '../../db/chat-store.ts';
import { openDatabase } from '../../db/open.ts';

function makeStore() {
  let now = 1_000;
  const db = openDatabase(':memory:');
  const store = new ChatStore(db, () => (now += 10));
  return { db, store };
}

describe('ChatStore', () => {
  test('creates, gets, lists newest first, renames and deletes sessions', () => {
    const { store } = makeStore();
    const a = store.createSession({ title: 'first', source: 'cli' });
    const b = store.createSession({ title: 'second', metadata: { dryRun: true } });
    assert.equal(store.getSession(a.id)?.source, 'cli');
    assert.equal(store.getSession(b.id)?.source, 'web');
    assert.deepEqual(store.getSession(b.id)?.metadata, { dryRun: true });
    assert.deepEqual(store.listSessions().map((s) => s.title), ['second', 'first']);
    assert.deepEqual(store.listSessions({ limit: 1 }).map((s) => s.title), ['second']);

    // Activity moves a session to the top.
    store.appendMessage(a.id, { id: 'm1', role: 'user', parts: [] });
    assert.deepEqual(store.listSessions().map((s) => s.title), ['first', 'second']);

    assert.equal(store.renameSession(b.id, 'renamed')?.title, 'renamed');
    assert.equal(store.renameSession('nope', 'x'), null);
    assert.equal(store.deleteSession(a.id), true);
    assert.equal(store.deleteSession(a.id), false);
    assert.equal(store.getSession(a.id), null);
    assert.deepEqual(store.listSessions().map((s) => s.title), ['renamed']);
  });

  test('merges metadata and removes keys set to null', () => {
    const { store } = makeStore();
    const s = store.createSession({ title: 't', metadata: { a: 1, b: 2 } });
    assert.deepEqual(store.setSessionMetadata(s.id, { b: null, c: 'x' })?.metadata, { a: 1, c: 'x' });
    assert.deepEqual(store.getSession(s.id)?.metadata, { a: 1, c: 'x' });
    assert.equal(store.setSessionMetadata('missing', { a: 1 }), null);
  });

  test('appends messages in order and replaces a message saved again with the same id', () => {
    const { store } = makeStore();
    const s = store.createSession({ title: 't' });
    store.appendMessage(s.id, { id: 'u1', role: 'user', parts: [{ type: 'text', text: 'hi' }] });
    store.appendMessage(s.id, { id: 'a1', role: 'assistant', parts: [] });
    store.appendMessage(s.id, { id: 'a1', role: 'assistant', parts: [{ type: 'text', text: 'hello' }] });
    const messages = store.listMessages(s.id);
    assert.deepEqual(messages.map((m) => [m.position, m.id, m.role]), [[0, 'u1', 'user'], [1, 'a1', 'assistant']]);
    assert.deepEqual(messages[1]!.message, { id: 'a1', role: 'assistant', parts: [{ type: 'text', text: 'hello' }] });
    assert.deepEqual(store.listMessages('other'), []);
  });

  test('stores chunks per session and filters by sequence and turn', () => {
    const { store } = makeStore();
    const s = store.createSession({ title: 't' });
    assert.equal(store.lastSequence(s.id), 0);
    for (let i = 1; i <= 5; i++) {
      store.appendChunk({ sessionId: s.id, sequence: i, turnId: i <= 3 ? 'turn-1' : 'turn-2', tMs: i * 1.5, chunk: { type: 'text-delta', delta: `w${i}` } });
    }
    assert.equal(store.lastSequence(s.id), 5);
    assert.deepEqual(store.listChunks(s.id, { afterSequence: 3 }).map((c) => c.sequence), [4, 5]);
    assert.deepEqual(store.listChunks(s.id, { turnId: 'turn-1' }).map((c) => c.chunk), [
      { type: 'text-delta', delta: 'w1' },
      { type: 'text-delta', delta: 'w2' },
      { type: 'text-delta', delta: 'w3' },
    ]);
    assert.equal(store.listChunks(s.id)[0]!.tMs, 1.5);
    assert.throws(() => store.appendChunk({ sessionId: s.id, sequence: 5, turnId: 'x', tMs: 0, chunk: {} }), /UNIQUE|PRIMARY/);
  });

  test('deleting a session deletes its messages and chunks', () => {
    const { db, store } = makeStore();
    const s = store.createSession({ title: 't' });
    store.appendMessage(s.id, { id: 'u1', role: 'user', parts: [] });
    store.appendChunk({ sessionId: s.id, sequence: 1, turnId: 't1', tMs: 0, chunk: { type: 'start' } });
    store.deleteSession(s.id);
    assert.equal(db.prepare('SELECT COUNT(*) FROM messages').pluck().get(), 0);
    assert.equal(db.prepare('SELECT COUNT(*) FROM stream_chunks').pluck().get(), 0);
  });

  test('insertMessageAfter puts a message right after another, moves later ones down, and leaves a stored id alone', () => {
    const { store } = makeStore();
    const s = store.createSession({ title: 's' });
    for (const id of ['u1', 'u2', 'a2']) store.appendMessage(s.id, { id, role: id.startsWith('u') ? 'user' : 'assistant', parts: [] });
    const updatedAt = store.getSession(s.id)!.updatedAt;
    assert.equal(store.insertMessageAfter(s.id, 'u1', { id: 'a1', role: 'assistant', parts: [] }).position, 1);
    assert.deepEqual(store.listMessages(s.id).map((m) => [m.id, m.position]), [['u1', 0], ['a1', 1], ['u2', 2], ['a2', 3]]);
    assert.equal(store.getSession(s.id)!.updatedAt, updatedAt, 'restoring a message is not new activity');
    // Unknown or null anchor: at the end. An id already stored: nothing changes.
    assert.equal(store.insertMessageAfter(s.id, 'nope', { id: 'x', role: 'assistant', parts: [] }).position, 4);
    assert.equal(store.insertMessageAfter(s.id, null, { id: 'y', role: 'assistant', parts: [] }).position, 5);
    assert.deepEqual(store.insertMessageAfter(s.id, 'u1', { id: 'a2', role: 'assistant', parts: [{ type: 'text' }] }).message, { id: 'a2', role: 'assistant', parts: [] });
    assert.deepEqual(store.listMessages(s.id).map((m) => m.id), ['u1', 'a1', 'u2', 'a2', 'x', 'y']);
  });
});
