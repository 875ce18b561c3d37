/**
 * Ask+tell overhead per trial: a trivial objective on 5 float parameters (as ANCHORS.md §1), median over a window
 * of trials once the study holds ~100 and ~1000 completed trials, with in-memory storage and with SQLite (a file
 * database in WAL mode, as the server uses).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../db/open.ts';
import { SqliteStudyStorage } from '../../db/study-storage.ts';
import { InMemoryStorage } from '../../tools/optimizer/in-memory-storage.ts';
import { createSampler } from '../../tools/optimizer/samplers/index.ts';
import type { StudyStorage } from '../../tools/optimizer/storage.ts';
import { Study } from '../../tools/optimizer/study.ts';

export interface OverheadResult {
  sampler: string;
  storage: 'memory' | 'sqlite';
  /** Median wall-clock ms per ask+tell around each checkpoint. */
  ms: Record<number, number>;
  /** Median CPU ms (user + system) per ask+tell around each checkpoint: robust on a shared, loaded machine. */
  cpuMs: Record<number, number>;
}

const SPACE = Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`x${i}`, { type: 'float', low: -5, high: 5 }]));

export function measureOverhead(options: { sampler: string; storage: 'memory' | 'sqlite'; checkpoints: number[]; window: number; seed: number }): OverheadResult {
  const dir = options.storage === 'sqlite' ? mkdtempSync(join(tmpdir(), 'tunechat-bench-')) : null;
  const db = dir ? openDatabase(join(dir, 'bench.db')) : null;
  const storage: StudyStorage = db ? new SqliteStudyStorage(db) : new InMemoryStorage();
  try {
    storage.createStudy({
      id: 'overhead', name: 'overhead', sessionId: null, status: 'running', createdAt: 0, updatedAt: 0,
      spec: { space: SPACE, objectives: [{ metric: 'value', direction: 'minimize' }], target: { kind: 'builtin', problem: 'none' } },
    });
    const study = new Study({ storage, record: storage.getStudy('overhead')!, sampler: createSampler(options.sampler, { seed: options.seed }) });
    const last = Math.max(...options.checkpoints) + options.window;
    const times: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < last; i++) {
      const cpuStart = process.cpuUsage();
      const started = performance.now();
      const trial = study.ask();
      let value = 0;
      for (let j = 0; j < 5; j++) value += (trial.params[`x${j}`] as number) ** 2;
      study.tell(trial.number, { values: [value] });
      times.push(performance.now() - started);
      const used = process.cpuUsage(cpuStart);
      cpu.push((used.user + used.system) / 1000);
    }
    // Median over the window: robust to the scheduling spikes of a shared machine.
    const mean = (values: number[], checkpoint: number) => {
      const window = values.slice(checkpoint, checkpoint + options.window).sort((a, b) => a - b);
      const mid = window.length >> 1;
      return window.length % 2 ? window[mid]! : (window[mid - 1]! + window[mid]!) / 2;
    };
    const ms: Record<number, number> = {};
    const cpuMs: Record<number, number> = {};
    for (const checkpoint of options.checkpoints) {
      ms[checkpoint] = mean(times, checkpoint);
      cpuMs[checkpoint] = mean(cpu, checkpoint);
    }
    return { sampler: options.sampler, storage: options.storage, ms, cpuMs };
  } finally {
    db?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}
