/**
 * Random strings for the Nexmark records (the suite's `StringsGenerator`), cut from
 * pools built once at module load so that the per-event cost is one random offset and one
 * `substring` instead of a loop over characters.
 *
 * @module
 */

import { NexmarkRandom } from './random.js';

/** Nexmark's shortest random string. */
const MIN_STRING_LENGTH = 3;
/** Length of the letters-only pool that `extra` padding is cut from (1 MiB of one-byte chars). */
const LETTER_POOL_LENGTH = 1 << 20;
/** Length of the letters-and-spaces pool that names and descriptions are cut from. */
const TEXT_POOL_LENGTH = 1 << 16;
/** Fixed salt of the pools' random stream, so that the pools are identical in every process and worker. */
const POOL_SALT = 0x5ee1;

/** Decodes the ASCII pools; `latin1` maps every byte to the code point of the same value. */
const LATIN1 = new TextDecoder('latin1');

/**
 * A string of `length` characters where each is `special` (a one-byte char code) with
 * probability 1/13 and otherwise a uniform lowercase letter: the per-character law of
 * Nexmark's `nextString`; `special` = 0 means letters only, as `nextExactString`.
 */
function buildPool(rng: NexmarkRandom, length: number, special: number): string {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = special !== 0 && rng.nextInt(13) === 0 ? special : 97 + rng.nextInt(26);
  return LATIN1.decode(bytes);
}

const poolRandom = new NexmarkRandom(0, POOL_SALT);
const LETTER_POOL = buildPool(poolRandom, LETTER_POOL_LENGTH, 0);
const TEXT_POOL = buildPool(poolRandom, TEXT_POOL_LENGTH, 0x20);

/**
 * A window of `length` characters of `pool` at a random offset. V8 shares the pool's memory
 * for slices of 13 characters or more, so this neither copies nor allocates per character.
 */
function slice(rng: NexmarkRandom, pool: string, length: number): string {
  if (length <= pool.length >>> 1) {
    const offset = rng.nextInt(pool.length - length + 1);
    return pool.substring(offset, offset + length);
  }
  // Only for padding sizes of hundreds of kilobytes, far beyond Nexmark's settings.
  let out = '';
  while (out.length < length) out += slice(rng, pool, Math.min(length - out.length, pool.length >>> 1));
  return out;
}

/**
 * Nexmark's `nextString(random, maxLength)`: 3 to `maxLength − 1` characters of letters and
 * (one in 13) spaces, then trimmed, so possibly shorter.
 */
export function nextString(rng: NexmarkRandom, maxLength: number): string {
  const length = MIN_STRING_LENGTH + rng.nextInt(maxLength - MIN_STRING_LENGTH);
  return slice(rng, TEXT_POOL, length).trim();
}

/**
 * Nexmark's `nextString(random, maxLength, special)` built character by character: for the
 * few thousand URL segments made once at load, where `special` is `_` and nothing is trimmed.
 */
export function nextStringWith(rng: NexmarkRandom, maxLength: number, special: string): string {
  let length = MIN_STRING_LENGTH + rng.nextInt(maxLength - MIN_STRING_LENGTH);
  let out = '';
  while (length-- > 0) out += rng.nextInt(13) === 0 ? special : String.fromCharCode(97 + rng.nextInt(26));
  return out;
}

/**
 * Nexmark's `nextExtra`: letters such that `currentSize` plus their count averages
 * `desiredAverageSize`, uniform within ±20% of the gap; empty when the record is already
 * larger than the average.
 */
export function nextExtra(rng: NexmarkRandom, currentSize: number, desiredAverageSize: number): string {
  if (currentSize > desiredAverageSize) return '';
  const gap = desiredAverageSize - currentSize;
  const delta = Math.round(gap * 0.2);
  const size = gap - delta + (delta === 0 ? 0 : rng.nextInt(2 * delta));
  return slice(rng, LETTER_POOL, size);
}
