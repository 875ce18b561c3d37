/** Shared library for training targets (examples/distill, examples/text-finetune): trial I/O, schedules, measures, guards. */
export * from './trial-io.ts';
export * from './schedules.ts';
export * from './measure.ts';
export * from './guards.ts';
