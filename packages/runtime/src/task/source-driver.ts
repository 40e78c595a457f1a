import { WeirError, type Clock, type PollStatus, type SourceOutput, type SourceReader, type TimestampAssigner, type WatermarkGenerator, type WatermarkStrategy } from '@weir/operators';
import type { ChainOutput } from './chain-output.js';

/**
 * Drives one source subtask: polls its reader in batches, stamps records through the
 * watermark strategy's timestamp assigner, computes the watermark (bounded out-of-orderness
 * inline, without a call per record), and tracks idleness in processing time.
 */
export class SourceDriver implements SourceOutput<unknown> {
  private readonly assigner: TimestampAssigner<unknown> | undefined;
  private readonly generator: WatermarkGenerator | undefined;
  /** Built-in strategies are computed here, without a call per record. */
  private readonly outOfOrdernessMs: number | undefined;
  private maxTimestamp = Number.NEGATIVE_INFINITY;
  private readonly idleTimeoutMs: number | undefined;
  private lastWatermark = Number.NEGATIVE_INFINITY;
  private lastActivity: number;
  idle = false;
  status: PollStatus = 'more';
  /** Set while waiting for `available()` to resolve. */
  waiting = false;

  constructor(
    readonly stepId: string,
    readonly reader: SourceReader<unknown>,
    strategy: WatermarkStrategy<unknown>,
    private readonly out: ChainOutput,
    private readonly clock: Clock,
  ) {
    this.assigner = strategy.timestampAssigner;
    if (strategy.kind === 'bounded-out-of-orderness') this.outOfOrdernessMs = strategy.maxOutOfOrdernessMs;
    else this.generator = strategy.createGenerator();
    this.idleTimeoutMs = strategy.idleTimeoutMs;
    this.lastActivity = clock.now();
  }

  collect(value: unknown, timestamp?: number): void {
    const native = timestamp ?? Number.NaN;
    const ts = this.assigner === undefined ? native : this.assigner(value, native);
    if (this.generator !== undefined) this.generator.onEvent(ts);
    else if (ts > this.maxTimestamp) this.maxTimestamp = ts;
    this.out.collect(value, ts);
  }

  /** Polls up to `max` records; returns the reader's status. Errors name the source's step. */
  poll(max: number): PollStatus {
    const before = this.out.counters.recordsOut;
    try {
      this.status = this.reader.pollNext(this, max);
    } catch (err) {
      if (err instanceof WeirError && err.stepId !== undefined) throw err;
      const detail = err instanceof Error ? err.message : String(err);
      const code = err instanceof WeirError ? err.code : 'ERR_SOURCE_FAILED';
      throw new WeirError(code, `source '${this.stepId}' failed: ${detail}`, { domain: 'user', stepId: this.stepId, cause: err });
    }
    if (this.out.counters.recordsOut > before) this.lastActivity = this.clock.now();
    return this.status;
  }

  /** The generator's watermark when it advanced since the last call, else undefined. */
  advancedWatermark(): number | undefined {
    const wm =
      this.outOfOrdernessMs !== undefined
        ? this.maxTimestamp === Number.NEGATIVE_INFINITY
          ? Number.NEGATIVE_INFINITY
          : this.maxTimestamp - this.outOfOrdernessMs - 1
        : this.generator!.currentWatermark();
    if (wm <= this.lastWatermark) return undefined;
    this.lastWatermark = wm;
    return wm;
  }

  /** Whether the source should now count as idle (no records for the idleness timeout). */
  shouldBeIdle(): boolean {
    if (this.idleTimeoutMs === undefined) return false;
    return this.clock.now() - this.lastActivity >= this.idleTimeoutMs;
  }
}
