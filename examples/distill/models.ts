/**
 * The teacher (a conventional VGG-style CNN) and the student (MobileNet-style depthwise-separable convolutions,
 * Howard et al. 2017: depthwise 3×3 → ReLU → pointwise 1×1 → ReLU, with a width multiplier and a depth), as layer
 * specs for network.ts. Batch normalisation is left out (optional in the design): the students are shallow, and
 * without it training and inference compute the same function.
 */
import { CLASSES } from './data.ts';
import { parameterCount, type LayerSpec } from './network.ts';

/** The teacher's architecture: part of its cache key. About 17 k parameters (~70 KB). */
export const TEACHER_LAYERS: readonly LayerSpec[] = [
  { type: 'conv', filters: 16 },
  { type: 'maxpool' },
  { type: 'conv', filters: 32 },
  { type: 'conv', filters: 32 },
  { type: 'maxpool' },
  { type: 'gap' },
  { type: 'dense', units: 64, relu: true },
  { type: 'dense', units: CLASSES, relu: false },
];

export interface StudentShape {
  /** Width multiplier: every layer's channel count is scaled by it (at least 4 channels). */
  width: number;
  /** Number of depthwise-separable blocks, 1..4. */
  depth: number;
}

/** Channels at width 1: the 3×3 stem, then each block's pointwise output. Blocks 1 and 2 downsample (16 → 8 → 4). */
export const STEM_CHANNELS = 8;
export const BLOCK_CHANNELS = [16, 32, 48, 64] as const;
export const MAX_DEPTH = BLOCK_CHANNELS.length;

export function channels(base: number, width: number): number {
  return Math.max(4, Math.round(base * width));
}

/**
 * Student: 3×3 conv stem → `depth` separable blocks → flatten → dense logits. Flatten rather than global average
 * pooling: with GAP, students of 1-2 blocks (receptive field smaller than a digit) stayed at chance for 100+ steps.
 */
export function studentLayers(shape: StudentShape): LayerSpec[] {
  const layers: LayerSpec[] = [{ type: 'conv', filters: channels(STEM_CHANNELS, shape.width) }];
  for (let block = 0; block < shape.depth; block++) {
    layers.push({ type: 'depthwise', stride: block < 2 ? 2 : 1 }, { type: 'pointwise', filters: channels(BLOCK_CHANNELS[block]!, shape.width) });
  }
  layers.push({ type: 'flatten' }, { type: 'dense', units: CLASSES, relu: false });
  return layers;
}

export function studentParamCount(shape: StudentShape): number {
  return parameterCount(studentLayers(shape));
}
