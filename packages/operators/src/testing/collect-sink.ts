import type { TaskInfo } from '../api/operator-context.js';
import type { Sink, SinkWriter } from '../sink/sink.js';

/** A record a {@link CollectSink} received. */
export interface CollectedRecord<T> {
  readonly value: T;
  readonly timestamp: number;
  /** The sink subtask that wrote it. */
  readonly subtaskIndex: number;
}

/** What a collect-sink writer checkpoints: records written but not yet committed, per checkpoint. */
interface CollectSinkWriterState {
  readonly subtaskIndex: number;
  readonly staged: readonly (readonly [checkpointId: number, records: readonly (readonly [value: unknown, timestamp: number])[]])[];
}

/**
 * A sink that keeps what it receives in memory, for tests, in two views:
 *
 * - {@link records}: everything written, in order (at-least-once: after a crash and restore,
 *   records written after the last checkpoint appear again);
 * - {@link committedRecords}: what an exactly-once sink would have made visible: records
 *   covered by a completed checkpoint (committed on `notifyCheckpointComplete`, or on
 *   restore from that checkpoint; each checkpoint of each subtask once) or written before
 *   the end of input (`flush`, which the sink operator calls only when the input ends).
 *
 * Same thread only: the arrays live in this object, so the job must run in the thread that
 * created it (graphs built inline in a test); a job that runs in worker threads writes to
 * the workers' own copies.
 */
export class CollectSink<T> implements Sink<T> {
  readonly name: string;
  declare readonly __type?: T;
  private readonly written: CollectedRecord<T>[] = [];
  private readonly committed: CollectedRecord<T>[] = [];
  private readonly committedEpochs = new Set<string>();

  constructor(name = 'collect') {
    this.name = name;
  }

  createWriter(ctx: TaskInfo): SinkWriter<T> {
    return new CollectSinkWriter(this, ctx.subtaskIndex);
  }

  /** Every record written so far, in order (across subtasks, in the order they wrote). */
  records(): CollectedRecord<T>[] {
    return this.written.slice();
  }

  /** The values of {@link records}. */
  values(): T[] {
    return this.written.map((r) => r.value);
  }

  /** The records an exactly-once sink would have committed so far. */
  committedRecords(): CollectedRecord<T>[] {
    return this.committed.slice();
  }

  /** The values of {@link committedRecords}. */
  committedValues(): T[] {
    return this.committed.map((r) => r.value);
  }

  /**
   * A new sink that starts with this one's commits (records and committed epochs): resume a
   * job from a savepoint of this sink's job into a fork, and the epoch the savepoint staged,
   * committed by both jobs, counts once — as a real idempotent sink commits it once.
   */
  fork(name = this.name): CollectSink<T> {
    const copy = new CollectSink<T>(name);
    copy.committed.push(...this.committed);
    for (const e of this.committedEpochs) copy.committedEpochs.add(e);
    return copy;
  }

  /** Forgets everything received and committed. */
  clear(): void {
    this.written.length = 0;
    this.committed.length = 0;
    this.committedEpochs.clear();
  }

  /** @internal */
  write(record: CollectedRecord<T>): void {
    this.written.push(record);
  }

  /** @internal Commits one epoch of one subtask, once. */
  commit(epoch: string, records: readonly CollectedRecord<T>[]): void {
    if (this.committedEpochs.has(epoch)) return;
    this.committedEpochs.add(epoch);
    for (const r of records) this.committed.push(r);
  }
}

class CollectSinkWriter<T> implements SinkWriter<T> {
  private pending: CollectedRecord<T>[] = [];
  private staged: [checkpointId: number, records: CollectedRecord<T>[]][] = [];
  /** The subtask whose epochs these are: the original one after a restore. */
  private epochOwner: number;

  constructor(
    private readonly sink: CollectSink<T>,
    private readonly subtaskIndex: number,
  ) {
    this.epochOwner = subtaskIndex;
  }

  write(value: T, timestamp: number): void {
    const record: CollectedRecord<T> = { value, timestamp, subtaskIndex: this.subtaskIndex };
    this.sink.write(record);
    this.pending.push(record);
  }

  snapshotState(checkpointId: number): CollectSinkWriterState {
    if (this.pending.length > 0) this.staged.push([checkpointId, this.pending]);
    this.pending = [];
    return {
      subtaskIndex: this.epochOwner,
      staged: this.staged.map(([id, records]) => [id, records.map((r) => [r.value, r.timestamp] as const)] as const),
    };
  }

  notifyCheckpointComplete(checkpointId: number): void {
    const keep: typeof this.staged = [];
    for (const [id, records] of this.staged) {
      if (id <= checkpointId) this.sink.commit(`${this.epochOwner}/${id}`, records);
      else keep.push([id, records]);
    }
    this.staged = keep;
  }

  /** A restore happens from a completed checkpoint: everything it staged is committed. */
  restoreState(snapshot: unknown): void {
    const state = snapshot as CollectSinkWriterState;
    this.epochOwner = state.subtaskIndex;
    for (const [id, records] of state.staged) {
      this.sink.commit(
        `${state.subtaskIndex}/${id}`,
        records.map(([value, timestamp]) => ({ value: value as T, timestamp, subtaskIndex: state.subtaskIndex })),
      );
    }
  }

  /** End of input: what is staged or pending is final. */
  flush(): void {
    this.notifyCheckpointComplete(Number.POSITIVE_INFINITY);
    this.sink.commit(`${this.epochOwner}/end`, this.pending);
    this.pending = [];
  }
}

/** A new {@link CollectSink}. */
export function collectSink<T>(name?: string): CollectSink<T> {
  return new CollectSink<T>(name);
}
