import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ChatStore } from '../../db/chat-store.ts';
import { createModel } from '../../server/agent/model.ts';
import { runChatTurn } from '../../server/chat/run-turn.ts';
import { EXAMPLE_POLICY } from '../../tools/iam/catalog-docs.ts';
import { userPrincipal } from '../../tools/iam/principals.ts';
import { createTestServices } from '../support/test-services.ts';
import { messageText, toolCalls } from './support/turns.ts';

/**
 * Issue 16 through the real toolset (server/agent/toolset.ts, no tools injected, no dry run): a user's tool call is
 * decided by the policies before it runs, the denial carries the deciding statement's condition (toolset's
 * `explain`), and the offline model says in words what the policy limits and what would pass.
 */
test("a user's denied call is explained with the policy's limit, and audited with its context", async () => {
  const services = createTestServices(createModel({ kind: 'local' }));
  try {
    services.iam.addUser('alice', { groups: ['tuners'] });
    services.iam.putPolicy('tuners', JSON.stringify(EXAMPLE_POLICY));
    services.iam.attach('tuners', { group: 'tuners' });
    const alice = userPrincipal(services.iam.getUser('alice')!);
    const session = new ChatStore(services.db).createSession({ title: 'iam', source: 'web' });
    const requester = { source: 'web' as const, client: 'ws:1', commands: true, principal: alice, sourceIp: '127.0.0.1' };
    const { message } = await runChatTurn({ services, sessionId: session.id, text: 'tune xgboost for accuracy with 500 trials', requester });
    const calls = toolCalls(message);
    assert.equal(calls[0]?.tool, 'start_study', JSON.stringify(calls));
    const text = messageText(message);
    assert.match(text, /You're not allowed to start a study on xgboost with 500 trials/);
    assert.match(text, /StudiesOnXgboost, allows it only with at most 200 trials/);
    assert.match(text, /try 200 or fewer trials/);
    const [row] = services.audit.query({ principal: 'alice', decision: 'deny' });
    assert.equal(row?.action, 'optimizer:StartStudy');
    assert.equal(row?.resource, 'tunechat:target/xgboost');
    assert.equal(row?.context['optimizer:Trials'], 500);
    assert.equal(row?.source_ip, '127.0.0.1');
    assert.deepEqual(services.audit.verify(), { ok: true, rows: services.audit.query({ limit: 1000 }).length });
  } finally {
    services.db.close();
  }
});
