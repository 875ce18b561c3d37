import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { openDatabase } from '../../db/open.ts';
import { BenchStore } from '../../db/bench-store.ts';
import { ProcessGroupStore } from '../../db/process-group-store.ts';
import { loadConfig } from '../../server/config.ts';
import { createServices } from '../../server/services.ts';
import { BenchService } from '../../tools/bench/bench-service.ts';
import { createServiceTarget } from '../../tools/bench/service-target.ts';
import { systemClock } from '../../tools/common/clock.ts';
import { recordChildGroup, type ProcessGroupOwner, type ProcessGroupRecorder } from '../../tools/common/process-group-recorder.ts';
import { readProcessStat } from '../../tools/common/process-identity.ts';
import { createCommandTarget } from '../../tools/optimizer/targets/command.ts';
import type { EvaluationContext, TargetSpec } from '../../tools/optimizer/types.ts';
import { scriptedModel } from '../support/mock-model.ts';

// Every spawn site that starts a child in its own process group (command targets, service targets, bench command
// runs) must tell the injected recorder, so a server restarted after kill -9 can stop what is left (see
// crash-safety.test.ts). The recorder here checks, at record time, that the pid really leads its own group.

const linux = existsSync('/proc/self/stat');

interface Recorded {
  pgid: number;
  owner: ProcessGroupOwner;
  leadsOwnGroup: boolean | null;
  released: boolean;
}

function fakeRecorder(): ProcessGroupRecorder & { groups: Recorded[] } {
  const groups: Recorded[] = [];
  return {
    groups,
    record(pgid, owner) {
      const stat = readProcessStat(pgid);
      const entry: Recorded = { pgid, owner, leadsOwnGroup: stat ? stat.pgrp === pgid : null, released: false };
      groups.push(entry);
      return () => {
        assert.equal(entry.released, false, 'released once');
        entry.released = true;
      };
    },
  };
}

const context = (overrides: Partial<EvaluationContext> = {}): EvaluationContext => ({ trialNumber: 3, studyId: 'st_a', signal: new AbortController().signal, report: () => false, ...overrides });
const node = (code: string) => [process.execPath, '-e', code];

describe('spawned process groups are recorded while they run', () => {
  test('a command target records each trial group with its study and trial, and forgets it when the trial ends', async () => {
    const recorder = fakeRecorder();
    const target = createCommandTarget({ kind: 'command', command: node('console.log(JSON.stringify({ loss: 1 }))') }, { processGroups: recorder });
    assert.deepEqual(await target.evaluate({}, context()), { loss: 1 });
    assert.deepEqual(recorder.groups.map((g) => [g.owner, g.released]), [[{ kind: 'trial', studyId: 'st_a', trialNumber: 3 }, true]]);
    if (linux) assert.equal(recorder.groups[0]!.leadsOwnGroup, true);
    // A failed trial is forgotten too.
    const failing = createCommandTarget({ kind: 'command', command: node('process.exit(2)') }, { processGroups: recorder });
    await assert.rejects(failing.evaluate({}, context({ trialNumber: 5 })), /exited with code 2/);
    assert.deepEqual(recorder.groups.map((g) => [g.owner.kind === 'trial' && g.owner.trialNumber, g.released]), [[3, true], [5, true]]);
  });

  test('a service target records the service it starts and forgets it once it stopped', async () => {
    const recorder = fakeRecorder();
    const spec = { kind: 'service', command: node('process.exit(3)'), health_url: 'http://127.0.0.1:{port}/health', load: { type: 'http', url: 'http://127.0.0.1:{port}/' } } as unknown as TargetSpec;
    const target = createServiceTarget(spec, { clock: systemClock, allowedHosts: [], processGroups: recorder });
    await assert.rejects(target.evaluate({}, context({ trialNumber: 7 })), /exited before it became healthy/);
    assert.deepEqual(recorder.groups.map((g) => [g.owner, g.released]), [[{ kind: 'trial', studyId: 'st_a', trialNumber: 7 }, true]]);
  });

  test('a bench command run records every run with the run id it stores', async () => {
    const recorder = fakeRecorder();
    const bench = new BenchService({ store: new BenchStore(openDatabase(':memory:')), clock: systemClock, allowedHosts: [], processGroups: recorder });
    const run = await bench.runCommand({ command: node(''), runs: 2, warmup: 1 });
    assert.ok(recorder.groups.length >= 3, `recorded ${recorder.groups.length} groups`);
    assert.ok(recorder.groups.every((g) => g.released && g.owner.kind === 'bench' && g.owner.runId === run.id));
    if (linux) assert.ok(recorder.groups.every((g) => g.leadsOwnGroup === true));
  });

  test('the services wiring: a study started through Services records its trials under the study id (SQLite rows while they run)', async () => {
    const db = openDatabase(':memory:');
    const store = new ProcessGroupStore(db);
    const rowsSeen: (string | null)[] = [];
    const recorder: ProcessGroupRecorder = {
      record(pgid, owner) {
        const release = store.record(pgid, owner);
        const row = store.list().find((g) => g.pgid === pgid);
        rowsSeen.push(row?.owner.kind === 'trial' ? `${row.owner.studyId}#${row.owner.trialNumber}` : null);
        return release;
      },
    };
    const services = createServices({ db, clock: systemClock, config: loadConfig({ TUNECHAT_DB: ':memory:' }), model: scriptedModel([{ text: 'ok' }]), processGroups: recorder });
    const record = await services.studies.start({
      space: { x: { type: 'float', low: 0, high: 1 } },
      objectives: [{ metric: 'loss', direction: 'minimize' }],
      target: { kind: 'command', command: node('console.log(JSON.stringify({ loss: 0.5 }))') },
      budget: { trials: 2 },
      seed: 1,
    });
    const final = await services.studies.wait(record.id);
    assert.equal(final.trials.complete, 2);
    assert.deepEqual(rowsSeen, [`${record.id}#0`, `${record.id}#1`]);
    assert.deepEqual(store.list(), [], 'rows are deleted when the trials end');
    await services.studies.close();
    db.close();
  });

  test('recordChildGroup records nothing for a child that never got a pid, and the recorder never throws on a closed db', () => {
    const recorder = fakeRecorder();
    recordChildGroup(recorder, { pid: undefined, once: () => undefined }, { kind: 'bench', runId: null });
    assert.equal(recorder.groups.length, 0);
    const db = openDatabase(':memory:');
    const errors: unknown[] = [];
    const store = new ProcessGroupStore(db, { onError: (e) => errors.push(e) });
    db.close();
    const release = store.record(process.pid, { kind: 'bench', runId: 'r' });
    release();
    assert.equal(errors.length, 1);
  });
});
