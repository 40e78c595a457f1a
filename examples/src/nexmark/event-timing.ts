/**
 * How event numbers map to event ids and event times (the suite's `GeneratorConfig`).
 *
 * @module
 */

import type { GeneratorConfig } from './generator-config.js';

/**
 * The event number whose id and timestamp event number `n` takes: `n` itself when
 * `outOfOrderGroupSize` is 1, else a permutation of `n` within its group of
 * `outOfOrderGroupSize` consecutive numbers (Nexmark's `nextAdjustedEventNumber`; the
 * multiplier 953 is prime, so it permutes any group size that is not a multiple of 953).
 */
export function adjustedEventNumber(config: GeneratorConfig, n: number): number {
  const g = config.outOfOrderGroupSize;
  if (g === 1) return n;
  return n - (n % g) + ((n * 953) % g);
}

/**
 * Event time of (adjusted) event number `m`: `baseTime + ⌊⌊m · interEventDelayUs⌋ / 1000⌋`,
 * in epoch ms, exactly as Nexmark's `timestampForEvent` (which truncates to whole
 * microseconds, then to whole milliseconds).
 */
export function timestampForEventNumber(config: GeneratorConfig, m: number): number {
  const us = Math.floor(m * config.interEventDelayUs);
  return config.baseTime + (us - (us % 1000)) / 1000;
}

/**
 * The generator's own perfect watermark after event number `n`: no event numbered `n` or
 * later has an earlier timestamp (Nexmark's `nextEventNumberForWatermark`). The suite's
 * queries do not use it; they declare `dateTime - 4 s` instead (see `WATERMARK_DELAY_MS`).
 */
export function generatorWatermark(config: GeneratorConfig, n: number): number {
  const g = config.outOfOrderGroupSize;
  return timestampForEventNumber(config, n - (n % g));
}
