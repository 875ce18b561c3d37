import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { EDGE_TYPES, INTENTS, ROLES } from './types.ts';

/**
 * The weights files in `server/agent/nlu/data/` (encoder.json, bow.json): every variable with its shape as base64
 * little-endian float32 (or float16, half the size), in sorted name order so that two trainings with the same seed
 * write byte-identical files. The header records what the weights were trained against (the feature dimension, the
 * label lists, a hash of the word-vector table): loading weights against other features or labels would silently
 * produce nonsense, so a mismatch is a clear error that says to retrain.
 */

export const WEIGHTS_FORMAT = 'tunechat-nlu-weights';
export const WEIGHTS_VERSION = 1;

export type WeightsDtype = 'float32' | 'float16';

export interface WeightsLabels {
  intents: string[];
  roles: string[];
  edgeTypes: string[];
}

/** What a model's weights were trained against, checked at load. */
export interface WeightsSignature {
  /** Which model: 'gat' (encoder.json) or 'bow' (bow.json). */
  kind: string;
  featureDim: number;
  /** Hash of the word-vector table the features came from (features.ts). */
  vectorsHash: string;
}

export interface WeightsHeader extends WeightsSignature {
  /** The model's hyper-parameters (widths, heads), enough to rebuild the forward pass. */
  config: Record<string, unknown>;
  /** Free-form training facts (seed, epochs, validation metrics). Not checked. */
  meta?: Record<string, unknown>;
}

export interface NamedArray {
  shape: number[];
  values: Float32Array;
}

export interface WeightsFile extends WeightsHeader {
  format: typeof WEIGHTS_FORMAT;
  version: number;
  labels: WeightsLabels;
  dtype: WeightsDtype;
  variables: Array<{ name: string; shape: number[]; data: string }>;
}

export function currentLabels(): WeightsLabels {
  return { intents: [...INTENTS], roles: [...ROLES], edgeTypes: [...EDGE_TYPES] };
}

/** The JSON text of a weights file (deterministic: sorted variable names, fixed key order). */
export function serializeWeights(header: WeightsHeader, arrays: Record<string, NamedArray>, dtype: WeightsDtype = 'float32'): string {
  const names = Object.keys(arrays).sort();
  const file: WeightsFile = {
    format: WEIGHTS_FORMAT,
    version: WEIGHTS_VERSION,
    kind: header.kind,
    featureDim: header.featureDim,
    vectorsHash: header.vectorsHash,
    labels: currentLabels(),
    config: header.config,
    ...(header.meta ? { meta: header.meta } : {}),
    dtype,
    variables: names.map((name) => {
      const { shape, values } = arrays[name]!;
      const size = shape.reduce((p, d) => p * d, 1);
      if (size !== values.length) {
        throw Object.assign(new Error(`serializeWeights: ${name} has ${values.length} values for shape [${shape.join(', ')}]`), {
          code: 'NLU_WEIGHTS_SHAPE',
        });
      }
      return { name, shape, data: encode(values, dtype) };
    }),
  };
  return `${JSON.stringify(file, null, 1)}\n`;
}

/**
 * Parses and checks a weights file against what the running code expects. Throws NLU_WEIGHTS_STALE (with every
 * difference) when the file was trained for other features or labels, NLU_WEIGHTS_FORMAT when it is not a weights file.
 */
export function parseWeights(text: string, expected: WeightsSignature, source = 'weights'): { header: WeightsFile; arrays: Record<string, NamedArray> } {
  let file: WeightsFile;
  try {
    file = JSON.parse(text) as WeightsFile;
  } catch (error) {
    throw Object.assign(new Error(`${source}: not JSON (${(error as Error).message})`), { code: 'NLU_WEIGHTS_FORMAT' });
  }
  if (file?.format !== WEIGHTS_FORMAT || !Array.isArray(file.variables)) {
    throw Object.assign(new Error(`${source}: not a ${WEIGHTS_FORMAT} file (format ${JSON.stringify(file?.format)})`), {
      code: 'NLU_WEIGHTS_FORMAT',
    });
  }
  const labels = currentLabels();
  const stale: string[] = [];
  if (file.version !== WEIGHTS_VERSION) stale.push(`version ${file.version}, expected ${WEIGHTS_VERSION}`);
  if (file.kind !== expected.kind) stale.push(`kind ${file.kind}, expected ${expected.kind}`);
  if (file.featureDim !== expected.featureDim) stale.push(`featureDim ${file.featureDim}, expected ${expected.featureDim}`);
  if (file.vectorsHash !== expected.vectorsHash) stale.push(`vectorsHash ${file.vectorsHash}, expected ${expected.vectorsHash}`);
  for (const key of ['intents', 'roles', 'edgeTypes'] as const) {
    const got = file.labels?.[key] ?? [];
    if (got.join(',') !== labels[key].join(',')) stale.push(`${key} [${got.length}] differ from the code's [${labels[key].length}]`);
  }
  if (stale.length > 0) {
    throw Object.assign(new Error(`${source} is stale: ${stale.join('; ')}. Retrain with \`npm run train:nlu\`.`), {
      code: 'NLU_WEIGHTS_STALE',
      differences: stale,
    });
  }
  const arrays: Record<string, NamedArray> = {};
  for (const variable of file.variables) {
    const values = decode(variable.data, file.dtype);
    const size = variable.shape.reduce((p, d) => p * d, 1);
    if (values.length !== size) {
      throw Object.assign(new Error(`${source}: ${variable.name} has ${values.length} values for shape [${variable.shape.join(', ')}]`), {
        code: 'NLU_WEIGHTS_FORMAT',
      });
    }
    arrays[variable.name] = { shape: variable.shape, values };
  }
  return { header: file, arrays };
}

