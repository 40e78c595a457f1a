import type { Collector } from '../api/output.js';
import type { OutputTag } from '../api/output-tag.js';
import type { OperatorContext } from '../api/operator-context.js';
import type { MapStateDescriptor } from '../state/state-descriptor.js';
import type { MapState } from '../state/keyed-state.js';
import type { TimeDomain, TimerService } from '../time/timer.js';

/** What a process function sees of the record it processes. */
export interface ProcessContext {
  /** The record's event timestamp (`NaN` when it has none). */
  readonly timestamp: number;
  /** Emits to a side output, with the record's timestamp. */
  output<S>(tag: OutputTag<S>, value: S): void;
  currentWatermark(): number;
  currentProcessingTime(): number;
}

/** The context of a keyed process function: the key and its timers. */
export interface KeyedProcessContext<K> extends ProcessContext {
  readonly key: K;
  readonly timers: TimerService;
}

/** The context of `onTimer`: the timer's time domain; `timestamp` is the timer's time. */
export interface OnTimerContext<K> extends KeyedProcessContext<K> {
  readonly domain: TimeDomain;
}

/** Optional set-up and tear-down of a function object. */
export interface RichFn {
  /** Called once per parallel instance before the first record: declare state here. */
  open?(ctx: OperatorContext): void | Promise<void>;
  close?(): void | Promise<void>;
}

/** A low-level function over a (non-keyed) stream. */
export interface ProcessFn<I, O> extends RichFn {
  processElement(value: I, ctx: ProcessContext, out: Collector<O>): void;
}

/** A low-level function over a keyed stream, with keyed state and timers. */
export interface KeyedProcessFn<K, I, O> extends RichFn {
  processElement(value: I, ctx: KeyedProcessContext<K>, out: Collector<O>): void;
  onTimer?(timestamp: number, ctx: OnTimerContext<K>, out: Collector<O>): void;
}

/** A function over two connected streams. */
export interface CoProcessFn<I1, I2, O> extends RichFn {
  processElement1(value: I1, ctx: ProcessContext, out: Collector<O>): void;
  processElement2(value: I2, ctx: ProcessContext, out: Collector<O>): void;
}

/** A function over two connected keyed streams (same key type), with state and timers. */
export interface KeyedCoProcessFn<K, I1, I2, O> extends RichFn {
  processElement1(value: I1, ctx: KeyedProcessContext<K>, out: Collector<O>): void;
  processElement2(value: I2, ctx: KeyedProcessContext<K>, out: Collector<O>): void;
  onTimer?(timestamp: number, ctx: OnTimerContext<K>, out: Collector<O>): void;
}

/** Reads broadcast state while processing the non-broadcast input. */
export interface ReadOnlyBroadcastContext extends ProcessContext {
  getBroadcastState<MK extends string | number, MV>(descriptor: MapStateDescriptor<MK, MV>): Pick<
    MapState<MK, MV>,
    'get' | 'contains' | 'keys' | 'values' | 'entries' | 'size' | 'isEmpty'
  >;
}

/** Reads and writes broadcast state while processing the broadcast input. */
export interface BroadcastContext extends ProcessContext {
  getBroadcastState<MK extends string | number, MV>(descriptor: MapStateDescriptor<MK, MV>): MapState<MK, MV>;
}

/** Joins a (non-keyed) stream with a broadcast stream through broadcast state. */
export interface BroadcastProcessFn<I, B, O> extends RichFn {
  processElement(value: I, ctx: ReadOnlyBroadcastContext, out: Collector<O>): void;
  processBroadcastElement(value: B, ctx: BroadcastContext, out: Collector<O>): void;
}

/** The keyed side's context of a keyed broadcast function. */
export interface KeyedReadOnlyBroadcastContext<K> extends ReadOnlyBroadcastContext {
  readonly key: K;
  readonly timers: TimerService;
}

/** Joins a keyed stream with a broadcast stream: keyed state and timers on the keyed side. */
export interface KeyedBroadcastProcessFn<K, I, B, O> extends RichFn {
  processElement(value: I, ctx: KeyedReadOnlyBroadcastContext<K>, out: Collector<O>): void;
  processBroadcastElement(value: B, ctx: BroadcastContext, out: Collector<O>): void;
  onTimer?(timestamp: number, ctx: OnTimerContext<K> & ReadOnlyBroadcastContext, out: Collector<O>): void;
}
