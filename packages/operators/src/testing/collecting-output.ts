import type { Output } from '../api/output.js';
import type { OutputTag } from '../api/output-tag.js';

/** A record an operator emitted, copied out of the (reused) record it came in. */
export interface OutputRecord<T> {
  readonly value: T;
  readonly timestamp: number;
}

/** An {@link Output} that keeps everything: main output, side outputs by tag id, watermarks. */
export class CollectingOutput<O> implements Output<O> {
  readonly records: OutputRecord<O>[] = [];
  readonly sideOutputs = new Map<string, OutputRecord<unknown>[]>();
  readonly watermarks: number[] = [];

  collect(value: O, timestamp: number): void {
    this.records.push({ value, timestamp });
  }
  collectSide<S>(tag: OutputTag<S>, value: S, timestamp: number): void {
    let list = this.sideOutputs.get(tag.id);
    if (list === undefined) this.sideOutputs.set(tag.id, (list = []));
    list.push({ value, timestamp });
  }
  emitWatermark(watermark: number): void {
    this.watermarks.push(watermark);
  }
  clear(): void {
    this.records.length = 0;
    this.sideOutputs.clear();
    this.watermarks.length = 0;
  }
}
