import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { UIMessage } from 'ai';
import { runChatTurn } from '../../../server/chat/run-turn.ts';
import { scriptedModel } from '../../support/mock-model.ts';
import { createTestServices } from '../../support/test-services.ts';

const SLACK_ENV = { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'secret' };
const REQUEST = 'time `node -e 0` 2 times';

/** One turn where the model asks bench_command to run the command the user typed; returns the tool part. */
async function benchPart(env: Record<string, string>, source: 'web' | 'slack') {
  const model = scriptedModel([
    { toolCalls: [{ toolName: 'bench_command', input: { command: ['node', '-e', '0'], runs: 2, warmup: 0 } }] },
    { text: 'done' },
  ]);
  const services = createTestServices(model, env);
  try {
    const { message } = await runChatTurn({ services, source, text: REQUEST });
    const part = (message as UIMessage).parts.find((p) => p.type === 'tool-bench_command') as { output?: unknown } | undefined;
    assert.ok(part, 'the turn has a bench_command part');
    return part.output as { ok?: boolean; error?: { code: string; message: string } };
  } finally {
    services.db.close();
  }
}

test('a command the web user typed runs', async () => {
  const output = await benchPart({}, 'web');
  assert.notEqual(output.ok, false, JSON.stringify(output));
});

test('in Slack a typed command is refused unless the operator allows it', async () => {
  const refused = await benchPart(SLACK_ENV, 'slack');
  assert.equal(refused.ok, false);
  // The default policy set decides first (DefaultGuardrails, statement NoTypedCommandsFromSlack); the command gate
  // behind it would refuse as well.
  assert.equal(refused.error?.code, 'access_denied');
  assert.match(refused.error?.message ?? '', /bench:RunCommand .*NoTypedCommandsFromSlack.*DefaultGuardrails/);

  const allowed = await benchPart({ ...SLACK_ENV, SLACK_ALLOW_TYPED_COMMANDS: '1' }, 'slack');
  assert.notEqual(allowed.ok, false, JSON.stringify(allowed));
});
