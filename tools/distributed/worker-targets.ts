/**
 * The targets a worker can evaluate: those of its `tunechat.json` files (the working directory's by default, with
 * their includes) and the builtin problems, optionally narrowed by `--targets a,b`. Database registrations stay on the
 * server: a worker has no database, so a target a worker should run belongs in a tunechat.json on that machine.
 */
import { ToolError } from '../common/errors.ts';
import { builtinTarget } from '../optimizer/target-resolver.ts';
import { builtinProblemNames } from '../optimizer/targets/builtin-problems.ts';
import type { TargetSpec } from '../optimizer/types.ts';
import { loadTargetFiles } from '../targets/config-file.ts';

export interface WorkerTarget {
  name: string;
  spec: TargetSpec;
  /** The tunechat.json it came from, or "builtin". */
  origin: string;
}

export interface WorkerTargets {
  targets: WorkerTarget[];
  /** Lines about files or targets that could not be read (the rest still loads). */
  warnings: string[];
}

/** Throws ToolError `invalid_argument` when `only` names a target the worker does not have. */
export function loadWorkerTargets(options: { files: string[]; only?: readonly string[] }): WorkerTargets {
  const loaded = loadTargetFiles(options.files);
  const byName = new Map<string, WorkerTarget>();
  for (const { definition, origin } of loaded.targets) byName.set(definition.name, { name: definition.name, spec: definition.spec, origin });
  for (const name of builtinProblemNames()) if (!byName.has(name)) byName.set(name, { name, spec: builtinTarget(name)!.spec, origin: 'builtin' });
  if (!options.only || options.only.length === 0) return { targets: [...byName.values()], warnings: loaded.errors };
  const missing = options.only.filter((name) => !byName.has(name));
  if (missing.length > 0) {
    const known = [...byName.keys()];
    throw new ToolError('invalid_argument', `--targets names ${missing.map((m) => `"${m}"`).join(', ')}, which this worker does not have (targets come from tunechat.json in ${options.files.join(', ') || 'no file'} and the builtin problems); it has: ${known.join(', ')}`, {
      details: { parameter: 'targets', missing, known },
    });
  }
  return { targets: options.only.map((name) => byName.get(name)!), warnings: loaded.errors };
}
