import { WeirError, type Clock, type PollStatus, type SourceOutput, type SourceReader, type TimestampAssigner, type WatermarkGenerator, type WatermarkStrategy } from '@weir/operators';
import type { ChainOutput } from './chain-output.js';

/**
 * Drives one source subtask: polls its reader in batches, stamps records through the
 * watermark strategy's timestamp assigner, computes the watermark (bounded out-of-orderness
 * inline, without a call per record; per split when the reader names the split of each
 * record, the minimum over splits that are not idle), and tracks idleness in processing time.
 */
export class SourceDriver implements SourceOutput<unknown> {
  private readonly assigner: TimestampAssigner<unknown> | undefined;
  private readonly generator: WatermarkGenerator | undefined;
  /** Built-in strategies are computed here, without a call per record. */
  private readonly outOfOrdernessMs: number | undefined;
  private maxTimestamp = Number.NEGATIVE_INFINITY;
  /** Per split (a Kafka partition, …): its highest timestamp and the poll it last had a record in. */
  private splits: Map<string, { max: number; last: number }> | undefined;
  private pollTime: number;
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
    this.pollTime = this.lastActivity;
  }

  collect(value: unknown, timestamp?: number, split?: string): void {
    const native = timestamp ?? Number.NaN;
    const ts = this.assigner === undefined ? native : this.assigner(value, native);
    if (this.generator !== undefined) this.generator.onEvent(ts);
    else if (split !== undefined) this.onSplitRecord(split, ts);
    else if (ts > this.maxTimestamp) this.maxTimestamp = ts;
    this.out.collect(value, ts);
  }

  addSplit(split: string): void {
    const splits = (this.splits ??= new Map());
    if (!splits.has(split)) splits.set(split, { max: Number.NEGATIVE_INFINITY, last: this.clock.now() });
  }

  /** Tracks a split's own watermark, so that one lagging partition holds the watermark back. */
  private onSplitRecord(split: string, ts: number): void {
    const splits = (this.splits ??= new Map());
    let s = splits.get(split);
    if (s === undefined) {
      s = { max: Number.NEGATIVE_INFINITY, last: this.pollTime };
      splits.set(split, s);
    }
    if (ts > s.max) s.max = ts;
    s.last = this.pollTime;
  }

  /**
   * The minimum over the splits that are not idle (no record for the idleness timeout) of
   * their highest timestamp − delay − 1; undefined when every split is idle.
   */
  private splitWatermark(delay: number): number | undefined {
    let min: number | undefined;
    const now = this.clock.now();
    for (const s of this.splits!.values()) {
      if (this.idleTimeoutMs !== undefined && now - s.last >= this.idleTimeoutMs) continue;
      const wm = s.max === Number.NEGATIVE_INFINITY ? Number.NEGATIVE_INFINITY : s.max - delay - 1;
      if (min === undefined || wm < min) min = wm;
    }
    if (this.maxTimestamp !== Number.NEGATIVE_INFINITY) {
      const wm = this.maxTimestamp - delay - 1;
      if (min === undefined || wm < min) min = wm;
    }
    return min;
  }

  /** Polls up to `max` records; returns the reader's status. Errors name the source's step. */
  poll(max: number): PollStatus {
    const before = this.out.counters.recordsOut;
    this.pollTime = this.clock.now();
    try {
      this.status = this.reader.pollNext(this, max);
    } catch (err) {
      if (err instanceof WeirError && err.stepId !== undefined) throw err;
      const detail = err instanceof Error ? err.message : String(err);
      const code = err instanceof WeirError ? err.code : 'ERR_SOURCE_FAILED';
      throw new WeirError(code, `source '${this.stepId}' failed: ${detail}`, { domain: 'user', stepId: this.stepId, cause: err });
    }
    if (this.out.counters.recordsOut > before) this.lastActivity = this.pollTime;
    return this.status;
  }

  /** The generator's watermark when it advanced since the last call, else undefined. */
  advancedWatermark(): number | undefined {
    const delay = this.outOfOrdernessMs;
    let wm: number | undefined;
    if (delay === undefined) wm = this.generator!.currentWatermark();
    else if (this.splits !== undefined) wm = this.splitWatermark(delay);
    else wm = this.maxTimestamp === Number.NEGATIVE_INFINITY ? Number.NEGATIVE_INFINITY : this.maxTimestamp - delay - 1;
    if (wm === undefined || wm <= this.lastWatermark) return undefined;
    this.lastWatermark = wm;
    return wm;
  }

  /** Whether the source should now count as idle (no records for the idleness timeout). */
  shouldBeIdle(): boolean {
    if (this.idleTimeoutMs === undefined) return false;
    return this.clock.now() - this.lastActivity >= this.idleTimeoutMs;
  }
}
