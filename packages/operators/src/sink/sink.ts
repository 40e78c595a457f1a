import type { TaskInfo } from '../api/operator-context.js';

/**
 * Writes one parallel share of a stream. `write` is synchronous (buffer, then write out in
 * batches).
 *
 * Exactly-once sinks follow a two-phase commit with the checkpoints: `prepareCommit` at each
 * barrier stages what was written since the last one (durable, not yet visible) and
 * `snapshotState` records what is staged; `notifyCheckpointComplete` commits everything
 * staged up to that checkpoint; a restored writer gets the staged-but-maybe-uncommitted
 * items back through `restoreState` and must commit them (idempotently) in `open`, since the
 * checkpoint they belong to completed. Whatever was staged for a checkpoint that never
 * completed is simply never committed (aborted).
 */
export interface SinkWriter<T> {
  open?(): void | Promise<void>;
  write(value: T, timestamp: number): void;
  /** End of input: write out or commit what is still buffered. */
  flush?(): void | Promise<void>;
  /** Checkpoint barrier: stage the data written since the previous checkpoint. */
  prepareCommit?(checkpointId: number): void | Promise<void>;
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
