import type { IDatabase } from 'pg-promise';
import { WeirError, type Clock, type PollStatus, type Source, type SourceOutput, type SourceReader } from '@weir/operators';
import { postgresSourceConfig, quoteIdent, type PostgresSourceConfig, type PostgresSourceOptions } from './config.js';
import { postgresError } from './postgres-error.js';

/** What a reader checkpoints: the order column's value (as text) of the last row it emitted. */
interface PostgresSourceState {
  readonly position: string | null;
}

/** The column that carries each row's position as text, removed before the row is emitted. */
const POSITION = '__weir_position';

type Row = Record<string, unknown>;

class PostgresSourceReader<T> implements SourceReader<T> {
  private db: IDatabase<object> | undefined;
  /** Position of the last row emitted (and, since fetches wait for an empty buffer, fetched). */
  private position: string | null = null;
  /** Rows fetched and not yet emitted: at most one batch. */
  private buffer: Row[] = [];
  private next = 0;
  private fetching: Promise<void> | undefined;
  /** The last fetch returned a short page: the reader has everything that was committed then. */
  private caughtUp = false;
  private nextFetchAt = 0;
  private failure: WeirError | undefined;
  private readonly sql: string;
  private readonly sqlFrom: string;

  constructor(
    private readonly config: PostgresSourceConfig<T>,
    private readonly clock: Clock,
  ) {
    const col = `q.${quoteIdent(config.orderColumn)}`;
    const select = `SELECT q.*, ${col}::text AS ${POSITION} FROM ${config.from} AS q`;
    const tail = `ORDER BY ${col} LIMIT ${config.batchSize}`;
    this.sql = `${select} ${tail}`;
    this.sqlFrom = `${select} WHERE ${col} > $1 ${tail}`;
  }

  snapshotState(): PostgresSourceState {
    return { position: this.position };
  }

  restoreState(states: readonly unknown[]): void {
    // Parallelism is 1, so there is at most one state (none if the old job had no reader 0).
    for (const state of states) {
      const position = (state as Partial<PostgresSourceState> | null)?.position;
      if (position !== null && typeof position !== 'string') {
        throw new WeirError('ERR_STATE_UNKNOWN', `postgresSource '${this.config.name}' cannot restore its position from ${JSON.stringify(state)}`, { domain: 'user' });
      }
      this.position = position;
    }
  }

  open(): void {
    this.db = this.config.db();
  }

  pollNext(output: SourceOutput<T>, max: number): PollStatus {
    if (this.failure !== undefined) throw this.failure;
    const { buffer, config } = this;
    let n = 0;
    while (n < max && this.next < buffer.length) {
      const row = buffer[this.next++]!;
      const position = row[POSITION] as string;
      delete row[POSITION];
      output.collect(config.fromRow(row));
      this.position = position;
      n++;
    }
    if (this.next < buffer.length) return 'more';
    if (buffer.length > 0) {
      this.buffer = [];
      this.next = 0;
    }
    if (this.caughtUp && config.stopAtEnd) return 'end';
    if (this.fetching === undefined && this.clock.now() >= this.nextFetchAt) this.fetching = this.fetch();
    return n > 0 ? 'more' : 'blocked';
  }

  available(): Promise<void> {
    if (this.fetching !== undefined || this.failure !== undefined || this.next < this.buffer.length) return this.fetching ?? Promise.resolve();
    const wait = this.nextFetchAt - this.clock.now();
    return new Promise((resolve) => setTimeout(resolve, Math.max(0, wait)));
  }

  /** Reads the next batch after the position; never rejects (a failure is thrown by the next poll). */
  private async fetch(): Promise<void> {
    const { config } = this;
    try {
      const rows = await this.db!.any<Row>(this.position === null ? this.sql : this.sqlFrom, [this.position]);
      this.buffer = rows;
      this.next = 0;
      this.caughtUp = rows.length < config.batchSize;
      if (this.caughtUp) this.nextFetchAt = this.clock.now() + config.pollIntervalMs;
    } catch (err) {
      this.failure = postgresError('ERR_POSTGRES_QUERY', `postgresSource '${config.name}' could not read after position ${this.position ?? '(start)'}`, err);
    } finally {
      this.fetching = undefined;
    }
  }
}

/**
 * A PostgreSQL source for configuration and reference tables: an initial snapshot, then the
 * changes, both read in the order of `orderColumn` by polling
 * `… WHERE orderColumn > last ORDER BY orderColumn LIMIT batchSize`. The last position read is
 * checkpointed, so a restored job resumes after the last row it emitted.
 *
 * What it sees: inserted rows (and updates that also move the row's order column forward,
 * e.g. an `updated_seq` set from a sequence by a trigger). Deletes are not seen. The column
 * must be unique and increase in commit order: a sequence value taken by a transaction that
 * commits after a later value was read is skipped, so for concurrent writers use a position
 * assigned at commit, or read with a lag.
 *
 * Parallelism 1 only: a table has one position, so a second reader would read everything
 * again. Running it at a higher parallelism fails with ERR_CONFIG_INVALID when the reader is
 * created. Reads are asynchronous into a buffer of at most one batch, which `pollNext` drains.
 */
export function postgresSource<T = Record<string, unknown>>(options: PostgresSourceOptions<T>): Source<T> {
  const config = postgresSourceConfig(options);
  return {
    boundedness: config.stopAtEnd ? 'bounded' : 'unbounded',
    name: config.name,
    createReader(ctx) {
      if (ctx.parallelism > 1) {
        throw new WeirError(
          'ERR_CONFIG_INVALID',
          `postgresSource '${config.name}' (step ${ctx.stepId}) runs at parallelism 1 only, got ${ctx.parallelism}: a table has one change position. Set the step's parallelism to 1 and rebalance after it.`,
          { domain: 'user', stepId: ctx.stepId },
        );
      }
      return new PostgresSourceReader(config, ctx.clock);
    },
  };
}
