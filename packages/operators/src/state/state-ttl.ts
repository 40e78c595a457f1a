/**
 * Time-to-live of keyed state, in processing time from the injected clock (as in Flink).
 * An expired entry is never returned and is dropped when it is next touched or snapshotted.
 */
export interface StateTtl {
  /** How long an entry lives after it was last written (or read, with 'on-read-and-write'). */
  readonly ttlMs: number;
  /** What refreshes an entry's lifetime; default 'on-create-and-write'. */
  readonly update?: 'on-create-and-write' | 'on-read-and-write';
}
