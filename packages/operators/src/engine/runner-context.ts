import type { Key } from '../api/key.js';
import type { OperatorContext } from '../api/operator-context.js';
import type { AggregatingState, ListState, MapState, ReducingState, ValueState } from '../state/keyed-state.js';
import type {
  AggregatingStateDescriptor,
  ListStateDescriptor,
  MapStateDescriptor,
  ReducingStateDescriptor,
  ValueStateDescriptor,
} from '../state/state-descriptor.js';
import type { Clock } from '../time/time.js';
import type { TimerService } from '../time/timer.js';
import type { BroadcastStateStore } from './broadcast-state-store.js';
import type { HeapKeyedStateBackend } from './heap-keyed-state-backend.js';
import { notKeyedError } from './not-keyed-error.js';

/** What a {@link RunnerContext} reads from the runner that owns it. */
export interface RunnerContextSource {
  readonly stepId: string;
  readonly subtaskIndex: number;
  readonly parallelism: number;
  readonly maxParallelism: number;
  readonly clock: Clock;
  readonly sendResults: ((name: string, values: unknown[]) => void) | undefined;
  /** Why keyed state is unavailable: set exactly when `backend` is undefined. */
  readonly notKeyedReason: string;
  readonly backend: HeapKeyedStateBackend | undefined;
  readonly timers: TimerService;
  readonly broadcast: BroadcastStateStore;
  currentWatermark(): number;
}

/**
 * The {@link OperatorContext} a runner gives its operator. For a non-keyed operator,
 * `getState`, `currentKey` and timer registration throw ERR_STATE_NOT_KEYED naming the step.
 */
export class RunnerContext implements OperatorContext {
  readonly stepId: string;
  readonly subtaskIndex: number;
  readonly parallelism: number;
  readonly maxParallelism: number;
  readonly clock: Clock;
  readonly timers: TimerService;
  readonly sendResults?: (name: string, values: unknown[]) => void;

  constructor(private readonly source: RunnerContextSource) {
    this.stepId = source.stepId;
    this.subtaskIndex = source.subtaskIndex;
    this.parallelism = source.parallelism;
    this.maxParallelism = source.maxParallelism;
    this.clock = source.clock;
    this.timers = source.timers;
    if (source.sendResults !== undefined) this.sendResults = source.sendResults;
  }

  getState<T>(descriptor: ValueStateDescriptor<T>): ValueState<T>;
  getState<T>(descriptor: ListStateDescriptor<T>): ListState<T>;
  getState<K extends string | number, V>(descriptor: MapStateDescriptor<K, V>): MapState<K, V>;
  getState<T>(descriptor: ReducingStateDescriptor<T>): ReducingState<T>;
  getState<IN, ACC, OUT>(descriptor: AggregatingStateDescriptor<IN, ACC, OUT>): AggregatingState<IN, OUT>;
  getState(descriptor: { readonly name: string }): unknown {
    const backend = this.source.backend;
    if (backend === undefined) throw notKeyedError(this.stepId, `getState('${descriptor.name}')`, this.source.notKeyedReason);
    return backend.getState(descriptor as never);
  }

  currentKey(): Key {
    const backend = this.source.backend;
    if (backend === undefined) throw notKeyedError(this.stepId, 'currentKey()', this.source.notKeyedReason);
    return backend.currentKey();
  }

  currentWatermark(): number {
    return this.source.currentWatermark();
  }

  getBroadcastState<K extends string | number, V>(descriptor: MapStateDescriptor<K, V>): MapState<K, V> {
    return this.source.broadcast.getBroadcastState(descriptor);
  }
}

/** The timer service of a non-keyed operator: it tells the time but refuses timers. */
export class NonKeyedTimerService implements TimerService {
  constructor(
    private readonly stepId: string,
    private readonly reason: string,
    private readonly clock: Clock,
    private readonly watermark: () => number,
  ) {}
  currentProcessingTime(): number {
    return this.clock.now();
  }
  currentWatermark(): number {
    return this.watermark();
  }
  registerEventTimeTimer(): void {
    throw notKeyedError(this.stepId, 'registerEventTimeTimer()', this.reason);
  }
  registerProcessingTimeTimer(): void {
    throw notKeyedError(this.stepId, 'registerProcessingTimeTimer()', this.reason);
  }
  deleteEventTimeTimer(): void {
    throw notKeyedError(this.stepId, 'deleteEventTimeTimer()', this.reason);
  }
  deleteProcessingTimeTimer(): void {
    throw notKeyedError(this.stepId, 'deleteProcessingTimeTimer()', this.reason);
  }
}
