import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ControlTerminalView } from '../../cli/control-view.ts';
import type { ControllerStatus, DecisionRecord } from '../../tools/control/types.ts';
import { startFakeControlService, type FakeControlService } from '../support/fake-control-service.ts';

const BIN = resolve('bin/tunechat.js');
const dir = mkdtempSync(join(tmpdir(), 'tunechat-control-'));
const env = { ...process.env, TUNECHAT_DB: join(dir, 'test.db'), TUNECHAT_MODEL: 'local' };
/** Bounds every wait on a child (a hang fails the test instead of blocking the suite). */
const WAIT_MS = 30_000;

/** A `tunechat …` child run from the temp dir (its tunechat.json names the fake service), with its output so far. */
function spawnTunechat(args: string[]) {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env, stdio: ['pipe', 'pipe', 'pipe'] }) as ChildProcessWithoutNullStreams;
  const run = { child, stdout: '', stderr: '', code: null as number | null };
  child.stdout.on('data', (d) => (run.stdout += d));
  child.stderr.on('data', (d) => (run.stderr += d));
  const killer = setTimeout(() => child.kill('SIGKILL'), 90_000);
  const exited = new Promise<number>((done) => child.on('close', (code) => (clearTimeout(killer), (run.code = code ?? -1), done(code ?? -1))));
  return { ...run, get out() { return run.stdout; }, get err() { return run.stderr; }, child, exited };
}

async function tunechat(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const run = spawnTunechat(args);
  const code = await run.exited;
  return { code, stdout: run.out, stderr: run.err };
}

