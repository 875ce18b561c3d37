import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../db/open.ts';
import { ProcessGroupStore } from '../../db/process-group-store.ts';
import { cleanUpProcessGroups } from '../../server/process-group-cleanup.ts';
import { systemClock } from '../../tools/common/clock.ts';
import { readProcessStat } from '../../tools/common/process-identity.ts';

const linux = existsSync('/proc/self/stat');
const children: ChildProcess[] = [];
const emptyProc = mkdtempSync(join(tmpdir(), 'tunechat-noproc-'));

/** A process group like a trial's: a shell leading it and a `sleep` inside it. `ignoreTerm` makes both ignore SIGTERM. */
function spawnGroup(options: { ignoreTerm?: boolean } = {}): ChildProcess {
  const script = `${options.ignoreTerm ? 'trap "" TERM; ' : ''}sleep 600 & wait`;
  const child = spawn('/bin/sh', ['-c', script], { detached: true, stdio: 'ignore' });
  children.push(child);
  return child;
}

function alive(pid: number): boolean {
  const stat = readProcessStat(pid);
  return stat !== null && stat.state !== 'Z';
}

/** The members of group `pgid` (from /proc), so the test can see the whole group go. */
function members(pgid: number): number[] {
  return readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(Number).filter((pid) => {
    const stat = readProcessStat(pid);
    return stat !== null && stat.pgrp === pgid && stat.state !== 'Z';
  });
}

async function until(what: string, probe: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A store whose rows look recorded by a server that has since died (its pid exited, so its start time is unknown). */
function storeOfDeadServer() {
  const db = openDatabase(':memory:');
  const deadPid = spawnSync('true').pid;
  return { db, store: new ProcessGroupStore(db, { selfPid: deadPid }) };
}

describe('start-up cleanup of recorded process groups', { skip: linux ? false : 'needs Linux /proc' }, () => {
  after(() => {
    for (const child of children) {
      try {
        if (child.pid && alive(child.pid)) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    rmSync(emptyProc, { recursive: true, force: true });
  });

  test('a live recorded group is stopped (SIGTERM to every member), logged, and its row cleared', async () => {
    const { store } = storeOfDeadServer();
    const child = spawnGroup();
    const pgid = child.pid!;
    await until('the group to have its sleep', () => members(pgid).length === 2);
    store.record(pgid, { kind: 'trial', studyId: 'st_1', trialNumber: 4 });
    const lines: string[] = [];
    const results = await cleanUpProcessGroups({ store, clock: systemClock, log: (l) => lines.push(l) });
    assert.deepEqual(results.map((r) => [r.pgid, r.outcome]), [[pgid, 'terminated']]);
    await until('every member of the group to exit', () => members(pgid).length === 0);
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, new RegExp(`stopped orphan process group ${pgid} \\(study st_1 trial 4, left by server pid \\d+\\) with SIGTERM`));
    assert.deepEqual(store.list(), []);
  });

  test('a group that ignores SIGTERM gets SIGKILL after the grace period', async () => {
    const { store } = storeOfDeadServer();
    const child = spawnGroup({ ignoreTerm: true });
    await until('the group to have its sleep', () => members(child.pid!).length === 2);
    store.record(child.pid!, { kind: 'bench', runId: 'run-9' });
    const lines: string[] = [];
    const results = await cleanUpProcessGroups({ store, clock: systemClock, log: (l) => lines.push(l), graceMs: 300 });
    assert.deepEqual(results.map((r) => r.outcome), ['killed']);
    await until('every member of the group to exit', () => members(child.pid!).length === 0);
    assert.match(lines[0]!, /killed orphan process group \d+ \(bench run run-9, .*\) with SIGKILL: still running 300 ms after SIGTERM/);
  });

  test('a recycled pid (same pid, another start time or boot) is never killed; its row is cleared', async () => {
    const { db, store } = storeOfDeadServer();
    const recycled = spawnGroup();
    const otherBoot = spawnGroup();
    store.record(recycled.pid!, { kind: 'trial', studyId: 'st_old', trialNumber: 0 });
    store.record(otherBoot.pid!, { kind: 'trial', studyId: 'st_old', trialNumber: 1 });
    const start = Number(readProcessStat(recycled.pid!)!.startTime);
    // The recorded leader started earlier: the process now holding the pid is another one.
    db.prepare('UPDATE process_groups SET start_time = ? WHERE pgid = ?').run(String(start - 1), recycled.pid);
    db.prepare("UPDATE process_groups SET boot_id = 'an-earlier-boot' WHERE pgid = ?").run(otherBoot.pid);
    const lines: string[] = [];
    const results = await cleanUpProcessGroups({ store, clock: systemClock, log: (l) => lines.push(l) });
    assert.deepEqual(results.map((r) => r.outcome), ['gone', 'gone']);
    assert.ok(alive(recycled.pid!) && alive(otherBoot.pid!), 'the processes now holding those pids still run');
    assert.deepEqual(lines, []);
    assert.deepEqual(store.list(), []);
  });

  test('groups of a server that still runs are left alone, with their rows', async () => {
    const db = openDatabase(':memory:');
    const store = new ProcessGroupStore(db); // recorded by this (live) process
    const child = spawnGroup();
    store.record(child.pid!, { kind: 'trial', studyId: 'st_live', trialNumber: 0 });
    assert.deepEqual(await cleanUpProcessGroups({ store, clock: systemClock }), []);
    assert.ok(alive(child.pid!));
    assert.equal(store.list().length, 1);
  });

  test('without /proc (no start time) nothing is killed', async () => {
    const db = openDatabase(':memory:');
    const store = new ProcessGroupStore(db, { procRoot: emptyProc, selfPid: spawnSync('true').pid });
    const child = spawnGroup();
    store.record(child.pid!, { kind: 'trial', studyId: 'st_x', trialNumber: 0 });
    assert.equal(store.list()[0]!.startTime, null);
    const results = await cleanUpProcessGroups({ store, clock: systemClock, procRoot: emptyProc });
    assert.deepEqual(results.map((r) => r.outcome), ['unverified']);
    assert.ok(alive(child.pid!));
    assert.deepEqual(store.list(), []);
  });
});
