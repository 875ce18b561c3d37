import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { LanguageModelV3, LanguageModelV3StreamPart } from '@ai-sdk/provider';
import { tool, wrapLanguageModel, type LanguageModel } from 'ai';
import { z } from 'zod';
import { openDatabase } from '../../db/open.ts';
import { importSession } from '../../db/session-import.ts';
import { createModel } from '../../server/agent/model.ts';
import { runChatTurn } from '../../server/chat/run-turn.ts';
import { loadConfig } from '../../server/config.ts';
import { closeServices, createServices, type Services } from '../../server/services.ts';
import { compareRuns } from '../../server/sessions/rerun-report.ts';
import { rerunSession } from '../../server/sessions/rerun-session.ts';
import { RunNormalizer } from '../../server/sessions/value-diff.ts';
import { systemClock } from '../../tools/common/clock.ts';
import { scriptedModel } from '../support/mock-model.ts';

const FIXTURES = 'test/fixtures/sessions';

function servicesFor(file: string, model: LanguageModel): { services: Services; sessionId: string } {
  const db = openDatabase(':memory:');
  const { sessionId } = importSession(db, readFileSync(file, 'utf8'));
  return { services: createServices({ db, clock: systemClock, config: loadConfig({ TUNECHAT_DB: ':memory:' }), model }), sessionId };
}

/** The offline model with one deliberate change: `list_targets` calls become `list_sessions`. */
function changedOfflineModel(): LanguageModel {
  return wrapLanguageModel({
    model: createModel({ kind: 'local' }) as LanguageModelV3,
    middleware: {
      specificationVersion: 'v3',
      wrapStream: async ({ doStream }) => {
        const result = await doStream();
        const rename = new TransformStream<LanguageModelV3StreamPart, LanguageModelV3StreamPart>({
          transform(part, controller) {
            controller.enqueue(part.type === 'tool-call' && part.toolName === 'list_targets' ? { ...part, toolName: 'list_sessions' } : part);
          },
        });
        return { ...result, stream: result.stream.pipeThrough(rename) };
      },
    },
  });
}

