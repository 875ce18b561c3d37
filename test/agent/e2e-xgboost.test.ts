import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { openDatabase } from '../../db/open.ts';
import { createModel } from '../../server/agent/model.ts';
import type { ServerFrame } from '../../server/protocol.ts';
import type { Trial } from '../../tools/optimizer/types.ts';
import { startTestServer } from '../support/start-server.ts';
import { createTestServices } from '../support/test-services.ts';
import { WsTestClient } from '../support/ws-client.ts';
import { xgboostUnavailable } from './support/xgboost-check.ts';

const skip = xgboostUnavailable() ?? false;
const TRIALS = 3;
/** The CLI run only has to show the same story end to end; two trials keep the suite short. */
const CLI_TRIALS = 2;
const dir = mkdtempSync(join(tmpdir(), 'tunechat-e2e-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** The final answer must name the recommended trial's parameters and its measured latency and accuracy, as stored. */
function assertAnswerMatchesTrials(text: string, trials: Trial[], expected: number): void {
  assert.equal(trials.length, expected);
  assert.ok(trials.every((t) => t.state === 'complete'), `trials: ${JSON.stringify(trials.map((t) => [t.state, t.error]))}`);
  const recommended = /Recommended: trial #(\d+)\*\* with ([^\n]+?)\. It measured ([^\n]+)\./.exec(text) ?? /Best \S+ = [^*]+\*\* \(\w+\) at trial #(\d+) with ([^\n]+?)\.(?:\n|$)/.exec(text);
  assert.ok(recommended, `no recommendation in:\n${text}`);
  const trial = trials.find((t) => t.number === Number(recommended[1]));
  assert.ok(trial, `trial #${recommended[1]} is in the database`);
  for (const [name, value] of Object.entries(trial.params)) {
    assert.match(recommended[2]!, new RegExp(`${name} = `), `parameter ${name} named`);
    if (typeof value === 'string') assert.match(recommended[2]!, new RegExp(`${name} = ${value}`));
  }
  assert.match(text, /accuracy/);
  assert.match(text, /latency_p99_ms/);
  const accuracy = trial.metrics.accuracy!;
  assert.ok(text.includes(String(Number(accuracy.toPrecision(4)))), `accuracy ${accuracy} of trial #${trial.number} appears`);
}

describe('end to end: "tune my XGBoost for latency" with the offline model and the real XGBoost target', { skip }, () => {
  test('through the websocket: a study runs, the answer recommends measured parameters, the database holds the study', { timeout: 90_000 }, async () => {
    const services = createTestServices(createModel({ kind: 'local', defaultTrials: TRIALS }));
    const server = await startTestServer(services);
    const client = await WsTestClient.connect(server.wsUrl);
    try {
      client.send({ type: 'send', requestId: 'x', id: null, text: 'tune my XGBoost for latency' });
      const start = (await client.waitFor((f) => f.type === 'start' && f.requestId === 'x')) as Extract<ServerFrame, { type: 'start' }>;
      await client.waitForEnd('x', 80_000);
      const chunks = client.chunks('x').map((f) => f.chunk);
      const call = chunks.find((c) => c.type === 'tool-input-available' && c.toolName === 'start_study') as { input: { target: string; objectives: unknown } } | undefined;
      assert.equal(call?.input.target, 'xgboost');
      assert.deepEqual(call?.input.objectives, [{ metric: 'latency_p99_ms', direction: 'minimize' }, { metric: 'accuracy', direction: 'maximize' }]);
      assert.ok(chunks.some((c) => c.type === 'tool-output-available' && c.preliminary === true), 'progress streamed while trials ran');
      const study = services.studies.latestForSession(start.sessionId);
      assert.ok(study, 'the study is stored for the session');
      if (process.env.SHOW_ANSWER) console.log(client.text('x'));
      assertAnswerMatchesTrials(client.text('x'), services.studies.trials(study.id), TRIALS);
    } finally {
      client.drop();
      await server.close();
    }
  });

  test('through `tunechat ask --json`: the same story in a child process, study in the database file', { timeout: 90_000 }, async () => {
    const dbPath = join(dir, 'ask.db');
    const child = spawn(process.execPath, ['bin/tunechat.js', 'ask', 'tune my XGBoost for latency', '--json'], {
      env: { ...process.env, TUNECHAT_DB: dbPath, TUNECHAT_DEFAULT_TRIALS: String(CLI_TRIALS), TUNECHAT_MODEL: 'local' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 0, stderr);
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(lines[0]!.type, 'session');
    const sessionId = String(lines[0]!.sessionId);
    assert.ok(lines.some((l) => l.type === 'tool-input-available' && l.toolName === 'start_study'));
    const text = lines.filter((l) => l.type === 'text-delta').map((l) => String(l.delta)).join('');
    const db = openDatabase(dbPath);
    try {
      const row = db.prepare('SELECT id FROM studies WHERE session_id = ? ORDER BY created_at DESC LIMIT 1').get(sessionId) as { id: string } | undefined;
      assert.ok(row, 'the study row is in the database file');
      const trials = (db.prepare('SELECT number, state, params, metrics FROM trials WHERE study_id = ? ORDER BY number').all(row.id) as Array<Record<string, string | number>>).map(
        (r) => ({ number: Number(r.number), state: String(r.state), params: JSON.parse(String(r.params)), metrics: JSON.parse(String(r.metrics)) }) as unknown as Trial,
      );
      assertAnswerMatchesTrials(text, trials, CLI_TRIALS);
    } finally {
      db.close();
    }
  });
});
