import type { TaskInfo } from '../api/operator-context.js';

/**
 * Writes one parallel share of a stream. `write` is synchronous (buffer, then flush in
 * batches); `flush` runs at the end of input and, with checkpoints, at each barrier.
 */
export interface SinkWriter<T> {
  open?(): void | Promise<void>;
  write(value: T, timestamp: number): void;
  flush?(): void | Promise<void>;
  snapshotState?(checkpointId: number): unknown;
  restoreState?(snapshot: unknown): void;
  notifyCheckpointComplete?(checkpointId: number): void | Promise<void>;
  close?(): void | Promise<void>;
}

/** A destination of records; the runtime makes one writer per parallel subtask. */
export interface Sink<T> {
  readonly name: string;
  createWriter(ctx: TaskInfo): SinkWriter<T>;
  /** Never set: carries T for the type checker only. */
  readonly __type?: T;
}
