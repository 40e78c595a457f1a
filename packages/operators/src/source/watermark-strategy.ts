import { MIN_WATERMARK } from '../time/time.js';

/** Extracts a record's event timestamp (ms); `nativeTimestamp` is the source's own. */
export type TimestampAssigner<T> = (value: T, nativeTimestamp: number) => number;

/**
 * Generates watermarks from the timestamps a source subtask sees. The runtime calls
 * `onEvent` for every record and `currentWatermark` after every poll.
 */
export interface WatermarkGenerator {
  onEvent(timestamp: number): void;
  currentWatermark(): number;
}

/**
 * How a source assigns timestamps and watermarks: bounded out-of-orderness (watermark =
 * highest timestamp seen − delay − 1), monotonous timestamps, or none; optionally a
 * timestamp assigner and an idleness timeout after which a silent source subtask stops
 * holding back the watermark of the operators downstream.
 */
export class WatermarkStrategy<T> {
  private constructor(
    readonly kind: 'none' | 'bounded-out-of-orderness',
    readonly maxOutOfOrdernessMs: number,
    readonly timestampAssigner: TimestampAssigner<T> | undefined,
    readonly idleTimeoutMs: number | undefined,
  ) {}

  /** Records carry no event time; watermarks never advance (until the end of bounded input). */
  static noWatermarks<T>(): WatermarkStrategy<T> {
    return new WatermarkStrategy<T>('none', 0, undefined, undefined);
  }
  /** Timestamps never decrease: watermark = highest timestamp − 1. */
  static forMonotonousTimestamps<T>(): WatermarkStrategy<T> {
    return new WatermarkStrategy<T>('bounded-out-of-orderness', 0, undefined, undefined);
  }
  /** Records may arrive up to `maxOutOfOrdernessMs` late. */
  static forBoundedOutOfOrderness<T>(maxOutOfOrdernessMs: number): WatermarkStrategy<T> {
    if (!(maxOutOfOrdernessMs >= 0)) throw new RangeError('maxOutOfOrdernessMs must be >= 0');
    return new WatermarkStrategy<T>('bounded-out-of-orderness', maxOutOfOrdernessMs, undefined, undefined);
  }
  /** Takes each record's event time from the record itself. */
  withTimestampAssigner(assigner: TimestampAssigner<T>): WatermarkStrategy<T> {
    return new WatermarkStrategy<T>(this.kind, this.maxOutOfOrdernessMs, assigner, this.idleTimeoutMs);
  }
  /** Marks a source subtask idle after `timeoutMs` of processing time without records. */
  withIdleness(timeoutMs: number): WatermarkStrategy<T> {
    if (!(timeoutMs > 0)) throw new RangeError('idleness timeout must be > 0');
    return new WatermarkStrategy<T>(this.kind, this.maxOutOfOrdernessMs, this.timestampAssigner, timeoutMs);
  }
  /** A fresh generator for one source subtask. */
  createGenerator(): WatermarkGenerator {
    if (this.kind === 'none') return { onEvent() {}, currentWatermark: () => MIN_WATERMARK };
    const delay = this.maxOutOfOrdernessMs;
    let max = MIN_WATERMARK;
    return {
      onEvent(timestamp) {
        if (timestamp > max) max = timestamp;
      },
      currentWatermark: () => (max === MIN_WATERMARK ? MIN_WATERMARK : max - delay - 1),
    };
  }
}
