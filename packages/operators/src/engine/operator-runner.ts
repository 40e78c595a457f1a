import { keyGroupRange } from '../api/key.js';
import type { OperatorContext, TaskInfo } from '../api/operator-context.js';
import type { OperatorLifecycle } from '../api/operator.js';
import type { Output } from '../api/output.js';
import { userFunctionError, WeirError } from '../errors/weir-error.js';
import { MIN_WATERMARK, type Clock } from '../time/time.js';
import type { Timer, TimerService } from '../time/timer.js';
import { BroadcastStateStore } from './broadcast-state-store.js';
import { HeapKeyedStateBackend } from './heap-keyed-state-backend.js';
import { HeapTimerService } from './heap-timer-service.js';
import type { OperatorSnapshot } from './operator-snapshot.js';
import { NonKeyedTimerService, RunnerContext, type RunnerContextSource } from './runner-context.js';

/** Options every operator runner takes. */
export interface OperatorRunnerOptions<O> {
  /** The step the operator runs as; default `taskInfo.stepId`. Names state, errors and snapshots. */
  readonly stepId?: string;
  /** Which parallel instance this is, and its clock. */
  readonly taskInfo: TaskInfo;
  /** Where the operator's records, side outputs and watermarks go. */
  readonly output: Output<O>;
  /**
   * The state to start from: this subtask's own snapshot, or — after a change of parallelism —
   * what {@link operatorSnapshotForSubtask} made of all old subtasks' snapshots.
   */
  readonly restored?: OperatorSnapshot;
  /** The key groups this subtask owns; default `keyGroupRange(subtaskIndex, maxParallelism, parallelism)`. */
  readonly keyGroupRange?: readonly [number, number];
}

/** How a runner learned whether its operator is keyed. */
export interface RunnerKeying {
  /** The factory's `name`, for error messages. */
  readonly operatorName: string;
  /** Whether the operator gets keyed state and timers. */
  readonly keyed: boolean;
}

/**
 * What one- and two-input runners share: the operator's context, keyed state, timers and
 * broadcast state, and its lifecycle (restore → open → records/watermarks/timers →
 * snapshot → finish → close).
 *
 * Concurrency: a runner is driven by one task thread and never re-entered concurrently; no
 * method may be called while an async one (`open`, `finish`, `notifyCheckpointComplete`,
 * `close`) is pending. Per-record methods are synchronous and allocation-free.
 *
 * Errors thrown by the operator are WeirError ERR_USER_FUNCTION naming the step, with the
 * original error as `cause` (an error that already names a step passes unchanged).
 */
export abstract class OperatorRunner<O> implements RunnerContextSource {
  readonly stepId: string;
  readonly subtaskIndex: number;
  readonly parallelism: number;
  readonly maxParallelism: number;
  readonly clock: Clock;
  readonly sendResults: ((name: string, values: unknown[]) => void) | undefined;
  /** Whether the operator has keyed state and timers. */
  readonly keyed: boolean;
  /** The key groups this subtask owns ([first, last], inclusive). */
  readonly keyGroupRange: readonly [number, number];
  /** @internal */
  readonly backend: HeapKeyedStateBackend | undefined;
  /** @internal */
  readonly timers: TimerService;
  /** @internal */
  readonly broadcast: BroadcastStateStore;
  /** @internal */
  readonly notKeyedReason: string;
  /** The context handed to the operator's `open`. */
  readonly context: OperatorContext;
  protected readonly output: Output<O>;
  protected readonly heapTimers: HeapTimerService | undefined;
  private readonly lifecycle: OperatorLifecycle<O>;
  private readonly restored: OperatorSnapshot | undefined;
  private watermark = MIN_WATERMARK;
  private closed = false;
  /** Bound once, so firing timers allocates no closure. */
  private readonly fireTimer: (timer: Timer) => void;

  protected constructor(options: OperatorRunnerOptions<O>, lifecycle: OperatorLifecycle<O>, keying: RunnerKeying) {
    const { taskInfo } = options;
    this.stepId = options.stepId ?? taskInfo.stepId;
    this.subtaskIndex = taskInfo.subtaskIndex;
    this.parallelism = taskInfo.parallelism;
    this.maxParallelism = taskInfo.maxParallelism;
    this.clock = taskInfo.clock;
    this.sendResults = taskInfo.sendResults;
    this.output = options.output;
    this.restored = options.restored;
    this.lifecycle = lifecycle;
    this.keyed = keying.keyed;
    this.keyGroupRange = options.keyGroupRange ?? keyGroupRange(this.subtaskIndex, this.maxParallelism, this.parallelism);
    this.broadcast = new BroadcastStateStore(this.stepId);
    if (keying.keyed) {
      const backend = new HeapKeyedStateBackend({ stepId: this.stepId, maxParallelism: this.maxParallelism, clock: this.clock });
      this.backend = backend;
      this.heapTimers = new HeapTimerService({ clock: this.clock, maxParallelism: this.maxParallelism, currentKey: () => backend.currentKey() });
      this.timers = this.heapTimers;
      this.notKeyedReason = '';
    } else {
      this.backend = undefined;
      this.heapTimers = undefined;
      this.notKeyedReason = `operator '${keying.operatorName}' is not keyed (keyed state and timers exist only for operators on a keyed stream)`;
      this.timers = new NonKeyedTimerService(this.stepId, this.notKeyedReason, this.clock, () => this.watermark);
    }
    this.context = new RunnerContext(this);
    this.fireTimer = (timer) => {
      this.backend!.setCurrentKey(timer.key);
      this.lifecycle.onTimer?.(timer, this.output);
    };
  }

  /** The operator's current input watermark (MIN_WATERMARK before the first). */
  currentWatermark(): number {
    return this.watermark;
  }

