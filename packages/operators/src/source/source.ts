import type { TaskInfo } from '../api/operator-context.js';

/** Where a source reader puts what it read. */
export interface SourceOutput<T> {
  /**
   * Emits a record. `timestamp` is the record's native time (a Kafka record's timestamp),
   * used when the watermark strategy has no timestamp assigner. `split` names the split the
   * record came from (e.g. `topic:partition`): the watermark is then tracked per split and
   * is the minimum over the splits that are not idle, so a lagging partition holds it back
   * and an idle one (no record for the strategy's idleness timeout) does not.
   */
  collect(value: T, timestamp?: number, split?: string): void;
  /**
   * Announces a split this reader owns before any of its records: from then on it holds the
   * watermark back (at −∞ until its first record) unless it turns idle. Call it for every
   * assigned split, so that a partition that has not delivered yet cannot be overtaken.
   */
  addSplit?(split: string): void;
}

/** What a {@link SourceReader.pollNext} call left behind. */
export type PollStatus =
  /** More records can be read right away. */
  | 'more'
  /** Nothing to read now: the runtime awaits `available()` before polling again. */
  | 'blocked'
  /** The input ended (bounded sources): this reader is finished. */
  | 'end';

/**
 * Reads one parallel share of a source. `pollNext` is synchronous and emits at most `max`
 * records: asynchrony happens only between polls, through `available()`.
 */
export interface SourceReader<T> {
  /** Called once before the first poll (after `restoreState`). */
  open?(): void | Promise<void>;
  pollNext(output: SourceOutput<T>, max: number): PollStatus;
  /** Resolves when a poll may find data again; required when pollNext can return 'blocked'. */
  available?(): Promise<void>;
  /** This reader's position (offsets, counters) for checkpoint `checkpointId`, as plain data. */
  snapshotState?(checkpointId: number): unknown;
  /**
   * Resumes from restored positions; called once before `open` when the job is restored.
   * `states` holds what `snapshotState` returned in the old subtasks this reader takes
   * over: its own at an unchanged parallelism; after a rescale, those of old subtasks i
   * with i % parallelism === subtaskIndex — possibly none, in which case the reader must
   * read nothing that the others now own (see `StridedSplits` for indexed inputs).
   */
  restoreState?(states: readonly unknown[]): void;
  notifyCheckpointComplete?(checkpointId: number): void | Promise<void>;
  close?(): void | Promise<void>;
}

/**
 * A source of records. The runtime makes one reader per parallel subtask; each reader
 * decides its share from `subtaskIndex` and `parallelism` (for example, partitions
 * `p % parallelism === subtaskIndex`).
 */
export interface Source<T> {
  /** 'bounded' sources end (and with them the job); 'unbounded' ones run until cancelled. */
  readonly boundedness: 'bounded' | 'unbounded';
  /** What the source is, for plans and the dashboard. */
  readonly name: string;
  createReader(ctx: TaskInfo): SourceReader<T>;
  /** Never set: carries T for the type checker only. */
  readonly __type?: T;
}
