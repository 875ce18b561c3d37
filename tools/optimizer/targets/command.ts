/**
 * `{"kind":"command","command":["python3","objective.py"],"cwd"?,"env"?,"timeout_s"?}`: runs the user's program
 * once per trial, as an argument array (never through a shell).
 *
 * Protocol: the trial's params arrive as one JSON object on stdin and in env `TUNECHAT_PARAMS` (plus
 * `TUNECHAT_TRIAL` = trial number). The program prints its metrics as a JSON object on the last non-empty stdout
 * line; optional earlier lines `{"step": n, "metrics": {...}}` are intermediate results that feed pruning.
 * Exit code ≠ 0, a timeout, no JSON or a NaN metric fail the trial with the stderr tail as the reason.
 * On prune or stop the process group gets SIGTERM, then SIGKILL after a grace period. The group is recorded with the
 * injected recorder while it runs (tools/common/process-group-recorder.ts), so a restarted server can stop it.
 */
import { spawn } from 'node:child_process';
import { ToolError } from '../../common/errors.ts';
import { noProcessGroupRecorder, recordChildGroup, type ProcessGroupRecorder } from '../../common/process-group-recorder.ts';
import { TrialPrunedError } from '../trial-pruned.ts';
import type { EvaluationContext, Params, Target, TargetSpec } from '../types.ts';
import { parseMetrics, parseProgressLine, tail } from './output-parser.ts';

export interface CommandTargetSpec {
  kind: 'command';
  command: string[];
  cwd?: string;
  env?: Record<string, string>;
  timeout_s?: number;
}

const KILL_GRACE_MS = 2000;

export function validateCommandSpec(spec: TargetSpec): CommandTargetSpec {
  const s = spec as Partial<CommandTargetSpec>;
  if (!Array.isArray(s.command) || s.command.length === 0 || !s.command.every((a) => typeof a === 'string')) {
    throw new ToolError('invalid_argument', `command must be a non-empty array of strings (argv, no shell), got ${JSON.stringify(s.command ?? null)}`, {
      details: { command: s.command ?? null },
    });
  }
  if (s.timeout_s !== undefined && !(typeof s.timeout_s === 'number' && s.timeout_s > 0)) {
    throw new ToolError('invalid_argument', `timeout_s must be a number > 0, got ${JSON.stringify(s.timeout_s)}`, { details: { timeout_s: s.timeout_s } });
  }
  if (s.env !== undefined && (typeof s.env !== 'object' || s.env === null || Object.values(s.env).some((v) => typeof v !== 'string'))) {
    throw new ToolError('invalid_argument', 'env must be an object of string values', { details: { env: s.env } });
  }
  return s as CommandTargetSpec;
}

/** `processGroups` records each trial's process group while it runs (default: not recorded). */
export function createCommandTarget(spec: TargetSpec, deps: { processGroups?: ProcessGroupRecorder } = {}): Target {
  const options = validateCommandSpec(spec);
  const recorder = deps.processGroups ?? noProcessGroupRecorder;
  return { kind: 'command', evaluate: (params, context) => runCommand(options, params, context, recorder) };
}

function runCommand(options: CommandTargetSpec, params: Params, context: EvaluationContext, recorder: ProcessGroupRecorder): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    if (context.signal.aborted) return reject(context.signal.reason);
    const payload = JSON.stringify(params);
    const [file, ...args] = options.command;
    const child = spawn(file!, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env, TUNECHAT_PARAMS: payload, TUNECHAT_TRIAL: String(context.trialNumber) },
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    recordChildGroup(recorder, child, { kind: 'trial', studyId: context.studyId ?? null, trialNumber: context.trialNumber });
    let stdout = '';
    let stderr = '';
    let pending = '';
    let ended: Error | null = null;
    let killTimer: NodeJS.Timeout | undefined;

    const kill = (reason: Error) => {
      if (ended) return;
      ended = reason;
      signalGroup('SIGTERM');
      killTimer = setTimeout(() => signalGroup('SIGKILL'), KILL_GRACE_MS);
      killTimer.unref();
    };
    const signalGroup = (signal: NodeJS.Signals) => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, signal);
      } catch {
        child.kill(signal);
      }
    };
    const onAbort = () => kill(context.signal.reason instanceof Error ? context.signal.reason : new Error(String(context.signal.reason)));
    context.signal.addEventListener('abort', onAbort, { once: true });
    const timeout = options.timeout_s
      ? setTimeout(() => kill(new Error(`command timed out after ${options.timeout_s} s; stderr tail: ${tail(stderr, 1000)}`)), options.timeout_s * 1000)
      : undefined;

    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      if (stdout.length > 1_000_000) stdout = stdout.slice(-500_000);
      pending += chunk;
      let newline: number;
      while ((newline = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, newline).trim();
        pending = pending.slice(newline + 1);
        const progress = parseProgressLine(line);
        if (progress && !ended && context.report(progress.step, progress.metrics)) kill(new TrialPrunedError(`pruned at step ${progress.step}`));
      }
    });
    child.stderr.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-20_000);
    });
    child.stdin.on('error', () => {}); // the program may exit without reading stdin
    child.stdin.end(payload);

    child.on('error', (error) => {
      ended ??= new Error(`could not start ${JSON.stringify(file)}: ${error.message}`);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timeout);
      clearTimeout(killTimer);
      context.signal.removeEventListener('abort', onAbort);
      if (ended) return reject(ended);
      if (code !== 0) return reject(new Error(`command exited with ${code === null ? `signal ${signal}` : `code ${code}`}; stderr tail: ${tail(stderr, 2000)}`));
      const lines = stdout.split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
      const last = lines[lines.length - 1];
      if (last === undefined) return reject(new Error(`command printed nothing on stdout; stderr tail: ${tail(stderr, 2000)}`));
      try {
        resolve(parseMetrics(last, 'the last stdout line'));
      } catch (error) {
        reject(new Error(`${(error as Error).message}; stderr tail: ${tail(stderr, 2000)}`));
      }
    });
  });
}
