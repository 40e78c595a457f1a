/** The watermark before any event: nothing is known about event time yet. */
export const MIN_WATERMARK = Number.NEGATIVE_INFINITY;
/** The watermark at the end of bounded input: every event-time timer fires. */
export const MAX_WATERMARK = Number.POSITIVE_INFINITY;
/** The timestamp of a record that has none (no timestamp assigner ran). */
export const NO_TIMESTAMP = Number.NaN;

/**
 * Processing time, injected so that operators never read the wall clock themselves and
 * tests stay deterministic.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

/** The wall clock, for production runs. */
export const systemClock: Clock = { now: () => Date.now() };

/** A clock that moves only when told to: for tests and the operator harness. */
export class ManualClock implements Clock {
  private current: number;
  constructor(start = 0) {
    this.current = start;
  }
  now(): number {
    return this.current;
  }
  /** Moves the clock forward by `ms` (never backwards). */
  advance(ms: number): void {
    if (ms < 0) throw new RangeError('a clock does not go backwards');
    this.current += ms;
  }
  /** Sets the clock to `t`, which must not be earlier than now. */
  set(t: number): void {
    if (t < this.current) throw new RangeError('a clock does not go backwards');
    this.current = t;
  }
}
