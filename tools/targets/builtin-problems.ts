import { builtinTarget } from '../optimizer/target-resolver.ts';
import { builtinProblemNames } from '../optimizer/targets/builtin-problems.ts';
import type { ResolvedTarget, TargetResolver } from './types.ts';

/**
 * The optimizer's builtin test problems as a resolver that can also list synchronously, so tool descriptions
 * built at the start of a turn already carry them (with their spaces).
 */
export class BuiltinProblems implements TargetResolver {
  listSync(): ResolvedTarget[] {
    return builtinProblemNames().map((name) => ({ ...builtinTarget(name)!, source: 'builtin' as const }));
  }

  async list(): Promise<ResolvedTarget[]> {
    return this.listSync();
  }

  async resolve(name: string): Promise<ResolvedTarget | null> {
    const target = builtinTarget(name);
    return target ? { ...target, source: 'builtin' } : null;
  }
}
