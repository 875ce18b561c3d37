/**
 * The pretrained encoder on disk: `<dir>/encoder.json` (format, config, vocabulary, training facts, and where each
 * weight lies in the binary) and `<dir>/encoder.bin` (every weight as little-endian float32, in `encoderShapes` order).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encoderShapes, type EncoderConfig } from './encoder.ts';

export const PRETRAINED_DIR = fileURLToPath(new URL('./pretrained/', import.meta.url));
export const FORMAT = 'tunechat-text-encoder/1';

export interface EncoderFile {
  config: EncoderConfig;
  vocabulary: string[];
  /** How the weights were made: seed, epochs, losses, seconds (informational). */
  meta: Record<string, unknown>;
  values: Map<string, { shape: number[]; values: Float32Array }>;
}

interface Header {
  format: string;
  config: EncoderConfig;
  vocabulary: string[];
  meta: Record<string, unknown>;
  weights: Array<{ name: string; shape: number[]; offset: number }>;
}

export function saveEncoderFile(dir: string, file: EncoderFile): { jsonBytes: number; binBytes: number } {
  const shapes = encoderShapes(file.config);
  const total = shapes.reduce((n, [, shape]) => n + shape.reduce((a, b) => a * b, 1), 0);
  const data = new Float32Array(total);
  const weights: Header['weights'] = [];
  let offset = 0;
  for (const [name, shape] of shapes) {
    const value = file.values.get(name);
    if (!value) throw new Error(`saveEncoderFile: missing weight ${name}`);
    data.set(value.values, offset);
    weights.push({ name, shape, offset });
    offset += value.values.length;
  }
  const header: Header = { format: FORMAT, config: file.config, vocabulary: file.vocabulary, meta: file.meta, weights };
  const json = `${JSON.stringify(header)}\n`;
  const bin = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  writeFileSync(join(dir, 'encoder.json'), json);
  writeFileSync(join(dir, 'encoder.bin'), bin);
  return { jsonBytes: Buffer.byteLength(json), binBytes: bin.byteLength };
}

export function loadEncoderFile(dir: string = PRETRAINED_DIR): EncoderFile {
  let header: Header;
  try {
    header = JSON.parse(readFileSync(join(dir, 'encoder.json'), 'utf8')) as Header;
  } catch (error) {
    throw new Error(`no pretrained encoder in ${dir} (run npm run pretrain:text): ${(error as Error).message}`);
  }
  if (header.format !== FORMAT) throw new Error(`${join(dir, 'encoder.json')}: format must be ${FORMAT}, got ${header.format}`);
  const bin = readFileSync(join(dir, 'encoder.bin'));
  const data = new Float32Array(bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength));
  const values = new Map<string, { shape: number[]; values: Float32Array }>();
  for (const { name, shape, offset } of header.weights) {
    const size = shape.reduce((a, b) => a * b, 1);
    if (offset + size > data.length) throw new Error(`${join(dir, 'encoder.bin')}: too short for ${name}`);
    values.set(name, { shape, values: data.slice(offset, offset + size) });
  }
  return { config: header.config, vocabulary: header.vocabulary, meta: header.meta, values };
}
