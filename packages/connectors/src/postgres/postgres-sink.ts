import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { IDatabase, ITask } from 'pg-promise';
import { from as copyFrom, type CopyStreamQuery } from 'pg-copy-streams';
import { WeirError, type Sink, type SinkWriter } from '@weir/operators';
import { postgresSinkConfig, quoteIdent, type PostgresSinkConfig, type PostgresSinkOptions } from './config.js';
import { postgresError } from './postgres-error.js';

/** The table recording which epochs of which sink subtask are committed. */
export const EPOCH_TABLE = 'weir_sink_epochs';

/** Marker epoch of rows written after the final checkpoint (by operators that emit when they finish). */
const FINAL_EPOCH = Number.MAX_SAFE_INTEGER;

/** One checkpoint's rows, staged (in checkpointed state) until the checkpoint completes. */
interface StagedEpoch {
  readonly epoch: number;
  /** The subtask that wrote the rows: the marker's key, kept across rescales. */
  readonly subtask: number;
  /** Rows as arrays in `columns` order, at most one per upsert key (the last written). */
  readonly rows: readonly (readonly unknown[])[];
}

/** What a writer checkpoints: its write-ahead log of staged epochs. */
interface PostgresSinkState {
  readonly staged: readonly StagedEpoch[];
}

const isStagedEpoch = (e: unknown): e is StagedEpoch => {
  const v = e as Partial<StagedEpoch> | null;
  return typeof v === 'object' && v !== null && Number.isSafeInteger(v.epoch) && Number.isSafeInteger(v.subtask) && Array.isArray(v.rows) && v.rows.every(Array.isArray);
};

/** A value in COPY's text format: `\N` for NULL, backslash escapes for the separators. */
function copyField(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  let s: string;
  if (typeof v === 'string') s = v;
  else if (typeof v === 'number' || typeof v === 'bigint') s = String(v);
  else if (typeof v === 'boolean') s = v ? 't' : 'f';
  else if (v instanceof Date) s = v.toISOString();
  else if (Buffer.isBuffer(v)) return `\\\\x${v.toString('hex')}`;
  else s = JSON.stringify(v);
  return /[\\\t\n\r]/.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')) : s;
}

/** Creates the epoch table if missing; two writers racing to create it both succeed. */
async function ensureEpochTable(db: IDatabase<object>): Promise<void> {
  try {
    await db.none(
      `CREATE TABLE IF NOT EXISTS ${EPOCH_TABLE} (
         sink_id text NOT NULL, subtask integer NOT NULL, epoch bigint NOT NULL,
         committed_at timestamptz NOT NULL DEFAULT now(),
         PRIMARY KEY (sink_id, subtask, epoch))`,
    );
  } catch (err) {
    // A concurrent CREATE TABLE IF NOT EXISTS can fail on the catalog's unique index.
    const code = (err as { code?: string }).code;
    if (code === '23505' || code === '42P07') return;
    throw postgresError('ERR_POSTGRES_QUERY', `postgresSink could not create the epoch table ${EPOCH_TABLE}`, err);
  }
}

class PostgresSinkWriter<T> implements SinkWriter<T> {
  private buffer: unknown[][] = [];
  private staged: StagedEpoch[] = [];
  private db: IDatabase<object> | undefined;
  /** Whether this writer takes part in checkpoints (it staged or restored an epoch). */
  private checkpointed = false;
  private restored = false;
  /** Commits run one after another, in epoch order, even if completions arrive quickly. */
  private committing: Promise<void> = Promise.resolve();
  private readonly keyIndexes: readonly number[];
  private readonly upsertSql: string;
  private readonly columnList: string;

  constructor(
    private readonly config: PostgresSinkConfig<T>,
    private readonly subtask: number,
  ) {
    this.keyIndexes = config.conflictColumns.map((c) => config.columns.indexOf(c));
    this.columnList = config.columns.map(quoteIdent).join(', ');
    const updates = config.columns.filter((c) => !config.conflictColumns.includes(c)).map((c) => `${quoteIdent(c)} = EXCLUDED.${quoteIdent(c)}`);
    this.upsertSql = ` ON CONFLICT (${config.conflictColumns.map(quoteIdent).join(', ')}) ${updates.length === 0 ? 'DO NOTHING' : `DO UPDATE SET ${updates.join(', ')}`}`;
  }

  write(value: T): void {
    const row = this.config.toRow(value);
    const columns = this.config.columns;
    const values = new Array<unknown>(columns.length);
    for (let i = 0; i < columns.length; i++) values[i] = row[columns[i]!] ?? null;
    this.buffer.push(values);
  }

  /** Barrier: the rows written since the previous checkpoint become epoch `checkpointId`. */
  prepareCommit(checkpointId: number): void {
    this.checkpointed = true;
    if (this.buffer.length === 0) return;
    this.staged.push({ epoch: checkpointId, subtask: this.subtask, rows: this.lastPerKey(this.buffer) });
    this.buffer = [];
  }

