/**
 * The wire format between the tunechat server and its workers (BullMQ jobs on Redis), versioned. A job asks a
 * worker to evaluate one trial of a named target; the worker streams `TrialProgress` as the job's progress and
 * completes the job with a `TrialJobResult`. Everything read from Redis is parsed here before it is trusted:
 * Redis is shared infrastructure, so a payload may come from an older tunechat, another program, or a hostile writer.
 */
import type { Params } from '../optimizer/types.ts';

/** Bumped on any incompatible change of the shapes below. A worker fails jobs of another version, naming both. */
export const PROTOCOL_VERSION = 1;

/** Bounds on what crosses Redis (a job, a report, a result), checked on both sides. */
export const PROTOCOL_LIMITS = Object.freeze({
  /** Parameters of one trial (the study spec's own limit). */
  params: 64,
  /** Characters of one string parameter value. */
  stringValue: 10_000,
  /** Metrics in one report or result. */
  metrics: 256,
  /** Characters of a failure or prune reason. */
  reason: 4_000,
});

/** One trial to evaluate: the BullMQ job's data. */
export interface TrialJobData {
  v: number;
  study: string;
  trial: number;
  /** The trial's attempt (retries of a failed trial are new trials with attempt + 1). */
  attempt: number;
  /** The target's name; the worker resolves it in its own registry (tunechat.json, builtins). */
  target: string;
  params: Params;
}

/** Job progress a worker publishes: once when it starts the trial, then per intermediate report. */
export type TrialProgress =
  | { v: number; kind: 'start'; worker: string; host: string; started: number; /** The job's starts so far (BullMQ attemptsStarted): 2 after a worker died. */ attempt: number }
  | { v: number; kind: 'report'; step: number; metrics: Record<string, number> };

/** What a worker completes a job with. A failed trial fails the job instead (its reason is the job's failedReason). */
export type TrialJobResult =
  | { v: number; outcome: 'complete'; worker: string; metrics: Record<string, number> }
  | { v: number; outcome: 'pruned' | 'stopped'; worker: string; reason: string; step: number | null };

/** What the server asks of a running trial through its control key (read by the worker at each report and poll). */
export interface TrialControl {
  action: 'prune' | 'stop';
  reason: string;
}

/** A payload that breaks the protocol; `code` names the rule. */
export class ProtocolError extends Error {
  override name = 'ProtocolError';
  constructor(readonly code: 'version_mismatch' | 'invalid_payload', message: string) {
    super(message);
  }
}

/** Queue of one target's trials. Workers subscribe only to the targets they have, so "declining" a job is structural. */
export function trialQueueName(target: string): string {
  return `trials.${target}`;
}

/** Deterministic and unique per (study, trial, attempt): adding it twice is a no-op, and a restarted server finds it again. */
export function trialJobId(study: string, trial: number, attempt: number): string {
  return `${study}.t${trial}.a${attempt}`;
}

type Json = Record<string, unknown>;
const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function invalid(what: string, value: unknown): ProtocolError {
  const shown = JSON.stringify(value) ?? String(value);
  return new ProtocolError('invalid_payload', `${what}, got ${shown.length > 200 ? `${shown.slice(0, 200)}…` : shown}`);
}

function checkVersion(payload: Json, what: string): void {
  if (payload.v !== PROTOCOL_VERSION) {
    throw new ProtocolError(
      'version_mismatch',
      `${what} speaks tunechat protocol v${JSON.stringify(payload.v ?? null)}, this process speaks v${PROTOCOL_VERSION}: run the same tunechat version on the server and its workers`,
    );
  }
}

/** A record of finite numbers within the size limit. */
export function parseMetricRecord(value: unknown, what: string): Record<string, number> {
  if (!isRecord(value)) throw invalid(`${what} must be an object of numbers`, value);
  const entries = Object.entries(value);
  if (entries.length > PROTOCOL_LIMITS.metrics) throw invalid(`${what} has ${entries.length} metrics, the limit is ${PROTOCOL_LIMITS.metrics}`, entries.length);
  for (const [name, metric] of entries) {
    if (typeof metric !== 'number' || !Number.isFinite(metric)) throw invalid(`${what}: metric "${name.slice(0, 100)}" must be a finite number`, metric);
  }
  return value as Record<string, number>;
}

