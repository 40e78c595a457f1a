import { defineOperator } from '../api/define-operator.js';
import { fnInstance } from '../operators/fn-instance.js';
import type { Operator } from '../api/operator.js';
import type { OneInputOperatorFactory } from '../api/operator-factory.js';
import type { OperatorContext } from '../api/operator-context.js';
import type { Collector, Output } from '../api/output.js';
import type { OutputTag } from '../api/output-tag.js';
import type { StreamRecord } from '../api/stream-record.js';
import { WeirError } from '../errors/weir-error.js';
import type { AggregateFn, ReduceFn } from '../functions/aggregate-fn.js';
import type { MapState } from '../state/keyed-state.js';
import { mapState } from '../state/state-descriptor.js';
import type { Timer, TimerService } from '../time/timer.js';
import { windowStart, type TimeWindow } from './time-window.js';
import type { WindowAssigner } from './window-assigner.js';
import type { ProcessWindowFn, WindowContext } from './window-fns.js';
import type { WindowOperatorConfig } from './window-operator-config.js';
import { OwnedValues } from './owned-values.js';

/** The name of the keyed map state that holds every window's content, keyed by window id. */
const WINDOW_CONTENTS_STATE = 'window-contents';

/** A window's id: the key of its content in state and the namespace of its timers. */
function windowId(start: number, end: number): string {
  return `${start}:${end}`;
}

/** Parses a {@link windowId} (the separator search skips a leading minus sign). */
function idStart(id: string): number {
  return Number(id.slice(0, id.indexOf(':', 1)));
}
function idEnd(id: string): number {
  return Number(id.slice(id.indexOf(':', 1) + 1));
}

const operatorNames = { tumbling: 'TumblingWindow', sliding: 'SlidingWindow', session: 'SessionWindow' } as const;

/**
 * A keyed window operator with Flink's semantics:
 *
 * - Tumbling, sliding and session windows, in event time or processing time (records are
 *   assigned by their timestamp, or by the injected clock). Session windows merge: a record's
 *   window [t, t + gap) merges with every window of its key that it overlaps or touches
 *   (Flink's `TimeWindow.intersects`), their contents merged and their timers replaced by
 *   the merged window's.
 * - An event-time window fires when the watermark reaches end − 1 (an event-time timer), a
 *   processing-time window when the clock does. Output is stamped with end − 1.
 * - Allowed lateness (event time only): a window is late once end − 1 + allowedLateness <=
 *   watermark. A record late for all its windows goes to `lateDataTag`, or is dropped
 *   without one. A record for a window that already fired but is not late updates the
 *   window, which fires again at once with the full updated content (Flink's
 *   EventTimeTrigger). A timer at end − 1 + allowedLateness frees the window's state.
 * - Content is kept in one keyed map state ({@link WINDOW_CONTENTS_STATE}) keyed by
 *   {@link windowId}, which is also the namespace of the window's timers, so windows and
 *   their timers survive snapshot and restore with the keyed state.
 *
 * Element lists and accumulators grow in place while no checkpoint can see them, and are
 * copied once before their first change after a checkpoint (see {@link OwnedValues}); reduced
 * values are treated as immutable, as by ReducingState: a ReduceFn must not mutate its inputs.
 * A record without a timestamp reaching an event-time window throws ERR_WINDOW_NO_TIMESTAMP.
 * Windows still open when a bounded input ends are emitted by the final watermark
 * (event time); processing-time windows fire only on the clock, as in Flink.
 */
export function windowOperator<IN, ACC, OUT, K>(config: WindowOperatorConfig<IN, ACC, OUT, K>): OneInputOperatorFactory<IN, OUT> {
  validate(config);
  return defineOperator<IN, OUT>({
    name: operatorNames[config.assigner.kind],
    requiresKeyedInput: true,
    create: () => new WindowOperator<IN, ACC, OUT, K>(config),
  });
}

function validate<IN, ACC, OUT, K>(config: WindowOperatorConfig<IN, ACC, OUT, K>): void {
  const lateness = config.allowedLateness;
  if (!(lateness >= 0)) {
    throw new WeirError('ERR_CONFIG_INVALID', `a window's allowed lateness must be >= 0 ms, got ${lateness}`, { domain: 'user' });
  }
  if (config.content.kind === 'process' && config.windowFn === undefined) {
    throw new WeirError('ERR_CONFIG_INVALID', 'a window that keeps all its elements needs a window function to turn them into output', {
      domain: 'user',
    });
  }
}

/**
 * The one context and collector handed to the window function on every firing (no
 * allocation per call besides the window itself, which the user may keep).
 */
class WindowFnContext<OUT> implements WindowContext, Collector<OUT> {
  window: TimeWindow = { start: 0, end: 0 };
  out: Output<OUT> | undefined;
  timestamp = Number.NaN;
  op: OperatorContext | undefined;

  collect(value: OUT): void {
    this.out!.collect(value, this.timestamp);
  }
  output<S>(tag: OutputTag<S>, value: S): void {
    this.out!.collectSide(tag, value, this.timestamp);
  }
  currentWatermark(): number {
    return this.op!.currentWatermark();
  }
  currentProcessingTime(): number {
    return this.op!.clock.now();
  }
}

