/**
 * Seeded pseudo-random numbers (mulberry32): the same seed always yields the same sequence, so a
 * simulation run is reproducible bit for bit.
 */
export class Rng {
  private state: number;

  constructor(seed: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new RangeError(`seed must be an integer in [0, 2^32), got ${seed}`);
    }
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    if (!Number.isInteger(min) || !Number.isInteger(max) || max < min) {
      throw new RangeError(`bad integer range [${min}, ${max}]`);
    }
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /**
   * A Pareto (heavy-tailed) sample with scale xm and shape alpha: most draws near xm, a few far
   * above, like retail balances on chain.
   */
  pareto(xm: number, alpha: number): number {
    const u = 1 - this.next(); // (0, 1]
    return xm / Math.pow(u, 1 / alpha);
  }

  /** A new generator derived from this one, for an independent stream (e.g. per scenario). */
  fork(label: string): Rng {
    let h = this.int(0, 0xffffffff);
    for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 2654435761) >>> 0;
    return new Rng(h >>> 0);
  }
}