  snapshotState(): PostgresSinkState {
    // Staged epochs are never changed once staged, and the runtime encodes the snapshot at once.
    return { staged: [...this.staged] };
  }

  restoreState(snapshot: unknown): void {
    const staged = (snapshot as Partial<PostgresSinkState> | null)?.staged;
    if (!Array.isArray(staged) || !staged.every(isStagedEpoch)) {
      throw new WeirError('ERR_STATE_UNKNOWN', `postgresSink '${this.config.name}' cannot restore from ${JSON.stringify(snapshot)?.slice(0, 200)}`, { domain: 'user' });
    }
    this.staged.push(...staged);
    this.staged.sort((a, b) => a.epoch - b.epoch || a.subtask - b.subtask);
    this.restored = true;
    this.checkpointed = true;
  }

  /** Restored epochs belong to completed checkpoints: commit them (skipped where already committed). */
  async open(): Promise<void> {
    const db = (this.db = this.config.db());
    await ensureEpochTable(db);
    if (!this.restored) await this.refuseReusedSinkId(db);
    await this.commitUpTo(Number.POSITIVE_INFINITY);
  }

  notifyCheckpointComplete(checkpointId: number): Promise<void> {
    return this.commitUpTo(checkpointId);
  }

  /**
   * End of input, after the final checkpoint completed: commits every staged epoch, then the
   * rows written since (by operators that emit when they finish) under a final marker.
   * Without checkpoints, everything is written here, in one transaction without a marker.
   */
  async flush(): Promise<void> {
    await this.commitUpTo(Number.POSITIVE_INFINITY);
    if (this.buffer.length === 0) return;
    const rows = this.lastPerKey(this.buffer);
    this.buffer = [];
    await this.enqueue(() => this.commitEpoch({ epoch: FINAL_EPOCH, subtask: this.subtask, rows }, this.checkpointed));
  }

  /** Last write wins per upsert key: one statement may not update a row twice. */
  private lastPerKey(rows: readonly unknown[][]): readonly (readonly unknown[])[] {
    const byKey = new Map<string, unknown[]>();
    const ix = this.keyIndexes;
    for (const row of rows) {
      const key = ix.length === 1 ? JSON.stringify(row[ix[0]!]) : JSON.stringify(ix.map((i) => row[i]));
      byKey.delete(key); // keeps the order of last writes
      byKey.set(key, row);
    }
    return byKey.size === rows.length ? rows : [...byKey.values()];
  }

  private async refuseReusedSinkId(db: IDatabase<object>): Promise<void> {
    let last: { epoch: string | null };
    try {
      last = await db.one(`SELECT max(epoch)::text AS epoch FROM ${EPOCH_TABLE} WHERE sink_id = $1 AND subtask = $2`, [this.config.sinkId, this.subtask]);
    } catch (err) {
      throw postgresError('ERR_POSTGRES_QUERY', `postgresSink '${this.config.name}' could not read ${EPOCH_TABLE}`, err);
    }
    if (last.epoch !== null) {
      throw new WeirError(
        'ERR_CONFIG_INVALID',
        `postgresSink '${this.config.name}': sinkId '${this.config.sinkId}' already committed epochs up to ${last.epoch} for subtask ${this.subtask}, ` +
          'but this writer starts without restored state; its epochs would be skipped. Use a new sinkId for a new job, or restore the job from its latest checkpoint.',
        { domain: 'user' },
      );
    }
  }

  private enqueue(work: () => Promise<void>): Promise<void> {
    const next = this.committing.then(work);
    // A failed commit fails this call; the next one starts from a clean chain.
    this.committing = next.catch(() => undefined);
    return next;
  }

  /** Commits staged epochs up to `checkpointId` in epoch order; a failed one stays staged. */
  private commitUpTo(checkpointId: number): Promise<void> {
    return this.enqueue(async () => {
      while (this.staged.length > 0 && this.staged[0]!.epoch <= checkpointId) {
        await this.commitEpoch(this.staged[0]!, true);
        this.staged.shift();
      }
    });
  }