  /**
   * Restores keyed state, timers and broadcast state from `restored`, then the operator's
   * own state (`restoreState`), then opens the operator. Call once, before anything else.
   *
   * @throws WeirError ERR_STATE_UNKNOWN when the snapshot belongs to another step, or holds
   *   keyed state or timers for an operator that is no longer keyed.
   */
  async open(): Promise<void> {
    const r = this.restored;
    if (r !== undefined) {
      if (r.stepId !== this.stepId) {
        throw new WeirError('ERR_STATE_UNKNOWN', `step '${this.stepId}' cannot restore a snapshot of step '${r.stepId}'`, { stepId: this.stepId });
      }
      if (this.backend !== undefined) this.backend.restore(r.keyed === undefined ? [] : [r.keyed], this.keyGroupRange);
      else if (r.keyed !== undefined && r.keyed.groups.length > 0) throw this.lostState('keyed state');
      if (this.heapTimers !== undefined) this.heapTimers.restore(r.timers === undefined ? [] : [r.timers], this.keyGroupRange);
      else if (r.timers !== undefined && r.timers.groups.length > 0) throw this.lostState('timers');
      if (r.broadcast !== undefined) this.broadcast.restore([r.broadcast]);
      const states = r.operatorStates ?? (r.operatorState === undefined ? [] : [r.operatorState]);
      if (states.length > 0 && this.lifecycle.restoreState !== undefined) {
        try {
          for (const state of states) this.lifecycle.restoreState(state);
        } catch (err) {
          throw userFunctionError(this.stepId, err);
        }
      }
    }
    try {
      await this.lifecycle.open?.(this.context);
    } catch (err) {
      throw userFunctionError(this.stepId, err);
    }
  }

  private lostState(what: string): WeirError {
    return new WeirError('ERR_STATE_UNKNOWN', `step '${this.stepId}' restored ${what}, but its operator is not keyed: the state would be lost`, {
      domain: 'user',
      stepId: this.stepId,
    });
  }

  /**
   * A watermark arrived. Ignored unless larger than the current one; otherwise fires the
   * event-time timers up to it (each with its key as the current key), then calls the
   * operator's `processWatermark`, or forwards the watermark when it has none.
   */
  processWatermark(watermark: number): void {
    if (!(watermark > this.watermark)) return;
    this.watermark = watermark;
    try {
      this.heapTimers?.advanceWatermark(watermark, this.fireTimer);
      const op = this.lifecycle;
      if (op.processWatermark !== undefined) op.processWatermark(watermark, this.output);
      else this.output.emitWatermark(watermark);
    } catch (err) {
      throw userFunctionError(this.stepId, err);
    }
  }

  /** Fires the processing-time timers up to `now` (normally `clock.now()`). */
  advanceProcessingTime(now: number): void {
    if (this.heapTimers === undefined) return;
    try {
      this.heapTimers.advanceProcessingTime(now, this.fireTimer);
    } catch (err) {
      throw userFunctionError(this.stepId, err);
    }
  }

  /** When the earliest processing-time timer is due, so the runtime can schedule a wake-up. */
  nextProcessingTimer(): number | undefined {
    return this.heapTimers?.nextProcessingTime();
  }

  /** Checkpoint `checkpointId` reached the operator: lets it stage data before the snapshot. */
  async prepareSnapshotPreBarrier(checkpointId: number): Promise<void> {
    try {
      await this.lifecycle.prepareSnapshotPreBarrier?.(checkpointId);
    } catch (err) {
      throw userFunctionError(this.stepId, err);
    }
  }

  /**
   * The operator's state for checkpoint `checkpointId`, as plain data: a synchronous copy
   * that later processing does not change (see {@link OperatorSnapshot}).
   */
  snapshot(checkpointId: number): OperatorSnapshot {
    let operatorState: unknown;
    if (this.lifecycle.snapshotState !== undefined) {
      try {
        operatorState = this.lifecycle.snapshotState(checkpointId);
      } catch (err) {
        throw userFunctionError(this.stepId, err);
      }
    }
    return {
      stepId: this.stepId,
      ...(operatorState !== undefined && { operatorState }),
      ...(this.backend !== undefined && { keyed: this.backend.snapshot() }),
      ...(this.heapTimers !== undefined && { timers: this.heapTimers.snapshot() }),
      ...(!this.broadcast.isEmpty() && { broadcast: this.broadcast.snapshot() }),
    };
  }

  /** Checkpoint `checkpointId` completed everywhere. */
  async notifyCheckpointComplete(checkpointId: number): Promise<void> {
    try {
      await this.lifecycle.notifyCheckpointComplete?.(checkpointId);
    } catch (err) {
      throw userFunctionError(this.stepId, err);
    }
  }

  /**
   * The input ended: the operator emits what it still buffers. The runtime sends
   * `processWatermark(MAX_WATERMARK)` first when the input is bounded, so event-time timers
   * have fired by then.
   */
  async finish(): Promise<void> {
    try {
      await this.lifecycle.finish?.(this.output);
    } catch (err) {
      throw userFunctionError(this.stepId, err);
    }
  }

  /** Releases the operator's resources; runs its `close` exactly once, also after a failure. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.lifecycle.close?.();
    } catch (err) {
      throw userFunctionError(this.stepId, err);
    }
  }

  /** The number of live keyed-state entries (0 for a non-keyed operator): for tests and metrics. */
  numKeyedStateEntries(): number {
    return this.backend?.numEntries() ?? 0;
  }

  /** The number of registered timers (0 for a non-keyed operator). */
  numTimers(): number {
    return this.heapTimers?.numTimers() ?? 0;
  }
}
