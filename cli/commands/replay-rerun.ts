/** `tunechat replay <id> --rerun`: loaded by cli/commands/replay.ts; the regression check lives in cli/rerun.ts. */
export { run } from '../rerun.ts';
