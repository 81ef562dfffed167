/**
 * A small seeded pseudo-random generator, so that the bench's exports are byte-for-byte the same
 * on every machine and every run (Math.random cannot be seeded).
 *
 * The step function is mulberry32, a public-domain 32-bit generator by Tommy Ettinger
 * (https://gist.github.com/tommyettinger/46a874533244883189143505d203312c). It is not for
 * cryptography; it only has to be fast, deterministic and well spread.
 */
export class Prng {
  private state: number

  /** @param seed any integer; the same seed always gives the same sequence. */
  constructor(seed: number) {
    // Mix the seed once so that neighbouring seeds (1, 2, 3…) do not start alike.
    this.state = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) | 0
  }

  /** A float in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) | 0)
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }

  /** An integer in [min, max] (both inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p
  }

  /** One element of a non-empty array, uniformly. Throws on an empty array (a bug in the caller). */
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)]
    if (item === undefined) throw new Error('Prng.pick: empty array')
    return item
  }
}
