import { parseCommandLine } from '../../../../tools/common/command-line.ts';
import { destructiveReason } from '../../../../tools/common/destructive-command.ts';
import { textPlan, type Plan, type PlanInput } from '../plan.ts';
import { findCommand } from './bench.ts';

/** Words that ask to measure a command, not just to have it run. */
const MEASURE_WORDS = /\b(?:bench(?:mark)?\w*|time[sd]?|timing|how (?:fast|long|quick|slow)|measure\w*|compare\w*|profile\w*|hyperfine|runs|warm ?ups?|speed|faster|slower|latency|duration|mean|median|p\d\d)\b|\b\d+\s*(?:x|times)\b/i;

/** Words of registering or tuning a command: not a chore either. */
const TARGET_WORDS = /\b(?:regist\w*|targets?|tun\w*|metrics?|objectives?|optimi[sz]\w*)\b/i;
const SHELLS = new Set(['bash', 'sh', 'zsh', 'dash', 'fish', 'ksh']);

/**
 * "run `rm -rf ~` and free up some disk space": a destructive command asked for without a word of measuring is a
 * chore, not a benchmark. tunechat runs commands to time them, so it says so instead of calling bench_command (a
 * benchmark of a destructive command still goes to the tool, which asks the user to confirm it).
 */
export function matchChoreCommand(input: PlanInput): Plan | null {
  const command = findCommand(input.raw);
  if (!command) return null;
  const parsed = parseCommandLine(command);
  // A shell running a script (`bash train.sh`) looks destructive to the gate but is no chore: it is registered and tuned.
  if (!parsed.ok || SHELLS.has(parsed.argv[0] ?? '') || !destructiveReason(parsed.argv, { cwd: process.cwd() })) return null;
  if (MEASURE_WORDS.test(input.raw.replace(/`[^`]*`/g, ' ')) || TARGET_WORDS.test(input.raw)) return null;
  return textPlan('out-of-scope', `I will not run \`${command}\`: I run commands only to benchmark them (time, compare, load-test), and this one looks destructive. To measure a command, say for example "time \`python3 predict.py\` 10 times".`);
}
