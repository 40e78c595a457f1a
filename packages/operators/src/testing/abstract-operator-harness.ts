import { DEFAULT_MAX_PARALLELISM } from '../api/key.js';
import type { TaskInfo } from '../api/operator-context.js';
import type { OutputTag } from '../api/output-tag.js';
import type { OperatorRunner } from '../engine/operator-runner.js';
import { operatorSnapshotForSubtask, type OperatorSnapshot } from '../engine/operator-snapshot.js';
import { ManualClock } from '../time/time.js';
import { CollectingOutput, type OutputRecord } from './collecting-output.js';

/** Options every operator harness takes. */
export interface OperatorHarnessOptions {
  /** Default 'under-test'. */
  readonly stepId?: string;
  /** Processing time; default `new ManualClock(0)`. Move it with `setProcessingTime`. */
  readonly clock?: ManualClock;
  /** Default 1. */
  readonly parallelism?: number;
  /** Default 0. */
  readonly subtaskIndex?: number;
  /** Default 128. */
  readonly maxParallelism?: number;
  /**
   * State to start from: a snapshot this harness (or another) took, or the snapshots of
   * every subtask of an earlier run — then this subtask restores its share of them, as after
   * a change of parallelism.
   */
  readonly restored?: OperatorSnapshot | readonly OperatorSnapshot[];
}

/**
 * What the one- and two-input harnesses share: the output they collect, time, snapshots and
 * the lifecycle. Everything runs synchronously in the calling thread.
 */
export abstract class AbstractOperatorHarness<O> {
  /** The processing-time clock the operator sees. */
  readonly clock: ManualClock;
  protected readonly taskInfo: TaskInfo;
  protected readonly output = new CollectingOutput<O>();
  protected readonly restoredSnapshot: OperatorSnapshot | undefined;
  protected abstract readonly runner: OperatorRunner<O>;
  private opened = false;

  protected constructor(options: OperatorHarnessOptions) {
    this.clock = options.clock ?? new ManualClock(0);
    const parallelism = options.parallelism ?? 1;
    const subtaskIndex = options.subtaskIndex ?? 0;
    const maxParallelism = options.maxParallelism ?? DEFAULT_MAX_PARALLELISM;
    if (!(Number.isInteger(parallelism) && parallelism >= 1 && parallelism <= maxParallelism)) {
      throw new RangeError(`parallelism must be an integer in [1, maxParallelism], got ${parallelism}`);
    }
    if (!(Number.isInteger(subtaskIndex) && subtaskIndex >= 0 && subtaskIndex < parallelism)) {
      throw new RangeError(`subtaskIndex must be an integer in [0, parallelism), got ${subtaskIndex}`);
    }
    this.taskInfo = { stepId: options.stepId ?? 'under-test', subtaskIndex, parallelism, maxParallelism, clock: this.clock };
    const { restored } = options;
    this.restoredSnapshot = isSnapshotList(restored) ? operatorSnapshotForSubtask(restored, subtaskIndex, parallelism, maxParallelism) : restored;
  }

  /** Restores the state given as `restored` (if any) and opens the operator. */
  async open(): Promise<void> {
    await this.runner.open();
    this.opened = true;
  }

  protected checkOpen(): void {
    if (!this.opened) throw new Error('the harness is not open: call and await open() first');
  }

  /** Sends a watermark: due event-time timers fire, then the operator sees it. */
  processWatermark(watermark: number): void {
    this.checkOpen();
    this.runner.processWatermark(watermark);
  }

  /** Moves the clock to `t` (never backwards) and fires the processing-time timers due by then. */
  setProcessingTime(t: number): void {
    this.checkOpen();
    this.clock.set(t);
    this.runner.advanceProcessingTime(t);
  }

  /** The records emitted to the main output so far, in order. */
  records(): OutputRecord<O>[] {
    return this.output.records.slice();
  }

  /** The values emitted to the main output so far, in order. */
  values(): O[] {
    return this.output.records.map((r) => r.value);
  }

  /** The records emitted to the side output `tag` so far. */
  sideOutput<S>(tag: OutputTag<S>): OutputRecord<S>[] {
    return ((this.output.sideOutputs.get(tag.id) ?? []) as OutputRecord<S>[]).slice();
  }

  /** The watermarks the operator forwarded so far. */
  watermarks(): number[] {
    return this.output.watermarks.slice();
  }

  /** Forgets all collected output (records, side outputs, watermarks). */
  clearOutput(): void {
    this.output.clear();
  }

  /** The operator's state as a checkpoint would take it; pass it as `restored` to a new harness. */
  snapshot(checkpointId = 1): OperatorSnapshot {
    this.checkOpen();
    return this.runner.snapshot(checkpointId);
  }

  /** Tells the operator that checkpoint `checkpointId` completed. */
  async notifyCheckpointComplete(checkpointId: number): Promise<void> {
    await this.runner.notifyCheckpointComplete(checkpointId);
  }

  /** Ends the input: the operator emits what it still buffers (send MAX_WATERMARK first for event time). */
  async finish(): Promise<void> {
    this.checkOpen();
    await this.runner.finish();
  }

  /** Closes the operator (once). */
  async close(): Promise<void> {
    await this.runner.close();
  }

  /** The operator's current watermark. */
  currentWatermark(): number {
    return this.runner.currentWatermark();
  }

  /** The number of live keyed-state entries (one per key and declared state). */
  numKeyedStateEntries(): number {
    return this.runner.numKeyedStateEntries();
  }

  /** The number of registered timers. */
  numTimers(): number {
    return this.runner.numTimers();
  }

  /** When the next processing-time timer is due, if any. */
  nextProcessingTimer(): number | undefined {
    return this.runner.nextProcessingTimer();
  }
}

function isSnapshotList(s: OperatorSnapshot | readonly OperatorSnapshot[] | undefined): s is readonly OperatorSnapshot[] {
  return Array.isArray(s);
}
