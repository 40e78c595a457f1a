/**
 * The seedable pseudo-random generator behind the Nexmark generator.
 *
 * @module
 */

/** 2^-32, to scale a uint32 into [0, 1). */
const TWO_POW_MINUS_32 = 2.3283064365386963e-10;
/** 2^-53, to scale 53 random bits into [0, 1). */
const TWO_POW_MINUS_53 = 1.1102230246251565e-16;
const TWO_POW_32 = 4294967296;

/** Murmur3's 32-bit finaliser: a bijection on uint32 with full avalanche. */
function fmix32(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * xoshiro128** (Blackman and Vigna) on four 32-bit words, with keyed seeding.
 *
 * Nexmark seeds a fresh `java.util.Random` with each event's id so that an event is a pure
 * function of its number and any generator can produce any slice of the stream. This class
 * plays that role: {@link NexmarkRandom.reseed} puts it in a state that depends only on `(key, salt)`, and
 * one instance can be reseeded per event to avoid an allocation. It does not reproduce Java's
 * sequences (the suite's own Flink generator is not seeded at all, so there is no reference
 * stream to match).
 *
 * For a fixed `salt` and keys below 2^32 the seeded states are pairwise distinct (the first
 * state word is a bijection of the key), so no two events share a random stream.
 *
 * Not safe to share between concurrent users; JavaScript gives none within a thread anyway.
 */
export class NexmarkRandom {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;

  /** A generator seeded with {@link NexmarkRandom.reseed}`(key, salt)`. */
  constructor(key = 0, salt = 0) {
    this.reseed(key, salt);
  }

  /**
   * Resets the state to a function of `key` (a safe non-negative integer, such as an event id)
   * and `salt` (any safe integer, such as the config seed). Returns `this`.
   */
  reseed(key: number, salt = 0): this {
    const lo = key >>> 0;
    const hi = Math.floor(key / TWO_POW_32) >>> 0;
    const saltLo = salt >>> 0;
    const saltHi = Math.floor(salt / TWO_POW_32) >>> 0;
    // g depends on everything but the low key word; each state word is then a bijection of
    // the low word for a fixed g, and differs from the other words through its constant.
    const g = fmix32(hi ^ fmix32(saltLo ^ fmix32(saltHi + 0x6a09e667)));
    this.s0 = fmix32(fmix32((lo + 0x9e3779b9) >>> 0) ^ g);
    this.s1 = fmix32(fmix32((lo + 0x3c6ef372) >>> 0) ^ g ^ 0x5be0cd19);
    this.s2 = fmix32(fmix32((lo + 0xdaa66d2b) >>> 0) ^ g ^ 0x1f83d9ab);
    this.s3 = fmix32(fmix32((lo + 0x78dde6e4) >>> 0) ^ g ^ 0x9b05688c);
    // xoshiro must not start from the all-zero state.
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
    return this;
  }

  /** A uniform integer in [0, 2^32). */
  nextUint32(): number {
    const s1 = this.s1;
    const t1 = Math.imul(s1, 5);
    const result = Math.imul((t1 << 7) | (t1 >>> 25), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = (this.s3 << 11) | (this.s3 >>> 21);
    return result;
  }

  /**
   * A uniform integer in [0, bound), like Java's `Random.nextInt(bound)`. `bound` must be an
   * integer in [1, 2^32]; not checked, as this is on the per-event path. The bias of the
   * multiply-shift reduction is below bound/2^32, far under anything Nexmark can notice.
   */
  nextInt(bound: number): number {
    // uint32 * bound is exact below 2^53, and scaling by 2^-32 is exact, so this is < bound.
    return Math.floor(this.nextUint32() * bound * TWO_POW_MINUS_32);
  }

  /** A uniform integer in [0, bound) for any safe integer `bound` ≥ 1 (Nexmark's `LongGenerator.nextLong`). */
  nextLong(bound: number): number {
    return bound <= TWO_POW_32 ? this.nextInt(bound) : Math.floor(this.nextDouble() * bound);
  }

  /** A uniform double in [0, 1) with 53 random bits, like Java's `nextDouble()`. */
  nextDouble(): number {
    const hi = this.nextUint32() >>> 5;
    const lo = this.nextUint32() >>> 6;
    return (hi * 67108864 + lo) * TWO_POW_MINUS_53;
  }
}
