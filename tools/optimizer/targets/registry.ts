/**
 * Target kinds: `TargetSpec.kind` → factory. Core registers `command`, `http` and `builtin` in
 * `targets/index.ts`; the bench engineer registers `service` there with one line.
 */
import { ToolError } from '../../common/errors.ts';
import type { Clock } from '../../common/clock.ts';
import type { HostResolver } from '../../common/host-policy.ts';
import type { ProcessGroupRecorder } from '../../common/process-group-recorder.ts';
import type { Target, TargetSpec } from '../types.ts';

export interface TargetDeps {
  clock: Clock;
  /** Hosts besides loopback that http and service targets may call (from config; see tools/common/host-policy.ts). */
  allowedHosts: readonly string[];
  /** Resolves host names for the host policy (tests inject one; default: the system resolver). */
  resolveHost?: HostResolver;
  /** Records the process groups that trials spawn, so a restarted server can stop orphans (default: not recorded). */
  processGroups?: ProcessGroupRecorder;
  /** Free-form services some kinds need (the bench service for `service` targets). */
  [service: string]: unknown;
}

/** Validates the spec (throwing `ToolError('invalid_argument')`) and builds the target. */
export type TargetFactory = (spec: TargetSpec, deps: TargetDeps) => Target;

const factories = new Map<string, TargetFactory>();

export function registerTargetKind(kind: string, factory: TargetFactory): void {
  factories.set(kind, factory);
}

export function targetKinds(): string[] {
  return [...factories.keys()].sort();
}

export function createTarget(spec: TargetSpec, deps: TargetDeps): Target {
  const kind = (spec as { kind?: unknown })?.kind;
  const factory = typeof kind === 'string' ? factories.get(kind) : undefined;
  if (!factory) {
    throw new ToolError('invalid_argument', `unknown target kind ${JSON.stringify(kind)}; known kinds: ${targetKinds().join(', ')}`, {
      details: { kind: kind ?? null, known: targetKinds() },
    });
  }
  return factory(spec, deps);
}