function parseReason(value: unknown, what: string): string {
  if (typeof value !== 'string') throw invalid(`${what} must be a string`, value);
  return value.slice(0, PROTOCOL_LIMITS.reason);
}

/** The job data a worker received. Throws `ProtocolError` naming the rule broken. */
export function parseTrialJob(data: unknown): TrialJobData {
  if (!isRecord(data)) throw invalid('a trial job must be a JSON object', data);
  checkVersion(data, 'this job');
  const { study, trial, attempt, target, params } = data;
  if (typeof study !== 'string' || study.length === 0 || study.length > 200) throw invalid('job.study must be a study id (1-200 characters)', study);
  if (typeof trial !== 'number' || !Number.isSafeInteger(trial) || trial < 0) throw invalid('job.trial must be a trial number (integer >= 0)', trial);
  if (typeof attempt !== 'number' || !Number.isSafeInteger(attempt) || attempt < 1) throw invalid('job.attempt must be an integer >= 1', attempt);
  if (typeof target !== 'string' || !/^[a-z0-9][a-z0-9_.-]{0,63}$/.test(target)) throw invalid('job.target must be a target name', target);
  if (!isRecord(params)) throw invalid('job.params must be an object', params);
  const entries = Object.entries(params);
  if (entries.length > PROTOCOL_LIMITS.params) throw invalid(`job.params has ${entries.length} parameters, the limit is ${PROTOCOL_LIMITS.params}`, entries.length);
  for (const [name, value] of entries) {
    const scalar = value === null || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && value.length <= PROTOCOL_LIMITS.stringValue);
    if (!scalar) throw invalid(`job.params.${name.slice(0, 100)} must be a finite number, a string of at most ${PROTOCOL_LIMITS.stringValue} characters, a boolean or null`, value);
  }
  return { v: PROTOCOL_VERSION, study, trial, attempt, target, params: params as Params };
}

/** A job's progress as the server reads it; null for anything that is not a trial progress (ignored). */
export function parseTrialProgress(data: unknown): TrialProgress | null {
  if (!isRecord(data) || data.v !== PROTOCOL_VERSION) return null;
  try {
    if (data.kind === 'start' && typeof data.worker === 'string' && typeof data.host === 'string' && typeof data.started === 'number') {
      const attempt = typeof data.attempt === 'number' && Number.isSafeInteger(data.attempt) && data.attempt > 0 ? data.attempt : 1;
      return { v: PROTOCOL_VERSION, kind: 'start', worker: data.worker.slice(0, 200), host: data.host.slice(0, 200), started: data.started, attempt };
    }
    if (data.kind === 'report' && typeof data.step === 'number' && Number.isFinite(data.step)) {
      return { v: PROTOCOL_VERSION, kind: 'report', step: data.step, metrics: parseMetricRecord(data.metrics, 'a report') };
    }
  } catch {
    return null;
  }
  return null;
}

/** A completed job's return value. Throws `ProtocolError` (the trial then fails with that reason). */
export function parseTrialResult(value: unknown): TrialJobResult {
  if (!isRecord(value)) throw invalid('a trial result must be a JSON object', value);
  checkVersion(value, "the worker's result");
  const worker = typeof value.worker === 'string' ? value.worker.slice(0, 200) : 'unknown';
  if (value.outcome === 'complete') return { v: PROTOCOL_VERSION, outcome: 'complete', worker, metrics: parseMetricRecord(value.metrics, "the worker's metrics") };
  if (value.outcome === 'pruned' || value.outcome === 'stopped') {
    const step = typeof value.step === 'number' && Number.isFinite(value.step) ? value.step : null;
    return { v: PROTOCOL_VERSION, outcome: value.outcome, worker, reason: parseReason(value.reason, 'result.reason'), step };
  }
  throw invalid('result.outcome must be complete, pruned or stopped', value.outcome);
}

/** A control key's value; null when absent or unreadable (the trial simply goes on). */
export function parseTrialControl(raw: string | null): TrialControl | null {
  if (raw === null) return null;
  try {
    const value = JSON.parse(raw) as unknown;
    if (isRecord(value) && (value.action === 'prune' || value.action === 'stop')) return { action: value.action, reason: parseReason(value.reason, 'control.reason') };
  } catch {
    // Not ours: ignored.
  }
  return null;
}
