/**
 * The record of a web-distributed demo run (scripts/demo/web-distributed.ts) as markdown, docs/demo/web-distributed.md:
 * the terminals, every message verbatim, the kill, the workers line as it changed, the trials with where they ran,
 * and the checks (every trial complete and told once, the killed trial retried as attempt 2 on the other worker).
 */
import { formatNumber, markdownTable } from '../../server/agent/offline-model/writers/format.ts';
import { PLACEMENT_ATTRS } from '../../tools/optimizer/remote-trials.ts';
import type { Trial } from '../../tools/optimizer/types.ts';
import type { DemoTurn } from './distill-transcript.ts';

/** A worker as its terminal showed it. */
export interface WorkerRecord { name: string; id: string; output: string[] }
export interface Kill { at: number; trial: number; worker: string; trainPid: number; trainExited: number | null }
/** The study card's workers line and the one study_status would give, when either changed. */
export interface Sample { at: number; line: string; card: string; done: number }
export interface JobRow { id: string; trial: number; state: string; worker: string; attemptsStarted: number; stalled: number }

export interface Check { what: string; ok: boolean; actual: string }

/** What the run must show: every trial complete and told once, the killed trial retried on the other worker. */
export function checkRun(budget: number, trials: Trial[], jobs: JobRow[], kill: Kill | null, keeper: WorkerRecord, victim: WorkerRecord): Check[] {
  const retried = trials.filter((t) => Number(t.systemAttrs[PLACEMENT_ATTRS.attempt] ?? 1) > 1);
  const killedTrial = kill ? trials.find((t) => t.number === kill.trial) : undefined;
  const perTrial = new Map<number, number>();
  for (const j of jobs) perTrial.set(j.trial, (perTrial.get(j.trial) ?? 0) + 1);
  const after = kill ? trials.filter((t) => (t.startedAt ?? 0) > kill.at) : [];
  return [
    { what: `${budget} trials, all complete`, ok: trials.length === budget && trials.every((t) => t.state === 'complete'), actual: `${trials.length} trials, ${trials.filter((t) => t.state === 'complete').length} complete` },
    { what: 'one job per trial, each completed once', ok: jobs.length === trials.length && [...perTrial.values()].every((n) => n === 1) && jobs.every((j) => j.state === 'completed'), actual: `${jobs.length} jobs, states ${[...new Set(jobs.map((j) => j.state))].join('/')}` },
    { what: 'a worker was killed mid-trial', ok: kill !== null, actual: kill ? `trial #${kill.trial} on ${kill.worker}` : 'no kill' },
    { what: 'the killed trial ran again (attempt 2) on the other worker', ok: killedTrial?.systemAttrs[PLACEMENT_ATTRS.attempt] === 2 && killedTrial.systemAttrs[PLACEMENT_ATTRS.worker] === keeper.id, actual: killedTrial ? `attempt ${String(killedTrial.systemAttrs[PLACEMENT_ATTRS.attempt])} on ${String(killedTrial.systemAttrs[PLACEMENT_ATTRS.worker])}; retried trials: ${retried.map((t) => `#${t.number}`).join(', ') || 'none'}` : 'no killed trial' },
    { what: 'trials started after the kill ran on the surviving worker', ok: after.every((t) => t.systemAttrs[PLACEMENT_ATTRS.worker] === keeper.id), actual: `${after.length} started after, ${after.filter((t) => t.systemAttrs[PLACEMENT_ATTRS.worker] === victim.id).length} on the killed worker` },
  ];
}

export interface DistributedRecord {
  budget: number; concurrency: string | undefined; startedAt: number; turns: DemoTurn[]; notes: string[]; samples: Sample[]; kill: Kill | null; trials: Trial[]; jobs: JobRow[]; checks: Check[];
  screenshots: string[]; keeper: WorkerRecord; victim: WorkerRecord; serverLines: string[]; studyLine: string;
}

export function distributedMarkdown(r: DistributedRecord): string {
  const who = (id: unknown) => (id === r.keeper.id ? 'terminal 1' : id === r.victim.id ? 'terminal 2 (killed)' : String(id ?? ''));
  const first = Math.min(...r.trials.map((t) => t.startedAt ?? Infinity));
  const last = Math.max(...r.trials.map((t) => t.completedAt ?? 0));
  const complete = r.trials.filter((t) => t.state === 'complete');
  const killed = r.kill ? r.trials.find((t) => t.number === r.kill!.trial) : undefined;
  const perWorker = [r.keeper, r.victim].map((w) => `${w.name} ${r.trials.filter((t) => t.systemAttrs[PLACEMENT_ATTRS.worker] === w.id && t.state === 'complete').length}`);
  const rel = (at: number | null | undefined) => (at ? `${((at - first) / 1000).toFixed(1)} s` : '');
  const lines = [
    '# Tried as a new user: XGBoost on two workers, one killed',
    '',
    `Recorded by \`nice -n 19 node --import tsx scripts/demo/web-distributed.ts${r.budget === 40 ? '' : ` --trials ${r.budget}`}${r.concurrency ? ` --concurrency ${r.concurrency}` : ''}\` on ${new Date(r.startedAt).toISOString()}:`,
    'a private `redis-server`, the server as `npm start` with `TUNECHAT_REDIS_URL` (offline model, the repository\'s tunechat.json, a fresh',
    'database), and two workers started as in two terminals, in the repository root:',
    '',
    '```',
    '# the server (npm start)',
    ...r.serverLines.map((l) => l.replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT').replace(/db: \S+\)/, 'db: <temp dir>/tunechat.db)')),
    ...[r.keeper, r.victim].flatMap((w) => [`# ${w.name}`, `$ npx tunechat worker --redis redis://127.0.0.1:PORT${r.concurrency ? ` --concurrency ${r.concurrency}` : ''}`, ...w.output.join('').trim().split('\n').slice(0, 6).map((l) => l.replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT'))]),
    '```',
    '',
    ...r.screenshots.map((file) => `![${file}](${file})`),
    '',
  ];
  r.turns.forEach((t, i) => {
    lines.push(`## Turn ${i + 1} (${Math.round((t.endedAt - t.startedAt) / 1000)} s)`, '', `**User:** ${t.user}`, '');
    if (t.tools.length) lines.push(`*Tools called:* ${t.tools.map((name) => `\`${name}\``).join(', ')}`, '');
    lines.push('**Assistant:**', '', ...t.assistant.flatMap((text) => [text.split('\n').map((l) => (l ? `> ${l}` : '>')).join('\n'), '']));
    if (r.notes[i]) lines.push(`*Then:* ${r.notes[i]}`, '');
  });
  lines.push('## The kill', '');
  if (r.kill) {
    lines.push(
      `At ${rel(r.kill.at)} after the first trial started, with ${r.samples.filter((s) => s.at <= r.kill!.at).at(-1)?.done ?? '?'} of ${r.budget} trials done, \`kill -9\` of terminal 2's worker (${r.kill.worker}) while it ran trial #${r.kill.trial}.`,
      `Its train.py (a process group of its own) ${r.kill.trainExited ? `ran on and exited ${((r.kill.trainExited - r.kill.at) / 1000).toFixed(1)} s after the kill` : 'was still running at the end'}.`,
      killed ? `Trial #${r.kill.trial} was retried: attempt ${String(killed.systemAttrs[PLACEMENT_ATTRS.attempt])} on ${who(killed.systemAttrs[PLACEMENT_ATTRS.worker])}, ${killed.state} at ${rel(killed.completedAt)} (${((killed.completedAt! - r.kill.at) / 1000).toFixed(1)} s after the kill).` : '',
    );
  } else lines.push('No kill happened (the second worker never ran a trial once a quarter was done).');
  lines.push(
    '', '## The workers line, as it changed', '',
    'Read every second: what the study card in the chat showed (it follows the study live), and the line `study_status` would give',
    'at that moment (the server\'s `summarizeWorkers` on the same database rows and heartbeats, read by this script).', '',
    markdownTable(['at', 'done', 'study card in the chat', 'study_status now'], r.samples.map((s) => [rel(s.at) || '0 s', `${s.done}/${r.budget}`, s.card, s.line])), '',
  );
  const best = [...complete].sort((a, b) => (a.metrics.latency_p99_ms ?? Infinity) - (b.metrics.latency_p99_ms ?? Infinity))[0];
  lines.push(
    '## The study', '',
    `\`${r.studyLine}\`. Trials: ${r.trials.length}, ${complete.length} complete; per worker: ${perWorker.join(', ')}.`,
    `Wall time, first trial start to last trial end: **${((last - first) / 1000).toFixed(1)} s**; first keystroke to last answer: ${((r.turns.at(-1)!.endedAt - r.turns[0]!.startedAt) / 1000).toFixed(1)} s.`,
    `Recommended in the last answer: trial #${/Recommended: trial #(\d+)/.exec(r.turns.at(-1)!.assistant.join('\n'))?.[1] ?? '?'}.` +
      (best ? ` Lowest latency_p99_ms: trial #${best.number}, ${cell(best.metrics.latency_p99_ms)} ms (accuracy ${cell(best.metrics.accuracy)}), params ${JSON.stringify(best.params)}.` : ''),
    '',
    markdownTable(['trial', 'state', 'worker', 'attempt', 'latency_p99_ms', 'latency_p50_ms', 'accuracy', 'started', 'ended'], r.trials.map((t) => [
      `#${t.number}`, t.state, who(t.systemAttrs[PLACEMENT_ATTRS.worker]), String(t.systemAttrs[PLACEMENT_ATTRS.attempt] ?? ''),
      cell(t.metrics.latency_p99_ms), cell(t.metrics.latency_p50_ms), cell(t.metrics.accuracy), rel(t.startedAt), rel(t.completedAt),
    ])),
    '', '## Checks', '', ...r.checks.map((c) => `- ${c.ok ? 'ok' : '**FAILED**'}: ${c.what}: ${c.actual}`),
    `- jobs in Redis: ${r.jobs.length}; the killed trial's job: ${r.jobs.filter((j) => j.trial === r.kill?.trial).map((j) => `${j.id} started ${j.attemptsStarted} times, stalled ${j.stalled}, completed by ${who(j.worker)}`).join('; ') || '-'}`,
  );
  return `${lines.join('\n').trimEnd()}\n`;
}

function cell(value: number | undefined): string {
  return value === undefined ? '' : formatNumber(value);
}

