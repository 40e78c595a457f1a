import type { TaskInfo } from '../api/operator-context.js';
import { WeirError } from '../errors/weir-error.js';
import type { PollStatus, Source, SourceOutput, SourceReader } from '../source/source.js';
import { StridedSplits, type StridedSplit } from '../source/strided-splits.js';

/** Options of {@link createTestSource}. */
export interface TestSourceOptions<T> {
  /** Default 'test-source'. */
  readonly name?: string;
  /**
   * Index (into `values`) of the record at which the reader that owns it throws WeirError
   * ERR_TEST_INJECTED_FAILURE, before emitting it. Default: never.
   */
  readonly failAtRecord?: number;
  /**
   * Fail only the first time the record is reached (default true), so that a restarted
   * job gets past it. The flag lives in the source object: it works when the job runs in
   * the thread that created the source, not when workers rebuild the graph from a module.
   */
  readonly failOnce?: boolean;
  /** At most this many records per poll (besides the runtime's own `max`). Default unlimited. */
  readonly batchSize?: number;
  /** Return 'blocked' after every batch (with `available()` resolving at once), to exercise the blocked path. */
  readonly blockBetweenBatches?: boolean;
  /** The native timestamp of each record; default none. */
  readonly timestampOf?: (value: T, index: number) => number;
}

/**
 * A bounded source over an array, for tests: parallel reader i emits the values at indexes
 * `idx % parallelism === i`, in order; it checkpoints its position (strided splits), so a
 * restored reader resumes right after the last record it emitted before the checkpoint, also
 * at another parallelism; and it can inject a
 * failure at a chosen record to test crash-and-restore.
 */
export class TestSource<T> implements Source<T> {
  readonly boundedness = 'bounded' as const;
  readonly name: string;
  declare readonly __type?: T;
  private failures = 0;

  constructor(
    /** @internal */
    readonly values: readonly T[],
    /** @internal */
    readonly options: TestSourceOptions<T>,
  ) {
    this.name = options.name ?? 'test-source';
    const { failAtRecord, batchSize } = options;
    if (failAtRecord !== undefined && !(Number.isInteger(failAtRecord) && failAtRecord >= 0)) {
      throw new RangeError(`failAtRecord must be a non-negative integer, got ${failAtRecord}`);
    }
    if (batchSize !== undefined && !(Number.isInteger(batchSize) && batchSize >= 1)) {
      throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
    }
  }

  createReader(ctx: TaskInfo): SourceReader<T> {
    return new TestSourceReader(this, ctx);
  }

  /** How many failures were injected so far (by all readers). */
  injectedFailures(): number {
    return this.failures;
  }

  /** @internal Whether the reader reaching `failAtRecord` must fail now; counts the failure. */
  shouldFail(): boolean {
    if (this.options.failOnce !== false && this.failures > 0) return false;
    this.failures++;
    return true;
  }
}

class TestSourceReader<T> implements SourceReader<T> {
  private splits: StridedSplits;
  private readonly batchSize: number;

  constructor(
    private readonly source: TestSource<T>,
    ctx: TaskInfo,
  ) {
    this.splits = StridedSplits.initial(ctx.subtaskIndex, ctx.parallelism);
    this.batchSize = source.options.batchSize ?? Number.POSITIVE_INFINITY;
  }

  pollNext(output: SourceOutput<T>, max: number): PollStatus {
    const { values, options } = this.source;
    const { failAtRecord, timestampOf } = options;
    const more = this.splits.read(Math.min(max, this.batchSize), values.length, (index) => {
      if (index === failAtRecord && this.source.shouldFail()) {
        throw new WeirError('ERR_TEST_INJECTED_FAILURE', `${this.source.name}: failure injected at record ${index}`, {
          domain: 'user',
          retriable: true,
        });
      }
      const value = values[index] as T;
      if (timestampOf === undefined) output.collect(value);
      else output.collect(value, timestampOf(value, index));
    });
    if (!more) return 'end';
    return options.blockBetweenBatches === true ? 'blocked' : 'more';
  }

  available(): Promise<void> {
    return Promise.resolve();
  }

  snapshotState(): StridedSplit[] {
    return this.splits.snapshot();
  }

  restoreState(states: readonly unknown[]): void {
    this.splits = StridedSplits.restore(states, this.source.name);
  }
}

/**
 * A bounded {@link TestSource} over `values`.
 *
 * @example
 * const source = createTestSource([1, 2, 3, 4], { failAtRecord: 2 });
 * // the first run fails before emitting 3; after a restore from a checkpoint taken after 2,
 * // the reader resumes at 3.
 */
export function createTestSource<T>(values: readonly T[], options: TestSourceOptions<T> = {}): TestSource<T> {
  return new TestSource(values, options);
}