/** Waits until `predicate(stdout)` holds (bounded). */
async function waitForOutput(run: ReturnType<typeof spawnTunechat>, predicate: (stdout: string) => boolean, what: string): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!predicate(run.out)) {
    if (run.child.exitCode !== null || Date.now() > deadline) throw new Error(`${what}: not seen (exit ${run.child.exitCode})\nstdout:\n${run.out}\nstderr:\n${run.err}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const ndjson = (text: string) => text.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as { type: string; [k: string]: unknown });

const START = ['control', 'start', '--target', 'fake', '--metric', 'latency_p99_ms', '--slo', '<40', '--parameter', 'workers', '--min', '1', '--max', '16', '--policy', 'hpa', '--period', '0.2'];

describe('tunechat control', () => {
  let service: FakeControlService;

  before(async () => {
    service = await startFakeControlService({ workers: 4, needed: 12 });
    const target = { name: 'fake', kind: 'service', spec: {}, metrics: [{ name: 'latency_p99_ms', direction: 'minimize' }], control: service.control };
    writeFileSync(join(dir, 'tunechat.json'), JSON.stringify({ targets: [target] }));
  });
  after(async () => {
    await service?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('usage errors name the flag and exit 2; an unknown controller exits 1', async () => {
    const slo = await tunechat(['control', 'start', '--target', 'fake', '--metric', 'latency_p99_ms', '--slo', '40ms', '--parameter', 'workers']);
    assert.equal(slo.code, 2, slo.stderr);
    assert.match(slo.stderr, /--slo: must be an operator .* got "40ms"/);
    const reversed = await tunechat([...START.slice(0, 10), '--min', '10', '--max', '2']);
    assert.equal(reversed.code, 2);
    assert.match(reversed.stderr, /--min: 10 is above --max 2; the bounds are reversed/);
    const missing = await tunechat(['control', 'start', '--target', 'fake', '--slo', '<40', '--parameter', 'workers']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--metric: is required/);
    const unknownTarget = await tunechat(['control', 'start', '--target', 'nope', '--metric', 'latency_p99_ms', '--slo', '<40', '--parameter', 'workers']);
    assert.equal(unknownTarget.code, 2, unknownTarget.stderr);
    assert.match(unknownTarget.stderr, /--target: no target named "nope"; targets with a control section: fake/);
    const badMetric = await tunechat(['control', 'start', '--target', 'fake', '--metric', 'gpu_temp', '--slo', '<40', '--parameter', 'workers']);
    assert.equal(badMetric.code, 2);
    assert.match(badMetric.stderr, /--metric: .*no signal "gpu_temp"/);
    const action = await tunechat(['control', 'restart']);
    assert.equal(action.code, 2);
    assert.match(action.stderr, /unknown action "restart"/);
    const unknown = await tunechat(['control', 'status', 'c-99']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /no controller with id c-99/);
  });

  test('start --json streams NDJSON decisions; status and list from another process see it; stop from another process stops it and leaves the service as it is', { timeout: 120_000 }, async () => {
    const started = Date.now();
    const run = spawnTunechat([...START, '--json']);
    await waitForOutput(run, (out) => ndjson(out).some((e) => e.type === 'decision' && e.outcome === 'applied'), 'an applied decision');
    console.log(`# first applied decision ${Date.now() - started} ms after the CLI started`);
    const events = ndjson(run.out);
    assert.equal(events[0]!.type, 'started');
    assert.equal(events[0]!.id, 'c-1');
    const applied = events.find((e) => e.type === 'decision' && e.outcome === 'applied')!;
    assert.equal(applied.parameter, 'workers');
    assert.ok(Number(applied.to) > Number(applied.from), `scaled up: ${applied.from} → ${applied.to}`);
    assert.ok(events.some((e) => e.type === 'status' && e.state === 'running'));

    const status = await tunechat(['control', 'status', '--json']);
    assert.equal(status.code, 0, status.stderr);
    const shown = JSON.parse(status.stdout) as { id: string; state: string; value: number; recent_decisions: { outcome: string }[] };
    assert.equal(shown.id, 'c-1');
    assert.equal(shown.state, 'running', 'another process sees the CLI-run controller running');
    assert.ok(shown.recent_decisions.some((d) => d.outcome === 'applied'));
    const list = await tunechat(['control', 'list']);
    assert.equal(list.code, 0);
    assert.match(list.stdout, /^c-1\s+running\s+fake · workers · hpa/m);

    const putsBeforeStop = service.puts.length;
    const stop = await tunechat(['control', 'stop', 'c-1']);
    assert.equal(stop.code, 0, stop.stderr);
    assert.match(stop.stdout, /^c-1 stopped at \d\d:\d\d:\d\d/);
    assert.match(stop.stdout, /fake keeps workers = \d+ \(it was 4 before the controller\); nothing was reset/);
    assert.equal(await run.exited, 0, run.err);
    const end = ndjson(run.out).at(-1)!;
    assert.equal(end.type, 'end');
    assert.equal(end.state, 'stopped');
    assert.equal(end.value, service.workers(), 'the service keeps the value the controller left');
    assert.equal(service.puts.length, putsBeforeStop, 'stopping sent nothing to the service');
  });

  test('the plain view prints one line per change and the state; Ctrl-C stops it and says the service is left as it is', { timeout: 120_000 }, async () => {
    service.setWorkers(4);
    const run = spawnTunechat(START);
    await waitForOutput(run, (out) => /→ workers \d+ → \d+ \(hpa\)$/m.test(out), 'a change line');
    run.child.kill('SIGINT');
    assert.equal(await run.exited, 0, run.err);
    const out = run.out;
    assert.match(out, /^controlling workers on fake: keep p99 < 40 ms; Ctrl-C stops the controller and leaves the service as it is$/m);
    assert.match(out, /^c-2 started: policy hpa \(asked for\), workers bounds 1\.\.16$/m);
    assert.match(out, /^\d\d:\d\d:\d\d {2}p99 [\d.]+ ms > 40 ms( for \d+ s)? → workers \d+ → \d+ \(hpa\)$/m);
    assert.doesNotMatch(out, /\x1b\[/, 'no control characters when stdout is not a terminal');
    assert.match(out, /^c-2 stopped/m);
    assert.match(out, /^fake keeps workers = \d+/m);
  });
});