/** One parallel instance. Window content is `IN` (reduce), `ACC` (aggregate) or `IN[]` (process). */
class WindowOperator<IN, ACC, OUT, K> implements Operator<IN, OUT> {
  private readonly assigner: WindowAssigner;
  private readonly eventTime: boolean;
  private readonly lateness: number;
  private readonly lateDataTag: OutputTag<IN> | undefined;
  private readonly kind: 'reduce' | 'aggregate' | 'process';
  private readonly reduce: ReduceFn<IN> | undefined;
  private readonly aggregate: AggregateFn<IN, ACC, unknown> | undefined;
  private readonly windowFn: ProcessWindowFn<unknown, OUT, K> | undefined;
  private readonly fnContext = new WindowFnContext<OUT>();
  private readonly owned = new OwnedValues();
  private op!: OperatorContext;
  private timers!: TimerService;
  private contents!: MapState<string, unknown>;
  /** Reused by the session merge: the ids of the windows a record's window overlaps. */
  private readonly overlapping: string[] = [];

  constructor(config: WindowOperatorConfig<IN, ACC, OUT, K>) {
    this.assigner = config.assigner;
    this.eventTime = config.assigner.domain === 'event-time';
    // Flink ignores allowed lateness in processing time: a window is cleaned up when it fires.
    this.lateness = this.eventTime ? config.allowedLateness : 0;
    this.lateDataTag = config.lateDataTag;
    this.kind = config.content.kind;
    this.reduce = config.content.kind === 'reduce' ? config.content.reduce : undefined;
    this.aggregate = config.content.kind === 'aggregate' ? config.content.aggregate : undefined;
    this.windowFn = config.windowFn === undefined ? undefined : fnInstance(config.windowFn);
  }

  open(ctx: OperatorContext): void | Promise<void> {
    this.op = ctx;
    this.timers = ctx.timers;
    this.fnContext.op = ctx;
    this.contents = ctx.getState(mapState<string, unknown>(WINDOW_CONTENTS_STATE));
    return this.windowFn?.open?.(ctx);
  }

  processElement(record: StreamRecord<IN>, out: Output<OUT>): void {
    let timestamp: number;
    if (this.eventTime) {
      timestamp = record.timestamp;
      if (Number.isNaN(timestamp)) {
        throw new WeirError(
          'ERR_WINDOW_NO_TIMESTAMP',
          `step '${this.op.stepId}': a record without a timestamp reached an event-time window; ` +
            'assign timestamps in the source’s WatermarkStrategy (withTimestampAssigner) or use processing-time windows',
          { domain: 'user', stepId: this.op.stepId },
        );
      }
    } else {
      timestamp = this.op.clock.now();
    }
    const value = record.value;
    const assigner = this.assigner;
    let accepted: boolean;
    switch (assigner.kind) {
      case 'tumbling': {
        const start = windowStart(timestamp, assigner.size, assigner.offset);
        accepted = this.addToFixedWindow(start, start + assigner.size, value, out);
        break;
      }
      case 'sliding': {
        accepted = false;
        const lowest = timestamp - assigner.size;
        for (let start = windowStart(timestamp, assigner.slide, assigner.offset); start > lowest; start -= assigner.slide) {
          if (this.addToFixedWindow(start, start + assigner.size, value, out)) accepted = true;
        }
        break;
      }
      case 'session':
        accepted = this.addToSession(timestamp, timestamp + assigner.gap, value, out);
        break;
    }
    if (!accepted && this.lateDataTag !== undefined) out.collectSide(this.lateDataTag, value, record.timestamp);
  }

  onTimer(timer: Timer, out: Output<OUT>): void {
    if ((timer.domain === 'event-time') !== this.eventTime) return;
    const id = timer.namespace;
    const content = this.contents.get(id);
    // A window merged away or already cleaned up: its timer is stale.
    if (content === undefined) return;
    const start = idStart(id);
    const end = idEnd(id);
    const maxTimestamp = end - 1;
    if (timer.timestamp === maxTimestamp) this.emit(start, end, content, out);
    if (timer.timestamp === maxTimestamp + this.lateness) this.contents.remove(id);
  }

  /** The window operator has no state of its own besides keyed state and timers. */
  snapshotState(): undefined {
    this.owned.checkpoint();
    return undefined;
  }

  close(): void | Promise<void> {
    return this.windowFn?.close?.();
  }

  /** True when a window of event time can no longer be updated: its cleanup time has passed. */
  private isLate(end: number): boolean {
    return this.eventTime && end - 1 + this.lateness <= this.op.currentWatermark();
  }

  /** Adds a value to a tumbling or sliding window; false when the window is late. */
  private addToFixedWindow(start: number, end: number, value: IN, out: Output<OUT>): boolean {
    if (this.isLate(end)) return false;
    const id = windowId(start, end);
    const content = this.contents.get(id);
    this.store(id, start, end, this.add(content, value), content === undefined, out);
    return true;
  }

