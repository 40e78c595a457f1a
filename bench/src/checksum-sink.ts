/**
 * What a benchmark compares outputs by: a count and an order-independent checksum, kept by a
 * sink on the framework side and by the hand-written loop on the baseline side.
 *
 * @module
 */

import type { Sink } from '@weir/operators';

/** The result of a run as far as equality goes: how many rows, and a checksum over them. */
export interface Outcome {
  readonly count: number;
  readonly checksum: number;
}

/** Sums below 2^52 stay exact when a row hash below 2^32 is added. */
const REDUCE_AT = 2 ** 52;
const MODULUS = 2 ** 32;

/**
 * Counts rows and sums their hashes modulo 2^32, so that the checksum does not depend on the
 * order rows arrive in (which parallel runs do not fix).
 */
export class Checksum implements Outcome {
  count = 0;
  private sum = 0;

  /** Adds a row's hash: any non-negative safe integer. */
  add(hash: number): void {
    this.count++;
    this.sum += hash % MODULUS;
    if (this.sum >= REDUCE_AT) this.sum %= MODULUS;
  }

  get checksum(): number {
    return this.sum % MODULUS;
  }
}

/**
 * A sink that only counts and checksums what it receives, into `into`: a benchmark's sink,
 * which keeps no rows (unlike `resultSink`), so that what is measured is the job, not the
 * collection. Every subtask adds to the same `into`, so it is meant for jobs run with
 * `executeInline` in the thread that reads `into`.
 */
export function checksumSink<T>(hash: (row: T) => number, into: Checksum): Sink<T> {
  return {
    name: 'checksum',
    createWriter: () => ({
      write(row) {
        into.add(hash(row));
      },
    }),
  };
}