describe('the terminal view', () => {
  const status = (overrides: Partial<ControllerStatus> = {}): ControllerStatus => ({
    id: 'c-1', target: 'fake', parameter: 'workers', policy: 'little', policy_reason: 'asked for', slo: { metric: 'latency_p99_ms', op: '<', value: 40 }, bounds: { min: 1, max: 32 },
    dry_run: false, state: 'running', value: 8, initial_value: 8, slo_value: 52.1, slo_state: 'violated', decisions: 3, changes: 0, last_decision: null, started_at: 0, stopped_at: null, note: null, session_id: null, ...overrides,
  });
  const decision = (outcome: DecisionRecord['outcome'], from: number, to: number): DecisionRecord => ({
    controller_id: 'c-1', seq: 4, at: Date.UTC(2026, 0, 1, 10, 2, 3), policy: 'little', parameter: 'workers', from, to, outcome, reason: 'r', inputs: { slo_for_s: 5 }, slo_state: 'violated', slo_value: 52.1,
  });
  const sink = (isTTY: boolean) => {
    const out = { text: '', isTTY, columns: 200, write: (s: string) => void (out.text += s) };
    return out;
  };

  test('a terminal gets change lines above a status line redrawn in place', () => {
    const out = sink(true);
    const view = new ControlTerminalView(out, { utc: true });
    view.status(status());
    view.decision(decision('no_change', 8, 8));
    view.decision(decision('applied', 8, 12));
    view.status(status({ value: 12, changes: 1 }));
    view.close();
    assert.equal(out.text, [
      '\r\x1b[2Kc-1 workers 8 · p99 52.1 ms > 40 ms (violated) · running · 3 decisions, 0 changes',
      '\r\x1b[2K10:02:03  p99 52.1 ms > 40 ms for 5 s → workers 8 → 12 (little)\nc-1 workers 8 · p99 52.1 ms > 40 ms (violated) · running · 3 decisions, 0 changes',
      '\r\x1b[2Kc-1 workers 12 · p99 52.1 ms > 40 ms (violated) · running · 3 decisions, 1 change',
      '\n',
    ].join(''));
  });

  test('a pipe gets plain lines (a repeated refusal once) and a status line per state; --json gets one object per decision and per status change', () => {
    const out = sink(false);
    const view = new ControlTerminalView(out, { utc: true });
    view.status(status());
    view.decision(decision('applied', 8, 12));
    view.decision({ ...decision('refused', 12, 16), reason: 'cooling down: 2.5 s left' });
    view.decision({ ...decision('refused', 12, 16), reason: 'cooling down: 1.9 s left' });
    view.status(status({ value: 12 }));
    view.status(status({ state: 'holding', note: 'source stale' }));
    assert.equal(out.text, [
      'c-1 workers 8 · p99 52.1 ms > 40 ms (violated) · running · 3 decisions, 0 changes',
      '10:02:03  p99 52.1 ms > 40 ms for 5 s → workers 8 → 12 (little)',
      '10:02:03  p99 52.1 ms > 40 ms for 5 s → workers stays 12, refused: cooling down: 2.5 s left',
      'c-1 workers 8 · p99 52.1 ms > 40 ms (violated) · holding · 3 decisions, 0 changes (source stale)',
      '',
    ].join('\n'));
    const json = sink(true);
    const jsonView = new ControlTerminalView(json, { json: true });
    jsonView.status(status());
    jsonView.status(status());
    jsonView.decision(decision('no_change', 8, 8));
    jsonView.say('not in JSON');
    const lines = json.text.trim().split('\n').map((l) => JSON.parse(l) as { type: string; outcome?: string });
    assert.deepEqual(lines.map((l) => [l.type, l.outcome]), [['status', undefined], ['decision', 'no_change']]);
  });
});
