/**
 * Seeded pseudo-random numbers. Every sampler, benchmark and model that needs randomness takes an `Rng`,
 * so the same seed gives the same trials. Generator: xoshiro128** (Blackman & Vigna), seeded by splitmix32.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer uniform in [low, high] (inclusive). */
  int(low: number, high: number): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
  /** A new generator whose stream is independent of this one, derived deterministically. */
  fork(): Rng;
  /** The current state, to persist and restore (resuming a study reproduces the same stream). */
  state(): number[];
}

function splitmix32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x9e3779b9) >>> 0;
    let z = a;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

class Xoshiro128 implements Rng {
  private s: Uint32Array;
  private spareNormal: number | undefined;

  constructor(state: ArrayLike<number>) {
    this.s = Uint32Array.from(state);
    if (this.s.every((v) => v === 0)) this.s[0] = 1;
  }

  private nextUint32(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1]!, 5), 7), 9) >>> 0;
    const t = s[1]! << 9;
    s[2]! ^= s[0]!;
    s[3]! ^= s[1]!;
    s[1]! ^= s[2]!;
    s[0]! ^= s[3]!;
    s[2]! ^= t;
    s[3] = rotl(s[3]!, 11);
    return result;
  }

  next(): number {
    // 53 bits of randomness from two draws, like Math.random's precision.
    const hi = this.nextUint32() >>> 5;
    const lo = this.nextUint32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  int(low: number, high: number): number {
    return low + Math.floor(this.next() * (high - low + 1));
  }

  normal(): number {
    if (this.spareNormal !== undefined) {
      const v = this.spareNormal;
      this.spareNormal = undefined;
      return v;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  fork(): Rng {
    return createRng(this.nextUint32());
  }

  state(): number[] {
    return Array.from(this.s);
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** A seeded generator. The same seed always gives the same stream. */
export function createRng(seed: number): Rng {
  const mix = splitmix32(Math.floor(seed) >>> 0);
  return new Xoshiro128([mix(), mix(), mix(), mix()]);
}

/** Restores a generator from `rng.state()`. */
export function restoreRng(state: number[]): Rng {
  return new Xoshiro128(state);
}