  /**
   * Adds a value to its session: the window [start, end) merged with every window of the key
   * it intersects. Windows of a key never intersect one another (each insertion merges all
   * it touches), so one pass over them finds the whole merge.
   */
  private addToSession(start: number, end: number, value: IN, out: Output<OUT>): boolean {
    const overlapping = this.overlapping;
    overlapping.length = 0;
    let mergedStart = start;
    let mergedEnd = end;
    for (const id of this.contents.keys()) {
      const s = idStart(id);
      const e = idEnd(id);
      if (s <= end && e >= start) {
        overlapping.push(id);
        if (s < mergedStart) mergedStart = s;
        if (e > mergedEnd) mergedEnd = e;
      }
    }
    // Merging never makes a window end earlier: only a window that merged with nothing can be late.
    if (this.isLate(mergedEnd)) return false;
    const first = overlapping[0];
    if (overlapping.length === 1 && first !== undefined && idStart(first) === mergedStart && idEnd(first) === mergedEnd) {
      // The record falls inside an existing session.
      this.store(first, mergedStart, mergedEnd, this.add(this.contents.get(first), value), false, out);
      return true;
    }
    let merged: unknown = undefined;
    if (overlapping.length > 0) {
      // Earliest session first, so that element lists stay in the order of their sessions.
      overlapping.sort(byWindowStart);
      for (const id of overlapping) {
        const content = this.contents.get(id);
        merged = merged === undefined ? content : this.mergeContents(merged, content);
        this.contents.remove(id);
        this.deleteTimers(id, idEnd(id));
      }
    }
    this.store(windowId(mergedStart, mergedEnd), mergedStart, mergedEnd, this.add(merged, value), true, out);
    return true;
  }

  /**
   * Writes a window's updated content, registers the timers of a new window, and fires a
   * window the watermark has already passed (a late record within the allowed lateness).
   */
  private store(id: string, start: number, end: number, content: unknown, isNew: boolean, out: Output<OUT>): void {
    this.contents.put(id, content);
    const maxTimestamp = end - 1;
    if (!this.eventTime) {
      if (isNew) this.timers.registerProcessingTimeTimer(maxTimestamp, id);
      return;
    }
    if (maxTimestamp <= this.op.currentWatermark()) this.emit(start, end, content, out);
    else if (isNew) this.timers.registerEventTimeTimer(maxTimestamp, id);
    // With no lateness the firing timer doubles as the cleanup timer.
    if (isNew && this.lateness > 0) {
      const cleanup = maxTimestamp + this.lateness;
      // An infinite lateness keeps the window forever; there is nothing to schedule.
      if (cleanup !== Number.POSITIVE_INFINITY) this.timers.registerEventTimeTimer(cleanup, id);
    }
  }

  private deleteTimers(id: string, end: number): void {
    const maxTimestamp = end - 1;
    if (!this.eventTime) {
      this.timers.deleteProcessingTimeTimer(maxTimestamp, id);
      return;
    }
    this.timers.deleteEventTimeTimer(maxTimestamp, id);
    if (this.lateness > 0) this.timers.deleteEventTimeTimer(maxTimestamp + this.lateness, id);
  }

  /** Folds a value into a window's content (undefined for a new window). */
  private add(content: unknown, value: IN): unknown {
    switch (this.kind) {
      case 'reduce':
        return content === undefined ? value : this.reduce!(content as IN, value);
      case 'aggregate': {
        const agg = this.aggregate!;
        const acc = content === undefined ? agg.createAccumulator() : this.owned.writable(content as ACC);
        return this.owned.own(agg.add(value, acc));
      }
      case 'process': {
        if (content === undefined) return this.owned.own([value]);
        const list = this.owned.writableList(content as IN[]);
        list.push(value);
        return list;
      }
    }
  }

  /** Merges the contents of two sessions (a is the earlier one). */
  private mergeContents(a: unknown, b: unknown): unknown {
    switch (this.kind) {
      case 'reduce':
        return this.reduce!(a as IN, b as IN);
      case 'aggregate':
        return this.owned.own(this.aggregate!.merge(this.owned.writable(a as ACC), b as ACC));
      case 'process': {
        const list = this.owned.writableList(a as IN[]);
        for (const v of b as IN[]) list.push(v);
        return list;
      }
    }
  }

  /** Emits a window: its content through the window function, or the pre-aggregated value. */
  private emit(start: number, end: number, content: unknown, out: Output<OUT>): void {
    const timestamp = end - 1;
    const result = this.kind === 'aggregate' ? this.aggregate!.getResult(content as ACC) : content;
    const fn = this.windowFn;
    if (fn === undefined) {
      out.collect(result as OUT, timestamp);
      return;
    }
    const c = this.fnContext;
    c.window = { start, end };
    c.out = out;
    c.timestamp = timestamp;
    const elements = this.kind === 'process' ? (content as readonly unknown[]) : [result];
    fn.process(this.op.currentKey() as unknown as K, c, elements, c);
  }
}

function byWindowStart(a: string, b: string): number {
  return idStart(a) - idStart(b);
}
