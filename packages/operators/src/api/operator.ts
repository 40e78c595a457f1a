import type { Output } from './output.js';
import type { OperatorContext } from './operator-context.js';
import type { StreamRecord } from './stream-record.js';
import type { Timer } from '../time/timer.js';

/**
 * Hooks shared by one- and two-input operators. Every hook is optional and defaults to a
 * no-op (watermarks default to being forwarded).
 *
 * Concurrency: the runtime never calls one operator instance concurrently, and never calls
 * any hook while another of the same instance is still running. Only `open`, `finish` and
 * `close` may return a promise; the per-record hooks are synchronous.
 */
export interface OperatorLifecycle<O> {
  /** Called once before the first record, after state is restored. Declare state here. */
  open?(ctx: OperatorContext): void | Promise<void>;
  /**
   * A watermark arrived (the minimum over all inputs advanced). Event-time timers up to it
   * have already fired. An operator that defines this hook forwards the watermark itself
   * with `out.emitWatermark` (or holds it back); without it the runtime forwards it.
   */
  processWatermark?(watermark: number, out: Output<O>): void;
  /** A timer registered through `ctx.timers` fired; the current key is the timer's. */
  onTimer?(timer: Timer, out: Output<O>): void;
  /**
   * Checkpoint `checkpointId` reached this operator: stage what must be durable before its
   * state is snapshotted (a transactional sink writes its epoch's data, invisible until
   * committed). Called before `snapshotState`, before the barrier goes downstream; the task
   * processes nothing else until it settles.
   */
  prepareSnapshotPreBarrier?(checkpointId: number): void | Promise<void>;
  /**
   * Returns this operator's own state for checkpoint `checkpointId` (keyed state declared
   * through the context is snapshotted by the runtime). The value must be plain data and
   * must not be mutated afterwards: copy what is still changing.
   */
  snapshotState?(checkpointId: number): unknown;
  /**
   * Restores what `snapshotState` returned; called before `open`. At an unchanged
   * parallelism it gets this subtask's old state once. After a rescale it is called once
   * for every old subtask's state this subtask takes over (old i → new i % parallelism),
   * possibly never: operator state is treated as a list to spread, never to drop.
   */
  restoreState?(snapshot: unknown): void;
  /** Checkpoint `checkpointId` completed everywhere: commit what it covered. */
  notifyCheckpointComplete?(checkpointId: number): void | Promise<void>;
  /** The input ended (bounded sources only): emit what is still buffered. */
  finish?(out: Output<O>): void | Promise<void>;
  /** Release resources. Called exactly once, also after a failure. */
  close?(): void | Promise<void>;
}

/** An operator with one input. Only `processElement` is required. */
export interface Operator<I, O> extends OperatorLifecycle<O> {
  /** Processes one record. The record object is valid only during this call. */
  processElement(record: StreamRecord<I>, out: Output<O>): void;
}

/** An operator with two inputs of different types (connect, joins, broadcast). */
export interface TwoInputOperator<I1, I2, O> extends OperatorLifecycle<O> {
  processElement1(record: StreamRecord<I1>, out: Output<O>): void;
  processElement2(record: StreamRecord<I2>, out: Output<O>): void;
}
