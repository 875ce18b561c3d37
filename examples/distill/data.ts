/**
 * The distillation task's data, generated deterministically (nothing is downloaded): 16×16 grayscale digits rendered
 * from 5×7 bitmap glyphs with seeded random stroke thickness, scale, shear, rotation, shift, contrast, and noise
 * (Gaussian pixel noise plus a few speckles). The distortions are strong enough that a conventional CNN reaches
 * about 98-99% and a tiny student clearly less, so the task separates good students from bad ones.
 */

/** 5×7 glyphs, one string per row, '#' = ink. */
const GLYPHS: readonly (readonly string[])[] = [
  [' ### ', '#   #', '#  ##', '# # #', '##  #', '#   #', ' ### '],
  ['  #  ', ' ##  ', '# #  ', '  #  ', '  #  ', '  #  ', '#####'],
  [' ### ', '#   #', '    #', '   # ', '  #  ', ' #   ', '#####'],
  ['#####', '   # ', '  #  ', '   # ', '    #', '#   #', ' ### '],
  ['   # ', '  ## ', ' # # ', '#  # ', '#####', '   # ', '   # '],
  ['#####', '#    ', '#### ', '    #', '    #', '#   #', ' ### '],
  ['  ## ', ' #   ', '#    ', '#### ', '#   #', '#   #', ' ### '],
  ['#####', '    #', '   # ', '  #  ', ' #   ', ' #   ', ' #   '],
  [' ### ', '#   #', '#   #', ' ### ', '#   #', '#   #', ' ### '],
  [' ### ', '#   #', '#   #', ' ####', '    #', '   # ', ' ##  '],
];

export const IMAGE_SIZE = 16;
export const CLASSES = 10;
/** Bumped whenever rendering changes: part of the teacher cache key. */
export const DATA_VERSION = 1;

export interface Split {
  /** n × 16 × 16 pixels in [0, 1], row-major. */
  x: Float32Array;
  /** n labels in 0..9. */
  y: Int32Array;
  n: number;
}

export interface Dataset {
  train: Split;
  validation: Split;
  test: Split;
}

export interface DatasetSizes {
  train: number;
  validation: number;
  test: number;
}

/**
 * What a trial's student trains and is scored on. The student trains on the teacher's whole 3000-image prefix:
 * with 1000 images even good students stopped near 0.86-0.90 test accuracy (measured; see docs/training.md).
 */
export const FULL_SIZES: DatasetSizes = { train: 3000, validation: 500, test: 1000 };
/** `DISTILL_TINY=1`: for CI and smoke tests. Prefixes of the full splits (same seeds), so the same teacher applies. */
export const TINY_SIZES: DatasetSizes = { train: 300, validation: 200, test: 300 };
/** The teacher trains on a longer prefix of the same training stream (it is trained once). */
export const TEACHER_SIZES: DatasetSizes = { train: 3000, validation: 500, test: 1000 };
/** Each split has its own seed, so the splits never share an image and a size change keeps the first images. */
const SPLIT_SEEDS = { train: 1001, validation: 2002, test: 3003 } as const;

/** mulberry32: a small seeded PRNG (uniform in [0, 1)). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

const INK: readonly (readonly [number, number])[][] = GLYPHS.map((rows) =>
  rows.flatMap((row, r) => [...row].flatMap((cell, c) => (cell === '#' ? [[c - 2, r - 3] as const] : []))),
);

/**
 * Renders one digit into `out` at `offset`: each output pixel is mapped back into glyph coordinates through the
 * inverse of a random affine transform, and its ink is how close it lies to the nearest glyph cell relative to
 * the stroke thickness (a soft, anti-aliased stroke).
 */
function renderDigit(digit: number, random: () => number, out: Float32Array, offset: number): void {
  const angle = (random() - 0.5) * 0.7; // ±20°
  const scale = 1.3 + random() * 0.5; // pixels per glyph cell
  const aspect = 0.8 + random() * 0.4;
  const shear = (random() - 0.5) * 0.5;
  const thickness = 0.35 + random() * 0.45; // in glyph cells
  const dx = (random() - 0.5) * 3.5;
  const dy = (random() - 0.5) * 2.5;
  const contrast = 0.55 + random() * 0.45;
  const noise = 0.06 + random() * 0.14;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const ink = INK[digit]!;
  const centre = (IMAGE_SIZE - 1) / 2;
  for (let row = 0; row < IMAGE_SIZE; row++) {
    for (let col = 0; col < IMAGE_SIZE; col++) {
      const px = col - centre - dx;
      const py = row - centre - dy;
      // inverse rotation, then inverse scale and shear
      const rx = cos * px + sin * py;
      const ry = -sin * px + cos * py;
      const gy = ry / scale;
      const gx = rx / (scale * aspect) - shear * gy;
      let nearest = Infinity;
      for (const [cx, cy] of ink) {
        const d = (gx - cx) ** 2 + (gy - cy) ** 2;
        if (d < nearest) nearest = d;
      }
      const stroke = Math.min(1, Math.max(0, (thickness + 0.5 - Math.sqrt(nearest)) / 0.5));
      let value = stroke * contrast + noise * gaussian(random);
      if (random() < 0.02) value += 0.6 * random();
      out[offset + row * IMAGE_SIZE + col] = Math.min(1, Math.max(0, value));
    }
  }
}

/** `n` labelled images from `seed`; labels cycle through a seeded shuffle so classes are balanced. */
export function generateSplit(n: number, seed: number): Split {
  const random = seededRandom(seed);
  const x = new Float32Array(n * IMAGE_SIZE * IMAGE_SIZE);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const digit = Math.floor(random() * CLASSES);
    y[i] = digit;
    renderDigit(digit, random, x, i * IMAGE_SIZE * IMAGE_SIZE);
  }
  return { x, y, n };
}

export function generateDataset(sizes: DatasetSizes = FULL_SIZES): Dataset {
  return {
    train: generateSplit(sizes.train, SPLIT_SEEDS.train),
    validation: generateSplit(sizes.validation, SPLIT_SEEDS.validation),
    test: generateSplit(sizes.test, SPLIT_SEEDS.test),
  };
}

/** Full sizes, or the tiny ones when `DISTILL_TINY` is set to anything but '' / '0'. */
export function datasetSizes(env: NodeJS.ProcessEnv = process.env): DatasetSizes {
  const tiny = env.DISTILL_TINY;
  return tiny !== undefined && tiny !== '' && tiny !== '0' ? TINY_SIZES : FULL_SIZES;
}

/** ASCII preview of one image (for eyeballing the generator). */
export function preview(split: Split, index: number): string {
  const shades = ' .:-=+*#%@';
  const rows: string[] = [];
  for (let r = 0; r < IMAGE_SIZE; r++) {
    let line = '';
    for (let c = 0; c < IMAGE_SIZE; c++) line += shades[Math.min(9, Math.floor(split.x[index * 256 + r * IMAGE_SIZE + c]! * 10))];
    rows.push(line);
  }
  return `label ${split.y[index]}\n${rows.join('\n')}`;
}