describe('tunechat replay --rerun', () => {
  const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.json')).sort();

  // The fixtures pin the offline model's behaviour (which tools, which arguments). Their results depend on the
  // engines and the target catalogue, which evolve on their own; strict result checks are the next test's job.
  test('every saved fixture session reruns with the same tools and arguments on the offline model', async () => {
    assert.ok(files.length > 0, 'fixture sessions exist');
    for (const file of files) {
      const { services, sessionId } = servicesFor(join(FIXTURES, file), createModel({ kind: 'local' }));
      const report = await rerunSession({ services, sessionId, compare: { ignoreResults: true } });
      assert.ok(report.ok, `${file}: ${JSON.stringify(report.turns.filter((t) => !t.sameTools || !t.sameArguments), null, 1)}`);
      assert.ok(report.turns.length > 0);
      await closeServices(services);
      services.db.close();
    }
  });

  test('a session recorded now reruns with identical results: studies replay their seeds', async () => {
    const db = openDatabase(':memory:');
    const services = createServices({ db, clock: systemClock, config: loadConfig({ TUNECHAT_DB: ':memory:' }), model: createModel({ kind: 'local' }) });
    const first = await runChatTurn({ services, source: 'cli', text: 'minimize branin with 12 trials' });
    await runChatTurn({ services, sessionId: first.sessionId, text: 'what were the best params?' });
    const seed = (JSON.parse(db.prepare('SELECT spec FROM studies WHERE session_id = ?').pluck().get(first.sessionId) as string) as { seed?: number }).seed;
    assert.equal(typeof seed, 'number', 'the request gave no seed: the manager drew one and stored it');
    const report = await rerunSession({ services, sessionId: first.sessionId });
    assert.ok(report.ok, JSON.stringify(report.turns, null, 1));
    assert.deepEqual(report.turns.map((t) => t.actualTools), [['start_study', 'wait_for_study'], ['best_trials']]);
    assert.ok(report.turns.every((t) => t.sameResults));
    await closeServices(services);
    db.close();
  });

  test('a deliberate change in the offline model’s behaviour is flagged', async () => {
    const { services, sessionId } = servicesFor(join(FIXTURES, 'targets-and-help.json'), changedOfflineModel());
    const report = await rerunSession({ services, sessionId });
    assert.equal(report.ok, false);
    const first = report.turns[0]!;
    assert.equal(first.sameTools, false);
    assert.deepEqual(first.expectedTools, ['list_targets']);
    assert.deepEqual(first.actualTools, ['list_sessions']);
    assert.match(first.differences[0]!, /tools: expected \[list_targets\], got \[list_sessions\]/);
    services.db.close();
  });

  test('changed arguments and results are reported per call; the studies get their original seeds', async () => {
    const seedsSeen: unknown[] = [];
    const make = (b: number) => ({
      add: tool({ inputSchema: z.object({ a: z.number(), b: z.number() }), execute: async ({ a, b: y }) => ({ sum: a + y, id: crypto.randomUUID() }) }),
      start_study: tool({
        inputSchema: z.object({ target: z.string() }),
        execute: async () => {
          const studies = (services as unknown as { studies: { start(spec: object): unknown } }).studies;
          return { started: studies.start({ target: b }) };
        },
      }),
    });
    const db = openDatabase(':memory:');
    let services = createServices({ db, clock: systemClock, config: loadConfig({ TUNECHAT_DB: ':memory:' }), model: scriptedModel([{ toolCalls: [{ toolName: 'add', input: { a: 2, b: 3 } }] }, { text: 'five' }]) });
    const first = await runChatTurn({ services, text: 'add 2 and 3', tools: make(3) });
    const spec = JSON.stringify({ seed: 1234, objectives: [], space: {}, target: { kind: 'builtin', problem: 'x' } });
    db.prepare("INSERT INTO studies (id, name, session_id, spec, status, created_at, updated_at) VALUES ('s1', 'n', ?, ?, 'complete', 1, 1)").run(first.sessionId, spec);

    services = createServices({
      db, clock: systemClock, config: services.config,
      model: scriptedModel([{ toolCalls: [{ toolName: 'add', input: { a: 2, b: 4 } }, { toolName: 'start_study', input: { target: 'x' } }] }, { text: 'six' }]),
    });
    Object.assign(services, { studies: { start: (s: { seed?: number }) => (seedsSeen.push(s.seed), 'ok') } });
    const report = await rerunSession({ services, sessionId: first.sessionId, runTurn: (o) => runChatTurn({ ...o, tools: make(4) }) });
    assert.equal(report.ok, false);
    const turn = report.turns[0]!;
    assert.equal(turn.sameTools, false);
    assert.ok(turn.differences.includes('call 1 add input b: 3 → 4 (33.33%)'), turn.differences.join('\n'));
    assert.ok(turn.differences.includes('call 1 add result output.sum: 5 → 6 (20.00%)'), turn.differences.join('\n'));
    assert.ok(!turn.differences.some((d) => d.includes('output.id')), 'fresh ids are not differences');
    assert.deepEqual(seedsSeen, [1234]);
    db.close();
  });

  test('ids are compared by role, times ignored, numbers within the tolerance', () => {
    const n = new RunNormalizer();
    assert.deepEqual(n.normalize({ study_id: 'abc', other: 'x 3f2504e0-4f89-11d3-9a0c-0305e82c3301', created_at: 5, took: { elapsed_s: 1 } }), {
      study_id: '#1', other: 'x #2', created_at: '<time>', took: { elapsed_s: '<time>' },
    });
    assert.equal(n.normalize('abc', 'id'), '#1', 'the same id keeps its alias');
    const turn = (value: number, id: string) => ({ userText: 'q', assistantText: '', toolCalls: [{ name: 't', input: { study_id: id }, output: { value } }] });
    assert.ok(compareRuns([turn(1, 'a')], [turn(1 + 1e-12, 'b')]).ok);
    assert.ok(!compareRuns([turn(1, 'a')], [turn(1.1, 'b')]).ok);
    assert.ok(compareRuns([turn(1, 'a')], [turn(1.1, 'b')], { relativeTolerance: 0.2, ignoreResults: false }).ok);
    assert.ok(compareRuns([turn(1, 'a')], [turn(2, 'b')], { relativeTolerance: 0, ignoreResults: true }).ok);
    const two = { userText: 'q', assistantText: '', toolCalls: [{ name: 't', input: { study_id: 'a' } }, { name: 't', input: { study_id: 'a' } }] };
    const moved = { userText: 'q', assistantText: '', toolCalls: [{ name: 't', input: { study_id: 'x' } }, { name: 't', input: { study_id: 'y' } }] };
    assert.ok(!compareRuns([two], [moved]).ok, 'a call pointing at a different study is a different argument');
  });

  test('the CLI checks a folder of session files and exits 0 when nothing changed', () => {
    const r = spawnSync(process.execPath, ['bin/tunechat.js', 'replay', FIXTURES, '--rerun', '--ignore-results'], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, TUNECHAT_DB: ':memory:' } });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /rerun: same behaviour/);
  });

  test('the CLI reruns a session of the database in a scratch copy, leaving the database untouched', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tunechat-rerun-'));
    try {
      const path = join(dir, 'tunechat.db');
      const db = openDatabase(path);
      const { sessionId } = importSession(db, readFileSync(join(FIXTURES, 'targets-and-help.json'), 'utf8'));
      db.close();
      const r = spawnSync(process.execPath, ['bin/tunechat.js', 'replay', sessionId, '--rerun', '--json', '--ignore-results'], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, TUNECHAT_DB: path } });
      assert.equal(r.status, 0, r.stdout + r.stderr);
      const [report] = JSON.parse(r.stdout) as { ok: boolean; turns: { sameTools: boolean; actualTools: string[] }[] }[];
      assert.equal(report!.ok, true);
      assert.deepEqual(report!.turns.map((t) => t.actualTools), [['list_targets'], []]);
      const after = openDatabase(path);
      assert.equal(after.prepare('SELECT COUNT(*) FROM sessions').pluck().get(), 1, 'no rerun session in the real database');
      after.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
