import { describeFamilies, type FamilyCase } from './support/phrasing-family-cases.ts';

/**
 * Command lines written in double quotes instead of backticks (tools/common/typed-commands.ts quotedCommandsAsCode):
 * the offline model reads them as the gate does, through the real turn loop (dry run, graph understanding).
 */
const CASES: FamilyCase[] = [
  ['a quoted command timed N times', ['benchmark "sleep 0.05" 15 times'], { calls: [{ tool: 'bench_command', args: { command: ['sleep', '0.05'], runs: 15 } }] }],
  ['curly quotes', ['time \u201cpython3 infer.py --batch 8\u201d'], { calls: [{ tool: 'bench_command', args: { command: ['python3', 'infer.py', '--batch', '8'] } }] }],
  ['two quoted commands compared', ['compare "node a.mjs" with "node b.mjs"'], { calls: [{ tool: 'bench_command', args: { command: ['node', 'a.mjs'], commands: [['node', 'b.mjs']] } }] }],
  ['a quoted script registered', ['register "python3 fit.py" as target fitter; it prints rmse, lower is better'],
    { calls: [{ tool: 'register_target', args: { name: 'fitter', command: ['python3', 'fit.py'] } }] }],
  ['quoted prose is no command', ['run it in "fast mode" please'], { no_calls: true }],
];

describeFamilies('commands in double quotes', CASES);
