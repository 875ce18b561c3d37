/**
 * MCP progress notifications from a streaming tool's intermediate values (AI SDK preliminary results): a study
 * snapshot of `wait_for_study` (trials done / budget, best so far) and a benchmark's `starting` / `running` updates.
 * The final value of a call (the study summary, the `done` run) is its result, never progress. Progress strictly
 * increases within a call, as the MCP specification requires: an update that would not increase it is skipped.
 */
export interface ProgressUpdate {
  progress: number;
  total?: number;
  message: string;
}

type Json = Record<string, unknown>;

export class ToolProgress {
  private last = -Infinity;
  /** Bench commands: runs of the commands already finished, and the command now running with its run count. */
  private commandOffset = 0;
  private command: { text: string; runs: number } | null = null;
  private commands = 1;

  /** The update to send for a yielded value, or null (not a progress value, or no increase). */
  next(value: unknown): ProgressUpdate | null {
    const update = this.read(value);
    if (!update || !(update.progress > this.last)) return null;
    this.last = update.progress;
    return update;
  }

  private read(value: unknown): ProgressUpdate | null {
    if (!isObject(value)) return null;
    if (value.preliminary === true && typeof value.done === 'number') return studyProgress(value);
    if (value.ok !== true) return null;
    if (value.status === 'starting' && Array.isArray(value.will_run)) {
      this.commands = Math.max(1, value.will_run.length);
      return { progress: 0, message: `starting ${value.will_run.map((argv) => (Array.isArray(argv) ? argv.join(' ') : String(argv))).join(' | ')}` };
    }
    if (value.status === 'running' && isObject(value.progress)) return this.benchProgress(value.progress);
    return null;
  }

  private benchProgress(p: Json): ProgressUpdate | null {
    if (p.kind === 'command' && typeof p.run === 'number' && typeof p.runs === 'number') {
      const text = String(p.command);
      if (this.command && this.command.text !== text) this.commandOffset += this.command.runs;
      this.command = { text, runs: p.runs };
      return { progress: this.commandOffset + p.run, total: p.runs * this.commands, message: `${text}: run ${p.run}/${p.runs}, mean ${round(p.mean_ms)} ms` };
    }
    if (p.kind === 'http' && typeof p.elapsed_s === 'number') {
      return { progress: p.elapsed_s, message: `${round(p.elapsed_s)} s, ${p.total_requests} requests` };
    }
    if (p.kind === 'llm' && typeof p.completed === 'number') {
      const done = p.completed + (typeof p.failed === 'number' ? p.failed : 0);
      return { progress: done, ...(typeof p.total === 'number' ? { total: p.total } : {}), message: `${done}/${p.total} requests (${p.failed} failed), ${p.output_tokens} output tokens` };
    }
    return null;
  }
}

/** `wait_for_study`'s snapshot: `{ done, total, running, best: { number, values }, objectives }`. */
function studyProgress(value: Json): ProgressUpdate {
  const done = value.done as number;
  const total = typeof value.total === 'number' && value.total > 0 ? value.total : undefined;
  const parts = [`${done}${total !== undefined ? `/${total}` : ''} trials`];
  if (typeof value.running === 'number' && value.running > 0) parts.push(`${value.running} running`);
  const best = isObject(value.best) ? value.best : null;
  const objectives = Array.isArray(value.objectives) ? (value.objectives as Json[]) : [];
  if (best && Array.isArray(best.values)) {
    const values = (best.values as unknown[]).map((v, i) => `${objectives[i]?.metric ?? `objective ${i + 1}`} ${round(v)}`).join(', ');
    parts.push(`best ${values} (trial #${best.number})`);
  }
  return { progress: done, ...(total !== undefined ? { total } : {}), message: parts.join(', ') };
}

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function round(value: unknown): string {
  return typeof value === 'number' ? String(Number(value.toPrecision(6))) : String(value);
}
