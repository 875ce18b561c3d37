import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServerFrame } from '../../server/protocol.ts';
import { readProcessStat } from '../../tools/common/process-identity.ts';
import { WsTestClient } from '../support/ws-client.ts';

// Crash safety (security issue "Close the holes…"): after `kill -9` of the server, (1) the assistant's partial answer
// must not be lost, so follow-ups in the session still find its study, and (2) the trial processes it had started
// (each in its own process group) must not live on as orphans. The real server runs as a child process here.

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const TSX = fileURLToPath(import.meta.resolve('tsx'));
const linux = existsSync('/proc/self/stat');
const dir = mkdtempSync(join(tmpdir(), 'tunechat-crash-'));
const pidFile = join(dir, 'pids.txt');

// Every trial appends "<leader pid> <child pid>" and then sleeps far longer than the test runs.
writeFileSync(join(dir, 'trial.sh'), `#!/bin/sh\nsleep 600 &\necho "$$ $!" >> '${pidFile}'\nwait\n`);
writeFileSync(
  join(dir, 'tunechat.json'),
  JSON.stringify({
    targets: [
      {
        name: 'sleeper',
        kind: 'command',
        command: ['/bin/sh', join(dir, 'trial.sh')],
        space: { x: { type: 'float', low: 0, high: 1 } },
        metrics: [{ name: 'loss', direction: 'minimize' }],
      },
    ],
  }),
);

interface ServerProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
}

/** `node --import tsx server/main.ts` in the temp dir (so its tunechat.json is read), on a port the kernel picks. */
async function startServerProcess(): Promise<ServerProcess> {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, TUNECHAT_DB: join(dir, 't.db'), HOST: '127.0.0.1', PORT: '0' };
  const child = spawn(process.execPath, ['--import', TSX, join(REPO, 'server/main.ts')], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString('utf8')));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString('utf8')));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start within 60 s; output:\n${output}`)), 60_000);
    const check = () => {
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with ${code}; output:\n${output}`));
    });
  });
  return { child, url, output: () => output };
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Running, not a zombie (an orphan killed here may stay a zombie until the container's init reaps it). */
function alive(pid: number): boolean {
  const stat = readProcessStat(pid);
  return stat !== null && stat.state !== 'Z';
}

function trialPids(): number[][] {
  if (!existsSync(pidFile)) return [];
  return readFileSync(pidFile, 'utf8').trim().split('\n').filter(Boolean).map((line) => line.split(' ').map(Number));
}

async function until<T>(what: string, probe: () => T | null | undefined | false, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

type ChunkFrame = Extract<ServerFrame, { type: 'chunk' }>;
const isChunk = (f: ServerFrame, type: string): f is ChunkFrame => f.type === 'chunk' && f.chunk.type === type;

describe('crash safety: kill -9 of the server', { skip: linux ? false : 'needs Linux /proc to identify process groups' }, () => {
  const servers: ServerProcess[] = [];
  after(async () => {
    for (const server of servers) {
      server.child.kill('SIGKILL');
      await exited(server.child);
    }
    // Leave nothing behind even when an assertion failed: only our own trial groups (their command line names `dir`).
    for (const [leader] of trialPids()) {
      const cmdline = existsSync(`/proc/${leader}/cmdline`) ? readFileSync(`/proc/${leader}/cmdline`, 'utf8') : '';
      if (leader && alive(leader) && cmdline.includes(dir)) process.kill(-leader, 'SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  });

  test('the restarted server stops the orphaned trial group, restores the partial answer, and "resume the study" finds the study', async () => {
    const first = await startServerProcess();
    servers.push(first);
    const client = await WsTestClient.connect(`${first.url.replace('http', 'ws')}/ws`);
    client.send({ type: 'send', requestId: 'r1', id: null, text: 'minimize loss of sleeper with 5 trials' });
    const start = (await client.waitFor((f) => f.type === 'start', 30_000)) as Extract<ServerFrame, { type: 'start' }>;
    const startCall = (await client.waitFor((f) => isChunk(f, 'tool-input-available') && f.chunk.toolName === 'start_study', 30_000)) as ChunkFrame;
    const started = (await client.waitFor((f) => isChunk(f, 'tool-output-available') && f.chunk.toolCallId === startCall.chunk.toolCallId, 30_000)) as ChunkFrame;
    const studyId = (started.chunk.output as { study_id?: string }).study_id;
    assert.match(String(studyId), /^st_/, `start_study answered ${JSON.stringify(started.chunk.output)}`);
    const [leader, sleeper] = await until('the first trial to start', () => trialPids()[0]);

    first.child.kill('SIGKILL');
    await exited(first.child);
    client.drop();
    assert.ok(alive(leader!) && alive(sleeper!), 'after kill -9 the trial group lives on as an orphan');

    const second = await startServerProcess();
    servers.push(second);
    // The cleanup runs before the server listens: by now the orphan group is gone, leader and child.
    assert.equal(alive(leader!), false, 'the orphaned trial leader is stopped');
    await until('the orphan child to exit', () => !alive(sleeper!), 5000);
    assert.match(second.output(), new RegExp(`stopped orphan process group ${leader} \\(study ${studyId} trial 0`));

    const { messages } = (await (await fetch(`${second.url}/api/sessions/${start.sessionId}/messages`)).json()) as {
      messages: { id: string; role: string; parts: { type: string; state?: string; output?: { study_id?: string } }[]; metadata?: Record<string, unknown> }[];
    };
    assert.deepEqual(messages.map((m) => m.role), ['user', 'assistant']);
    const answer = messages[1]!;
    assert.equal(answer.metadata?.interrupted, true);
    const startPart = answer.parts.find((p) => p.type === 'tool-start_study');
    assert.equal(startPart?.state, 'output-available');
    assert.equal(startPart?.output?.study_id, studyId);

    const again = await WsTestClient.connect(`${second.url.replace('http', 'ws')}/ws`);
    again.send({ type: 'send', requestId: 'r2', id: start.sessionId, text: 'resume the study' });
    const resume = (await again.waitFor((f) => isChunk(f, 'tool-input-available') && f.chunk.toolName === 'continue_study', 30_000)) as ChunkFrame;
    assert.equal((resume.chunk.input as { study_id?: string }).study_id, studyId);
    again.send({ type: 'abort', requestId: 'r2' });
    await again.waitForEnd('r2', 30_000);
    await again.close();

    // A clean stop (SIGTERM) stops the resumed study's trials itself and leaves no rows for the next start.
    second.child.kill('SIGTERM');
    await exited(second.child);
    for (const [pid, child] of trialPids()) {
      await until(`trial group ${pid} to exit after SIGTERM`, () => !alive(pid!) && !alive(child!), 10_000);
    }
  });
});
