import type { Output, OutputTag } from '@weir/operators';

/**
 * Something downstream of a node: a chained operator's runner (which reuses one record
 * object per call) or a record writer to another task.
 */
export interface ChainTarget {
  push(value: unknown, timestamp: number): void;
  processWatermark(watermark: number): void;
}

/** Records a node emitted, for metrics and the dashboard. */
export interface OutputCounter {
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
    readonly counters: OutputCounter,
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
    for (const t of this.all) t.processWatermark(watermark);
  }
}
