import { buildCorpusReport } from '../work/main/server/agent/nlu/corpus/index.ts';
const r = buildCorpusReport({ seed: 1, size: Number(process.argv[2] ?? 8000) });
console.log(r.examples.length, r.typos, JSON.stringify(r.counts));
const intent = process.argv[3];
for (const e of r.examples.filter((e) => !intent || e.intent === intent).slice(0, Number(process.argv[4] ?? 40))) {
  let t = e.text;
  for (const s of [...e.spans].sort((a, b) => b.start - a.start)) t = t.slice(0, s.start) + '[' + t.slice(s.start, s.end) + '](' + s.role + ')' + t.slice(s.end);
  console.log(e.intent.padEnd(14), JSON.stringify(e.prior) === '{}' ? '' : JSON.stringify(e.prior), t);
}
