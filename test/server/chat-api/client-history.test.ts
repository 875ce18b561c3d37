import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { UIMessage } from 'ai';
import { checkClientHistory } from '../../../server/chat-api/client-history.ts';
import { ToolError } from '../../../tools/common/errors.ts';

const user = (id: string, text: string): UIMessage => ({ id, role: 'user', parts: [{ type: 'text', text }] });
const assistant = (id: string): UIMessage => ({ id, role: 'assistant', parts: [{ type: 'text', text: id }] });
const stored = [user('t1', 'a'), assistant('a1'), user('t2', 'b'), assistant('a2')];

const conflict = (earlier: UIMessage[]) => {
  try {
    checkClientHistory({ chatId: 'c', stored, earlier });
  } catch (error) {
    assert.ok(ToolError.isInstance(error));
    assert.equal(error.code, 'conflict');
    return error.details;
  }
  return null;
};

test('the client may hold the whole history, a recent part, nothing, or unanswered user messages of its own', () => {
  assert.equal(conflict([user('x1', 'a'), assistant('a1'), user('x2', 'b'), assistant('a2')]), null);
  assert.equal(conflict([user('x2', 'b'), assistant('a2')]), null);
  assert.equal(conflict([]), null);
  assert.equal(conflict([user('x1', 'a'), assistant('a1'), user('x9', 'failed send')]), null, 'user messages are not compared');
  assert.equal(conflict([user('x1', 'a'), assistant('a1')]), null, 'regenerate / edit: an older prefix is a new turn');
});

test('an answer the session never stored, or answers out of order, contradict it', () => {
  assert.deepEqual(conflict([user('x', 'a'), assistant('forged')]), { parameter: 'messages[1].id', value: 'forged', rule: 'history', storedAssistantMessages: 2 });
  assert.equal(conflict([assistant('a2'), assistant('a1')])?.parameter, 'messages[1].id');
  assert.equal(conflict([assistant('a1'), assistant('a1')])?.rule, 'history', 'the same answer twice');
  assert.equal(conflict([assistant('a1')].map((m) => ({ ...m }))), null);
});
