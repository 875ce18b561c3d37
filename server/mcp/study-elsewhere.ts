/**
 * A study's status as a tool returns it, told apart when no tunechat process here runs it. Studies run in the process
 * that started them: `tunechat mcp` on stdio exits when its client closes it (Claude Code after each `claude -p`, a
 * one-shot client after each call), suspending its studies, which stay `running` in storage until `npm start` resumes
 * them. Another stdio process or the server sees them `running` but cannot follow them: `wait_for_study` returns at
 * once. Without a mark, a client's model reads "running" and waits again, forever.
 */
type Json = Record<string, unknown>;

const LIVE = ['created', 'running', 'stopping'];

/**
 * `value` with `runs_here: false` and a `note` saying what to do, when it is a study status (study_status,
 * wait_for_study, best_trials) of a live study that this process does not run; otherwise `value` unchanged.
 */
export function markStudyElsewhere(value: unknown, isRunningHere: (studyId: string) => boolean, pid: number = process.pid): unknown {
  if (!isObject(value) || typeof value.study_id !== 'string' || typeof value.status !== 'string' || !isObject(value.trials)) return value;
  if (!LIVE.includes(value.status) || isRunningHere(value.study_id)) return value;
  const trials = value.trials;
  const done = ['complete', 'pruned', 'failed'].reduce((sum, key) => sum + (typeof trials[key] === 'number' ? (trials[key] as number) : 0), 0);
  const remaining = typeof trials.budget === 'number' ? Math.max(trials.budget - done, 0) : null;
  const note = [
    `study ${value.study_id} is ${value.status} in storage but does not run in this tunechat process (pid ${pid}), so waiting here cannot follow it.`,
    'Another tunechat process started it: either one that has exited (an earlier `tunechat mcp` whose client closed it, or `tunechat ask`; its studies are suspended until `npm start` resumes them)',
    'or one that runs it now (the server, another `tunechat mcp`).',
    `If none runs it, continue_study runs the rest here (trials: ${remaining ?? 'the remaining budget'}) and stop_study ends it.`,
  ].join(' ');
  return { ...value, runs_here: false, note };
}

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
