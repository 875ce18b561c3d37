/** The markdown report of `npm run bench:policy` (the measurement is plain data; this only formats it). */
import { getCedarVersion } from '@cedar-policy/cedar-wasm/nodejs';
import type { AuditMeasurement } from './policy-audit.ts';
import type { Latency } from './policy-measure.ts';
import type { SizeResult } from './policy.ts';

export interface Goal {
  name: string;
  pass: boolean;
  actual: string;
}

export interface PolicyBenchReport {
  decisions: number;
  cedarSeconds: number;
  seed: number;
  loadavg1: number;
  timerOverheadUs: number;
  sizes: SizeResult[];
  audit: AuditMeasurement;
  goals: Goal[];
}

const us = (value: number) => (value < 10 ? value.toFixed(2) : value < 1000 ? value.toFixed(1) : Math.round(value).toLocaleString('en-US'));
const row = (name: string, l: Latency) => `| ${name} | ${us(l.p50Us)} | ${us(l.p99Us)} | ${us(l.meanUs)} | ${l.count.toLocaleString('en-US')} |`;

export function printReport(report: PolicyBenchReport): void {
  const lines = [
    `## bench:policy — Node ${process.version}, cedar-wasm ${getCedarVersion()}, load average ${report.loadavg1.toFixed(2)} (1 min) at start, seed ${report.seed}`,
    '',
    `Per-call timing with process.hrtime.bigint() (timer pair ≈ ${us(report.timerOverheadUs)} µs, included). tunechat: ${report.decisions.toLocaleString('en-US')} decisions per size after 20,000 warm-up; cedar: pre-parsed set (preparsePolicySet + statefulIsAuthorized), up to ${report.decisions.toLocaleString('en-US')} decisions or ${report.cedarSeconds} s per size.`,
    '',
    '| statements | tunechat p50 µs | p99 µs | cedar p50 µs | p99 µs | cedar decisions | cedar parse-per-call p50 µs | allowed / explicit deny / implicit deny | agree |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...report.sizes.map(
      (s) =>
        `| ${s.statements.toLocaleString('en-US')} | ${us(s.tunechat.p50Us)} | ${us(s.tunechat.p99Us)} | ${us(s.cedar.p50Us)} | ${us(s.cedar.p99Us)} | ${s.cedar.count.toLocaleString('en-US')} | ${us(s.cedarParsePerCall.p50Us)} | ${[s.mix.allowed, s.mix.explicitDeny, s.mix.implicitDeny].map((x) => `${Math.round(x * 100)}%`).join(' / ')} | ${s.disagreements === 0 ? 'yes' : `${s.disagreements} differ`} |`,
    ),
    '',
    '| audit (100-statement set) | p50 µs | p99 µs | mean µs | calls |',
    '|---|---:|---:|---:|---:|',
    row('AuditStore.append (WAL file)', report.audit.append),
    row('no-op tool call, bare', report.audit.toolBare),
    row('no-op tool call, authorized + audited', report.audit.toolAuthorized),
    `| added by authorize + audit (decision id, context, evaluation, masking, audit row) | ${us(report.audit.addedP50Us)} | ${us(report.audit.addedP99Us)} | | |`,
    '',
    '| goal | actual | result |',
    '|---|---|---|',
    ...report.goals.map((g) => `| ${g.name} | ${g.actual} | ${g.pass ? 'PASS' : 'FAIL'} |`),
  ];
  console.log(lines.join('\n'));
}
