/** Registers the built-in target kinds. Import targets through this module so the registry is complete. */
import { createBuiltinTarget } from './builtin.ts';
import { createCommandTarget } from './command.ts';
import { createHttpTarget } from './http.ts';
import { registerTargetKind } from './registry.ts';
import { createServiceTarget } from '../../bench/service-target.ts';

registerTargetKind('command', (spec, deps) => createCommandTarget(spec, deps));
registerTargetKind('http', (spec, deps) => createHttpTarget(spec, deps));
registerTargetKind('builtin', (spec) => createBuiltinTarget(spec));
registerTargetKind('service', (spec, deps) => createServiceTarget(spec, deps));

export { createTarget, registerTargetKind, targetKinds } from './registry.ts';
export type { TargetDeps, TargetFactory } from './registry.ts';