export async function saveWeights(path: string, header: WeightsHeader, arrays: Record<string, NamedArray>, dtype: WeightsDtype = 'float32') {
  const text = serializeWeights(header, arrays, dtype);
  await writeFile(path, text);
  return { bytes: Buffer.byteLength(text) };
}

/** Reads and checks a weights file; a missing file is NLU_WEIGHTS_MISSING with the path and the command that makes it. */
export async function loadWeights(path: string, expected: WeightsSignature) {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') {
      throw Object.assign(new Error(`${path} not found: run \`npm run train:nlu\``), { code: 'NLU_WEIGHTS_MISSING', path });
    }
    throw error;
  }
  return parseWeights(text, expected, path);
}

function encode(values: Float32Array, dtype: WeightsDtype): string {
  if (dtype === 'float32') {
    const bytes = new Uint8Array(values.length * 4);
    const view = new DataView(bytes.buffer);
    values.forEach((x, i) => view.setFloat32(i * 4, x, true));
    return Buffer.from(bytes).toString('base64');
  }
  const bytes = new Uint8Array(values.length * 2);
  const view = new DataView(bytes.buffer);
  values.forEach((x, i) => view.setUint16(i * 2, toHalf(x), true));
  return Buffer.from(bytes).toString('base64');
}

function decode(data: string, dtype: WeightsDtype): Float32Array {
  const bytes = Buffer.from(data, 'base64');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (dtype === 'float32') {
    const out = new Float32Array(bytes.byteLength / 4);
    for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
    return out;
  }
  if (dtype !== 'float16') throw Object.assign(new Error(`weights dtype ${String(dtype)} is not float32 or float16`), { code: 'NLU_WEIGHTS_FORMAT' });
  const out = new Float32Array(bytes.byteLength / 2);
  for (let i = 0; i < out.length; i++) out[i] = fromHalf(view.getUint16(i * 2, true));
  return out;
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** IEEE 754 binary32 → binary16 bits, round to nearest even, with subnormals, infinities and NaN. */
export function toHalf(x: number): number {
  f32[0] = x;
  const bits = u32[0]!;
  const sign = (bits >>> 16) & 0x8000;
  const exp = (bits >>> 23) & 0xff;
  let mant = bits & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  let e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    let half = mant >>> shift;
    const rest = mant & ((1 << shift) - 1);
    const mid = 1 << (shift - 1);
    if (rest > mid || (rest === mid && (half & 1))) half++;
    return sign | half;
  }
  let half = (e << 10) | (mant >>> 13);
  const rest = mant & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && (half & 1))) half++;
  e = half >>> 10;
  return sign | (e >= 0x1f ? 0x7c00 : half);
}

/** IEEE 754 binary16 bits → number. */
export function fromHalf(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >>> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 0x1f) return mant ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

const VECTOR_TABLE = new URL('./data/word-vectors.json', import.meta.url);
let tableHash: string | undefined;

/**
 * The hash the weights are tied to: sha256 (first 16 hex digits) of the shipped word-vector table
 * (data/word-vectors.json, word-vectors.ts), or 'none' when the table is absent. Rebuilding the table changes the
 * features, so weights trained on the old one are reported stale instead of misreading every word.
 */
export function vectorTableHash(): string {
  if (tableHash !== undefined) return tableHash;
  if (!existsSync(VECTOR_TABLE)) return (tableHash = 'none');
  return (tableHash = createHash('sha256').update(readFileSync(VECTOR_TABLE)).digest('hex').slice(0, 16));
}
