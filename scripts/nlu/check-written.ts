/**
 * `node --import tsx scripts/nlu/check-written.ts [--show] [file.jsonl …]`: checks the hand-written training examples
 * (server/agent/nlu/corpus/written/*.jsonl, or the files given): every line parses, every span lands on a node of the
 * semantic graph, no two examples share a text and prior. `--show` prints each example's graph nodes with the role
 * its spans give them, to check that "93 percent" is one unit labelled constraint_value and so on.
 * Exit code 1 when a problem is found.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { loadWrittenExamples, parseWritten, type WrittenExample } from '../../server/agent/nlu/corpus/written.ts';
import { checkWrittenExamples } from '../../server/agent/nlu/corpus/written-check.ts';

const args = process.argv.slice(2);
const files = args.filter((a) => !a.startsWith('--'));
const problems: string[] = [];
let examples: WrittenExample[] = [];
try {
  examples = files.length
    ? files.flatMap((file) => readFileSync(file, 'utf8').split('\n').flatMap((line, i) => (line.trim() ? [parseWritten(line, `${basename(file)}:${i + 1}`)] : [])))
    : loadWrittenExamples();
} catch (error) {
  problems.push((error as Error).message);
}
const check = checkWrittenExamples(examples);
problems.push(...check.problems);
if (args.includes('--show')) {
  for (const { example, graph, roles } of check.graphs) {
    console.log(`\n${example.source} [${example.intent}] ${example.text}${Object.keys(example.prior).length ? `   prior ${JSON.stringify(example.prior)}` : ''}`);
    graph.nodes.forEach((n, i) => {
      if (n.start < 0) return;
      const value = n.value !== undefined ? ` = ${JSON.stringify(n.value)}${n.unit ? ` ${n.unit}` : ''}` : '';
      console.log(`  ${n.kind.padEnd(10)} ${JSON.stringify(example.text.slice(n.start, n.end)).padEnd(28)}${value.padEnd(22)} → ${roles[i]}`);
    });
  }
}
const counts = new Map<string, number>();
for (const e of examples) counts.set(e.intent, (counts.get(e.intent) ?? 0) + 1);
console.log(`\n${examples.length} examples: ${[...counts].sort((a, b) => b[1] - a[1]).map(([i, n]) => `${i} ${n}`).join(', ')}`);
for (const p of problems) console.log(`PROBLEM ${p}`);
console.log(problems.length ? `${problems.length} problem(s)` : 'no problems');
process.exitCode = problems.length ? 1 : 0;
