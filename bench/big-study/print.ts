/** Markdown tables of bench/big-study results (measure → aggregate → present: nothing here measures). */
import type { SamplerCost } from './sampler-cost.ts';
import type { UiCost } from './ui-cost.ts';

const ms = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));

export function samplerTable(results: readonly SamplerCost[], goalMs: number): string {
  const checkpoints = [...new Set(results.flatMap((r) => r.checkpoints.map((c) => c.at)))].sort((a, b) => a - b);
  const head = `| sampler | ${checkpoints.map((c) => `at ${c.toLocaleString('en')} (CPU / wall / p90 CPU ms)`).join(' | ')} | whole study |`;
  const rows = results.map((r) => {
    const cells = checkpoints.map((at) => {
      const c = r.checkpoints.find((p) => p.at === at);
      return c ? `${ms(c.cpuMs)} / ${ms(c.wallMs)} / ${ms(c.p90CpuMs)}${r.sampler === 'tpe' && c.cpuMs > goalMs ? ' ✗' : ''}` : '–';
    });
    return `| ${r.sampler} | ${cells.join(' | ')} | ${r.seconds.toFixed(1)} s |`;
  });
  return [head, `|---|${checkpoints.map(() => '---|').join('')}---|`, ...rows].join('\n');
}

export function curveTable(results: readonly SamplerCost[]): string {
  const points = results[0]?.curve.map((p) => p.at) ?? [];
  const head = `| trials | ${results.map((r) => `${r.sampler} CPU ms`).join(' | ')} |`;
  const rows = points.map((at) => `| ${at.toLocaleString('en')} | ${results.map((r) => ms(r.curve.find((p) => p.at === at)?.cpuMs ?? Number.NaN)).join(' | ')} |`);
  return [head, `|---|${results.map(() => '---|').join('')}`, ...rows].join('\n');
}

export function decisionsTable(result: SamplerCost): string {
  if (result.decisions.length === 0) return '';
  return [`| trials | auto uses | why |`, '|---|---|---|', ...result.decisions.map((d) => `| ${d.at.toLocaleString('en')} | ${d.sampler} | ${d.reason} |`)].join('\n');
}

export function uiTable(result: UiCost): string {
  const head = `| ${result.trials.toLocaleString('en')}-trial study, ${result.objectives} objective${result.objectives > 1 ? 's' : ''} | median ms | bytes | samples |`;
  const rows = result.rows.map((r) => `| ${r.what} | ${ms(r.ms)} | ${r.bytes === undefined ? '–' : r.bytes.toLocaleString('en')} | ${r.samples} |`);
  return [head, '|---|---|---|---|', ...rows].join('\n');
}