  /**
   * One ordinary transaction: the epoch marker first (if it exists, the epoch was committed
   * before and the transaction does nothing else), then the rows. Marker and rows commit
   * together or not at all. A concurrent duplicate (a zombie writer) blocks on the marker's
   * key until the first commits, then finds it.
   */
  private async commitEpoch(epoch: StagedEpoch, withMarker: boolean): Promise<void> {
    const db = this.db ?? (this.db = this.config.db());
    const { config } = this;
    const connection = await db.connect().catch((err: unknown) => {
      throw postgresError('ERR_POSTGRES_COMMIT', `postgresSink '${config.name}' could not connect to commit epoch ${epoch.epoch} into ${config.table.text}`, err);
    });
    try {
      await connection.tx(async (t) => {
        if (withMarker) {
          const marker = await t.oneOrNone<{ epoch: string }>(
            `INSERT INTO ${EPOCH_TABLE} (sink_id, subtask, epoch) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING epoch`,
            [config.sinkId, epoch.subtask, epoch.epoch],
          );
          if (marker === null) return;
        }
        if (config.loadMethod === 'copy') await this.loadByCopy(t, connection.client, epoch.rows);
        else await this.loadByInsert(t, epoch.rows);
      });
    } catch (err) {
      throw postgresError(
        'ERR_POSTGRES_COMMIT',
        `postgresSink '${config.name}' could not commit epoch ${epoch.epoch === FINAL_EPOCH ? 'final' : epoch.epoch} (sink ${config.sinkId}, subtask ${epoch.subtask}, ${epoch.rows.length} rows) into table ${config.table.text}`,
        err,
      );
    } finally {
      await connection.done();
    }
  }

  /** COPY into a temporary table without constraints, then one upsert into the target. */
  private async loadByCopy(t: ITask<object>, client: unknown, rows: readonly (readonly unknown[])[]): Promise<void> {
    const { table } = this.config;
    const stage = 'weir_sink_stage';
    await t.none(`CREATE TEMPORARY TABLE ${stage} ON COMMIT DROP AS SELECT ${this.columnList} FROM ${table.quoted} WITH NO DATA`);
    // pg-promise types its client with a subset of pg's API that lacks the stream overload of query().
    const query = (client as { query: (stream: CopyStreamQuery) => CopyStreamQuery }).query;
    const lines = function* (): Generator<string> {
      let chunk = '';
      for (const row of rows) {
        chunk += row.map(copyField).join('\t') + '\n';
        if (chunk.length >= 65_536) {
          yield chunk;
          chunk = '';
        }
      }
      if (chunk.length > 0) yield chunk;
    };
    await pipeline(Readable.from(lines()), query.call(client, copyFrom(`COPY ${stage} (${this.columnList}) FROM STDIN`)));
    await t.none(`INSERT INTO ${table.quoted} (${this.columnList}) SELECT ${this.columnList} FROM ${stage}${this.upsertSql}`);
  }

  /** Multi-row INSERT … ON CONFLICT statements, values formatted by pg-promise. */
  private async loadByInsert(t: ITask<object>, rows: readonly (readonly unknown[])[]): Promise<void> {
    const { columns, insertBatchRows, table } = this.config;
    const { helpers } = this.db!.$config.pgp;
    const cs = new helpers.ColumnSet(columns.map((name, i) => ({ name, init: (c: { source: readonly unknown[] }) => c.source[i] })));
    for (let start = 0; start < rows.length; start += insertBatchRows) {
      const values = helpers.values(rows.slice(start, start + insertBatchRows), cs);
      await t.none(`INSERT INTO ${table.quoted} (${this.columnList}) VALUES ${values}${this.upsertSql}`);
    }
  }
}

/**
 * An exactly-once upsert sink for PostgreSQL, by the epoch-table design (no PREPARE
 * TRANSACTION): records accumulate in memory as rows; at each checkpoint barrier they become a
 * staged epoch kept in the checkpoint itself (a write-ahead log); when the checkpoint
 * completes, each staged epoch is committed in one ordinary transaction that upserts its rows
 * (`INSERT … ON CONFLICT (conflictColumns) DO UPDATE`) and inserts the marker
 * `(sinkId, subtask, epoch)` into `weir_sink_epochs` (created if missing, in the search path's
 * first schema). An epoch whose marker exists is skipped, so a commit replayed after recovery
 * applies nothing twice; restored epochs are committed in `open`.
 *
 * Within an epoch the last record per upsert key wins (earlier ones are dropped when staging).
 *
 * Memory: a writer holds every row written since the last *committed* checkpoint — the open
 * epoch plus staged ones (more than one only while completions lag behind barriers), each
 * deduplicated per key — and the same rows go into every checkpoint that holds them. Size
 * checkpoint intervals so that an interval's distinct rows fit in memory and in a checkpoint.
 *
 * A commit that fails (a constraint violation, a lost connection) throws ERR_POSTGRES_COMMIT
 * naming the table; the epoch stays staged, the task fails, and the restarted job commits it
 * again from the checkpoint (a data error therefore fails again until the data or the table
 * is fixed).
 */
export function postgresSink<T>(options: PostgresSinkOptions<T>): Sink<T> {
  const config = postgresSinkConfig(options);
  return {
    name: config.name,
    createWriter: (ctx) => new PostgresSinkWriter(config, ctx.subtaskIndex),
  };
}
