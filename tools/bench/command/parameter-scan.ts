import { ToolError } from '../../common/errors.ts';

/** A scanned parameter: `{name}` in the command takes each value in turn (hyperfine `-L` list or `-P` range). */
export type ParameterScan =
  | { name: string; values: (string | number)[] }
  | { name: string; min: number; max: number; step?: number };

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function valuesOf(scan: ParameterScan): string[] {
  if (!NAME.test(scan.name)) {
    throw new ToolError('invalid_argument', `parameter name must match ${NAME}, got "${scan.name}"`, { details: { parameter: 'parameters.name', value: scan.name } });
  }
  if ('values' in scan) {
    if (scan.values.length === 0) throw new ToolError('invalid_argument', `parameter "${scan.name}" has an empty value list`, { details: { parameter: scan.name } });
    return scan.values.map(String);
  }
  const step = scan.step ?? 1;
  if (!(step > 0) || !(scan.max >= scan.min)) {
    throw new ToolError('invalid_argument', `parameter "${scan.name}" range needs min <= max and step > 0, got min=${scan.min} max=${scan.max} step=${step}`, {
      details: { parameter: scan.name, min: scan.min, max: scan.max, step },
    });
  }
  const count = Math.floor((scan.max - scan.min) / step + 1e-9) + 1;
  if (count > 10_000) throw new ToolError('invalid_argument', `parameter "${scan.name}" range gives ${count} values, more than 10000`, { details: { parameter: scan.name } });
  const digits = (String(step).split('.')[1] ?? '').length;
  return Array.from({ length: count }, (_, i) => (scan.min + i * step).toFixed(digits));
}

/** Every combination of the scans (cross product, first scan varying slowest); one empty combination without scans. */
export function expandParameters(scans: readonly ParameterScan[]): Record<string, string>[] {
  let combos: Record<string, string>[] = [{}];
  for (const scan of scans) {
    const values = valuesOf(scan);
    combos = combos.flatMap((combo) => values.map((v) => ({ ...combo, [scan.name]: v })));
  }
  return combos;
}

/** Replaces `{name}` in every argument; an unknown placeholder is left as is (it may be literal braces). */
export function substitute(argv: readonly string[], params: Record<string, string>): string[] {
  return argv.map((arg) => arg.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (whole, name: string) => params[name] ?? whole));
}
