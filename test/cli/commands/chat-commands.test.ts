import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'tunechat-cli-'));
const env = { ...process.env, TUNECHAT_DB: join(dir, 'test.db'), TUNECHAT_MODEL: 'local' };

function tunechat(args: string[], extraEnv: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/tunechat.js', ...args], { env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

describe('tunechat ask / sessions / replay', () => {
  after(() => rmSync(dir, { recursive: true, force: true }));
  let sessionId = '';

  test('ask --json prints the session line, then every UI message chunk, one per line', async () => {
    const { code, stdout, stderr } = await tunechat(['ask', '--json', 'hello, what can you do?']);
    assert.equal(code, 0, stderr);
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string; [k: string]: unknown });
    assert.equal(lines[0]!.type, 'session');
    sessionId = String(lines[0]!.sessionId);
    assert.match(sessionId, /^[0-9a-f-]{36}$/);
    assert.equal(lines[1]!.type, 'start');
    assert.equal(lines.at(-1)!.type, 'finish');
    const text = lines.filter((l) => l.type === 'text-delta').map((l) => String(l.delta)).join('');
    assert.ok(text.length > 20, `streamed text: ${text}`);
  });

  test('ask --session continues the session; sessions --json lists it; replay --instant prints it', async () => {
    const next = await tunechat(['ask', '--json', '--session', sessionId, 'thanks']);
    assert.equal(next.code, 0, next.stderr);
    assert.equal(JSON.parse(next.stdout.split('\n')[0]!).sessionId, sessionId);

    const listed = await tunechat(['sessions', '--json']);
    assert.equal(listed.code, 0, listed.stderr);
    const sessions = JSON.parse(listed.stdout) as { id: string; title: string; source: string }[];
    assert.deepEqual(sessions.map((s) => [s.id, s.title, s.source]), [[sessionId, 'hello, what can you do?', 'cli']]);

    const replay = await tunechat(['replay', sessionId, '--instant']);
    assert.equal(replay.code, 0, replay.stderr);
    assert.match(replay.stdout, /› hello, what can you do\?/);
    assert.match(replay.stdout, /› thanks/);
  });

  test('usage errors exit 2, unknown sessions exit 1 with a clear message', async () => {
    const noText = await tunechat(['ask']);
    assert.equal(noText.code, 2);
    assert.match(noText.stderr, /request text is missing/);
    const badFlag = await tunechat(['sessions', '--bogus']);
    assert.equal(badFlag.code, 2);
    const unknown = await tunechat(['ask', '--session', 'no-such-id', 'hi']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /session "no-such-id" does not exist/);
    const replayUnknown = await tunechat(['replay', 'no-such-id']);
    assert.equal(replayUnknown.code, 1);
    assert.match(replayUnknown.stderr, /does not exist/);
  });
});
