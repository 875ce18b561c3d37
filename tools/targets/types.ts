/**
 * The target registry's contract types: what a user registers (from chat, the CLI or `tunechat.json`)
 * and what the optimizer's `start_study` resolves a target name to. No runtime imports.
 */
import type { ResolvedTarget as OptimizerResolvedTarget } from '../optimizer/target-resolver.ts';
import type { Direction, TargetSpec } from '../optimizer/types.ts';
import type { ControlSection } from '../control/types.ts';

/** A metric a target reports on its last stdout line / in its JSON response. */
export interface TargetMetric {
  name: string;
  /** The usual direction when the user only names the metric ("for latency" → minimize). */
  direction?: Direction;
  unit?: string;
  description?: string;
}

/** Where a definition came from; user registrations (database) win over files, files over builtins. */
export type TargetSource = 'database' | 'file' | 'builtin';

/**
 * A target as registered. `spec` says how to evaluate one trial (a `TargetSpec` of the optimizer:
 * command / http / builtin / service); `space` is its default search space (either vocabulary), or
 * `template` names a family template (see templates/) used when `space` is absent.
 */
export interface TargetDefinition {
  name: string;
  kind: string;
  spec: TargetSpec;
  metrics: TargetMetric[];
  family?: string;
  /** Other names users call it by in chat ("the digits model", "the text classifier"); the offline model reads them. */
  aliases?: string[];
  template?: string;
  space?: Record<string, unknown>;
  /**
   * A known-good configuration, run as trial 0 of a study on the default space (`space`, else the template's), unless
   * the study gives its own space or `enqueue`. Absent: the template's baseline when the template's space is used.
   */
  baseline?: Record<string, number | string | boolean>;
  description?: string;
  /** How to watch and steer the running service live (start_controller; tools/control/types.ts ControlSection). */
  control?: ControlSection;
}

/** Contract 5: what start_study gets for a target name (the optimizer's ResolvedTarget plus where it came from). */
export interface ResolvedTarget extends OptimizerResolvedTarget {
  metrics: TargetMetric[];
  family?: string;
  aliases?: string[];
  source?: TargetSource;
  /** For file targets: the tunechat.json it was read from. */
  origin?: string;
  /** The definition's `control` section: the target can be controlled live. */
  control?: ControlSection;
}

/** Contract 5 (tools/optimizer/target-resolver.ts): name → target, and the list of every target. */
export type { TargetResolver } from '../optimizer/target-resolver.ts';
