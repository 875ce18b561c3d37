import type { SessionTurn, StoredToolCall } from './session-turns.ts';
import { diffValues, RunNormalizer, type ValueDifference } from './value-diff.ts';

/** How one turn of a rerun compares with the original. */
export interface TurnComparison {
  turn: number;
  userText: string;
  expectedTools: string[];
  actualTools: string[];
  /** Same tools in the same order. */
  sameTools: boolean;
  /** Same tools with the same (normalized) arguments. */
  sameArguments: boolean;
  /** Same (normalized) results, numbers within the tolerance. */
  sameResults: boolean;
  /** Same assistant text after normalization (reported, never a failure: wording is not behaviour). */
  sameText: boolean;
  differences: string[];
}

export interface RerunReport {
  turns: TurnComparison[];
  /** True when every turn called the same tools with the same arguments and (unless ignored) got the same results. */
  ok: boolean;
}

export interface CompareOptions {
  /** Relative tolerance for numbers in results (benchmarks are noisy; seeded studies are exact). Default 1e-9. */
  relativeTolerance: number;
  /** Only compare tools and arguments. */
  ignoreResults: boolean;
}

export const COMPARE_DEFAULTS: Readonly<CompareOptions> = Object.freeze({ relativeTolerance: 1e-9, ignoreResults: false });

/** Compares the turns of an original session with those of its rerun, turn by turn and call by call. */
export function compareRuns(expected: readonly SessionTurn[], actual: readonly SessionTurn[], options: CompareOptions = COMPARE_DEFAULTS): RerunReport {
  const left = new RunNormalizer();
  const right = new RunNormalizer();
  const turns = expected.map((turn, index): TurnComparison => {
    const other = actual[index] ?? { userText: turn.userText, toolCalls: [], assistantText: '' };
    const differences: string[] = [];
    const expectedTools = turn.toolCalls.map((c) => c.name);
    const actualTools = other.toolCalls.map((c) => c.name);
    const sameTools = expectedTools.join('\u0000') === actualTools.join('\u0000');
    if (!sameTools) differences.push(`tools: expected [${expectedTools.join(', ')}], got [${actualTools.join(', ')}]`);
    let sameArguments = sameTools;
    let sameResults = true;
    const count = Math.min(turn.toolCalls.length, other.toolCalls.length);
    for (let i = 0; i < count; i++) {
      const a = turn.toolCalls[i] as StoredToolCall;
      const b = other.toolCalls[i] as StoredToolCall;
      const label = `call ${i + 1} ${a.name}`;
      const inputDiffs = diffValues(left.normalize(a.input), right.normalize(b.input), { relativeTolerance: 0 });
      if (inputDiffs.length > 0) {
        sameArguments = false;
        differences.push(...inputDiffs.map((d) => `${label} input ${describe(d)}`));
      }
      const resultDiffs = diffValues(left.normalize(resultOf(a)), right.normalize(resultOf(b)), { relativeTolerance: options.relativeTolerance });
      if (resultDiffs.length > 0) {
        sameResults = false;
        differences.push(...resultDiffs.map((d) => `${label} result ${describe(d)}`));
      }
    }
    const sameText = JSON.stringify(left.normalize(turn.assistantText)) === JSON.stringify(right.normalize(other.assistantText));
    if (!sameText) differences.push('assistant text differs (not counted as a failure)');
    if (!actual[index]) differences.push('turn missing from the rerun');
    return { turn: index + 1, userText: turn.userText, expectedTools, actualTools, sameTools, sameArguments, sameResults, sameText, differences };
  });
  const ok = turns.every((t) => t.sameTools && t.sameArguments && (options.ignoreResults || t.sameResults));
  return { turns, ok };
}

function resultOf(call: StoredToolCall): unknown {
  return call.errorText === undefined ? { output: call.output } : { error: call.errorText };
}

function describe(d: ValueDifference): string {
  const change = `${JSON.stringify(d.expected) ?? 'absent'} → ${JSON.stringify(d.actual) ?? 'absent'}`;
  const relative =
    typeof d.expected === 'number' && typeof d.actual === 'number' && d.expected !== 0 ? ` (${(((d.actual - d.expected) / Math.abs(d.expected)) * 100).toFixed(2)}%)` : '';
  return `${d.path === '(value)' ? '' : `${d.path}: `}${truncate(change, 200)}${relative}`;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Human-readable report lines (what `tunechat replay --rerun` prints). */
export function formatReport(report: RerunReport, options: CompareOptions = COMPARE_DEFAULTS): string {
  const lines = report.turns.map((t) => {
    const verdict = !t.sameTools ? 'DIFFERENT TOOLS' : !t.sameArguments ? 'DIFFERENT ARGUMENTS' : !t.sameResults ? (options.ignoreResults ? 'same calls (results differ, ignored)' : 'DIFFERENT RESULTS') : 'same';
    const head = `turn ${t.turn} ${JSON.stringify(truncate(t.userText, 60))}: ${verdict} [${t.actualTools.join(', ') || 'no tools'}]`;
    return [head, ...t.differences.map((d) => `    ${d}`)].join('\n');
  });
  lines.push(report.ok ? 'rerun: same behaviour' : 'rerun: behaviour changed');
  return lines.join('\n');
}
