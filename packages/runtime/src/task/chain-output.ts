import type { Output, OutputTag, StreamRecord } from '@weir/operators';

/** Something downstream of a node: a chained operator or a record writer to another task. */
export interface ChainTarget {
  push(value: unknown, timestamp: number): void;
  watermark(watermark: number): void;
}

/** Per-node record counts, for metrics and the dashboard. */
export interface NodeCounters {
  recordsIn: number;
  recordsOut: number;
}

/**
 * The {@link Output} a node's operator emits into: main-output records go to the main
 * targets, side-output records to the targets of their tag, watermarks to all of them.
 * Everything is a synchronous call.
 */
export class ChainOutput implements Output<unknown> {
  private readonly single: ChainTarget | undefined;

  constructor(
    private readonly main: readonly ChainTarget[],
    private readonly side: ReadonlyMap<string, readonly ChainTarget[]>,
    private readonly all: readonly ChainTarget[],
    readonly counters: NodeCounters,
  ) {
    this.single = main.length === 1 ? main[0] : undefined;
  }

  collect(value: unknown, timestamp: number): void {
    this.counters.recordsOut++;
    if (this.single !== undefined) {
      this.single.push(value, timestamp);
      return;
    }
    for (let i = 0; i < this.main.length; i++) this.main[i]!.push(value, timestamp);
  }

  collectSide<S>(tag: OutputTag<S>, value: S, timestamp: number): void {
    const targets = this.side.get(tag.id);
    if (targets === undefined) return;
    for (const t of targets) t.push(value, timestamp);
  }

  emitWatermark(watermark: number): void {
    for (const t of this.all) t.watermark(watermark);
  }
}

/** Feeds a chained one-input operator, reusing one record object (the runtime's object reuse). */
export class RunnerTarget implements ChainTarget {
  private readonly record: StreamRecord<unknown> = { value: undefined, timestamp: Number.NaN };
  constructor(
    private readonly runner: { processElement(r: StreamRecord<unknown>): void; processWatermark(wm: number): void },
    private readonly counters: NodeCounters,
  ) {}
  push(value: unknown, timestamp: number): void {
    this.counters.recordsIn++;
    const r = this.record;
    r.value = value;
    r.timestamp = timestamp;
    this.runner.processElement(r);
  }
  watermark(watermark: number): void {
    this.runner.processWatermark(watermark);
  }
}
