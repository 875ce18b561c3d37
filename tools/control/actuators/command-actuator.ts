/**
 * Execute by running a command: the argv template with `{value}` replaced, spawned without a shell in its own
 * process group, bounded by a timeout (the whole group is killed past it). Exit code 0 is success; anything else
 * is `actuator_failed` with the tail of stderr. A command cannot report the current value: `read()` is null.
 * Only operator-registered targets carry command actuators (the target registry enforces who may register them).
 */
import { spawn } from 'node:child_process';
import { controlError } from '../sources/control-error.ts';
import type { Actuator } from '../types.ts';
import { exitOf, fillTemplate, stopGroup, tailOf } from './process-tools.ts';

export const COMMAND_ACTUATOR_DEFAULTS = Object.freeze({ timeout_ms: 30_000, kill_grace_ms: 2000 });

export interface CommandActuatorOptions {
  parameter: string;
  command: readonly string[];
  cwd?: string;
  timeout_ms?: number;
}

export class CommandActuator implements Actuator {
  readonly kind = 'command';
  readonly describe: string;

  constructor(private readonly options: CommandActuatorOptions) {
    this.describe = `command ${JSON.stringify(options.command)}`;
  }

  async read(): Promise<number | null> {
    return null;
  }

  async apply(value: number, signal?: AbortSignal): Promise<void> {
    const argv = this.options.command.map((arg) => fillTemplate(arg, { value: String(value) }));
    const timeoutMs = this.options.timeout_ms ?? COMMAND_ACTUATOR_DEFAULTS.timeout_ms;
    const child = spawn(argv[0]!, argv.slice(1), { cwd: this.options.cwd, stdio: ['ignore', 'ignore', 'pipe'], detached: true, shell: false });
    const stderr = tailOf(child.stderr);
    let stopped: string | null = null;
    const stop = (why: string) => {
      stopped ??= why;
      void stopGroup(child, COMMAND_ACTUATOR_DEFAULTS.kill_grace_ms);
    };
    const timer = setTimeout(() => stop(`timed out after ${timeoutMs} ms`), timeoutMs);
    const onAbort = () => stop(`aborted: ${String(signal?.reason instanceof Error ? signal.reason.message : signal?.reason)}`);
    signal?.addEventListener('abort', onAbort, { once: true });
    const exit = await exitOf(child, 'close').finally(() => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    });
    const tail = stderr();
    const details = { argv, exit, ...(tail ? { stderr: tail.slice(-500) } : {}) };
    if (stopped !== null) throw controlError('actuator_failed', `${JSON.stringify(argv)} ${stopped}${tail ? `; stderr: ${tail.slice(-500)}` : ''}`, { details });
    if (exit !== 'exit code 0') {
      throw controlError('actuator_failed', `${JSON.stringify(argv)} ended with ${exit}${tail ? `; stderr: ${tail.slice(-500)}` : ' (no stderr)'}`, { details });
    }
  }
}
