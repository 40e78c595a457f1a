import type { Clock } from '../time/time.js';
import type { TimerService } from '../time/timer.js';
import type { Key } from './key.js';
import type {
  AggregatingStateDescriptor,
  ListStateDescriptor,
  MapStateDescriptor,
  ReducingStateDescriptor,
  ValueStateDescriptor,
} from '../state/state-descriptor.js';
import type { AggregatingState, ListState, MapState, ReducingState, ValueState } from '../state/keyed-state.js';

/** Declares keyed state; each handle reads and writes the current key's entry. */
export interface KeyedStateStore {
  getState<T>(descriptor: ValueStateDescriptor<T>): ValueState<T>;
  getState<T>(descriptor: ListStateDescriptor<T>): ListState<T>;
  getState<K extends string | number, V>(descriptor: MapStateDescriptor<K, V>): MapState<K, V>;
  getState<T>(descriptor: ReducingStateDescriptor<T>): ReducingState<T>;
  getState<IN, ACC, OUT>(descriptor: AggregatingStateDescriptor<IN, ACC, OUT>): AggregatingState<IN, OUT>;
}

/** Who and where an operator instance is. */
export interface TaskInfo {
  /** The graph node's stable id. */
  readonly stepId: string;
  /** This parallel instance: 0 … parallelism − 1. */
  readonly subtaskIndex: number;
  readonly parallelism: number;
  readonly maxParallelism: number;
  /** Processing time. Operators never read the wall clock themselves. */
  readonly clock: Clock;
  /**
   * Sends values to the client that runs the job, under a result name (see `resultSink`).
   * Absent where no client listens (the operator harness).
   */
  readonly sendResults?: (name: string, values: unknown[]) => void;
}

/**
 * What the runtime gives an operator when it opens. Keyed state and timers exist only in
 * keyed operators (those whose input is a keyed stream); using them elsewhere throws
 * ERR_STATE_NOT_KEYED.
 */
export interface OperatorContext extends TaskInfo, KeyedStateStore {
  /** Timers of the current key. */
  readonly timers: TimerService;
  /** The key of the record or timer being processed. */
  currentKey(): Key;
  /** The operator's current input watermark (the minimum over its inputs). */
  currentWatermark(): number;
  /**
   * Broadcast state: a map that is the same on every parallel instance. It may be changed
   * only while processing the broadcast input; elsewhere treat it as read-only.
   */
  getBroadcastState<K extends string | number, V>(descriptor: MapStateDescriptor<K, V>): MapState<K, V>;
}
