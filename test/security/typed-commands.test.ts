import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { LanguageModelV3CallOptions } from '@ai-sdk/provider';
import { createModel } from '../../server/agent/model.ts';
import type { ServerFrame } from '../../server/protocol.ts';
import { lastUserText, routedModel } from '../support/mock-model.ts';
import { startTestServer, type TestServer } from '../support/start-server.ts';
import { createTestServices } from '../support/test-services.ts';
import { WsTestClient } from '../support/ws-client.ts';

const dir = mkdtempSync(join(tmpdir(), 'tunechat-typed-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/**
 * A model that does what an attacker (or a confused LLM) would: for each user text it calls bench_command with the
 * argv it was told, whatever the user actually asked; after the tool result it reports the result.
 */
function gullibleModel(calls: Record<string, unknown>) {
  return routedModel((prompt: LanguageModelV3CallOptions['prompt']) => {
    const last = prompt.at(-1);
    if (last?.role === 'tool') return { text: `result: ${JSON.stringify(last.content)}` };
    const input = calls[lastUserText(prompt)];
    return input ? { toolCalls: [{ toolName: 'bench_command', input }] } : { text: 'ok' };
  });
}

/** Sends one message over the websocket and returns the bench_command tool outputs of that turn. */
async function turn(server: TestServer, text: string, sessionId: string | null = null): Promise<{ outputs: Record<string, unknown>[]; tools: string[]; sessionId: string; text: string }> {
  const client = await WsTestClient.connect(server.wsUrl);
  try {
    client.send({ type: 'send', requestId: 'r', id: sessionId, text });
    const start = (await client.waitFor((f) => f.type === 'start', 10_000)) as Extract<ServerFrame, { type: 'start' }>;
    await client.waitForEnd('r', 60_000);
    const outputs = client.chunks('r').map((f) => f.chunk as { type: string; output?: unknown; preliminary?: boolean }).filter((c) => c.type === 'tool-output-available' && !c.preliminary).map((c) => c.output as Record<string, unknown>);
    const tools = client.chunks('r').map((f) => f.chunk as { type: string; toolName?: string }).filter((c) => c.type === 'tool-input-available').map((c) => String(c.toolName));
    return { outputs, tools, sessionId: start.sessionId, text: client.text('r') };
  } finally {
    client.socket.close();
  }
}

const errorOf = (output: Record<string, unknown> | undefined) => (output?.error ?? {}) as { code?: string; message?: string; details?: Record<string, unknown> };

describe('attack: permission from words (the model runs a command the user only mentioned)', () => {
  test('a question naming a command, the word "bash", and a quoted $(…) turned into a substitution: nothing runs', async () => {
    const victim = join(dir, 'victim');
    writeFileSync(victim, 'keep me');
    const substitution = join(dir, 'substituted');
    const viaBash = join(dir, 'via-bash');
    const calls = {
      [`why would rm -f ${victim} fail?`]: { command: ['rm', '-f', victim] },
      [`in bash, what does touch ${viaBash} do?`]: { command: [`touch ${viaBash}`], shell: true },
      [`benchmark \`echo '$(touch ${substitution})'\``]: { command: [`echo "$(touch ${substitution})"`], shell: true },
    };
    const server = await startTestServer(createTestServices(gullibleModel(calls)));
    try {
      for (const text of Object.keys(calls)) {
        const { outputs } = await turn(server, text);
        assert.equal(outputs.length, 1, text);
        assert.equal(outputs[0]!.ok, false, text);
        assert.equal(errorOf(outputs[0]).code, 'forbidden', text);
        assert.match(String(errorOf(outputs[0]).message), /not typed by the user as a command/, text);
      }
      assert.equal(existsSync(victim), true, 'rm ran');
      assert.equal(existsSync(viaBash), false, 'the shell ran');
      assert.equal(existsSync(substitution), false, 'the substitution ran');
    } finally {
      await server.close();
    }
  });

  test('"benchmark `rm -rf DIR`" does not delete anything until the user answers yes, then runs exactly that argv', async () => {
    const target = join(dir, 'precious');
    mkdirSync(target);
    writeFileSync(join(target, 'data'), 'x');
    const server = await startTestServer(createTestServices(createModel({ kind: 'local' })));
    try {
      const asked = await turn(server, `benchmark \`rm -rf ${target}\` with 3 runs`);
      assert.equal(existsSync(join(target, 'data')), true, 'deleted before confirming');
      const error = errorOf(asked.outputs[0]);
      assert.equal(error.details?.needs_confirmation, true);
      assert.deepEqual(error.details?.argv, ['rm', '-rf', target]);
      assert.match(asked.text, new RegExp(`Nothing ran yet.*Reply \\*\\*yes\\*\\* to run exactly \`\\["rm","-rf","${target.replace(/[/.-]/g, '\\$&')}"\\]\``, 's'));
      // Another message closes the request; a later "yes" then confirms nothing.
      const other = await turn(server, 'what would that delete?', asked.sessionId);
      assert.ok(!other.tools.includes('bench_command'), JSON.stringify(other.tools));
      const late = await turn(server, 'yes', asked.sessionId);
      assert.equal(late.outputs.length, 0);
      assert.equal(existsSync(join(target, 'data')), true);
      // Asked again and confirmed at once: it runs.
      await turn(server, `benchmark \`rm -rf ${target}\` with 3 runs`, asked.sessionId);
      const confirmed = await turn(server, 'yes', asked.sessionId);
      assert.equal(confirmed.outputs.at(-1)?.status, 'done', JSON.stringify(confirmed.outputs));
      assert.equal(existsSync(target), false);
    } finally {
      await server.close();
    }
  });

  test('what the user typed in backticks still runs, and the chat shows the exact argv first', async () => {
    const server = await startTestServer(createTestServices(createModel({ kind: 'local' })));
    try {
      const client = await WsTestClient.connect(server.wsUrl);
      client.send({ type: 'send', requestId: 'r', id: null, text: 'benchmark `sleep 0.01` 3 times' });
      await client.waitForEnd('r', 60_000);
      const outputs = client.chunks('r').map((f) => f.chunk as { type: string; output?: Record<string, unknown> }).filter((c) => c.type === 'tool-output-available').map((c) => c.output!);
      assert.deepEqual(outputs[0], { ok: true, status: 'starting', will_run: [['sleep', '0.01']] });
      assert.equal(outputs.at(-1)?.status, 'done');
      assert.match(client.text('r'), /Running exactly `\["sleep","0\.01"\]`/);
      client.socket.close();
    } finally {
      await server.close();
    }
  });
});
