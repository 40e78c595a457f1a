/**
 * B4, PostgreSQL load (docs/benchmarks.md), case `pg-load`: the PostgreSQL sink (exactly-once:
 * COPY into a staging table and an upsert per epoch, with the epoch table) loading N Info
 * Mart-like rows from an `indexedSource`, with a checkpoint every second, at parallelism 1
 * with `executeInline`; against a raw `COPY … FROM STDIN` of the same rows on one connection
 * (pg-copy-streams). One fresh database per B4 run (`createTestDatabase`), the table
 * truncated before every run (untimed); the outcome is the row count and a checksum query
 * read back after the run (untimed).
 *
 * @module
 */

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import pgPromise from 'pg-promise';
import { from as copyFrom, type CopyStreamQuery } from 'pg-copy-streams';
import { indexedSource, StreamEnvironment } from '@weir/operators';
import { executeInline } from '@weir/runtime';
import { postgresSink, EPOCH_TABLE } from '@weir/connectors/postgres';
import { createTestDatabase, requirePostgres } from '@weir/test/harness';
import type { Outcome } from './checksum-sink.js';
import type { PhasedCase, PhasedRun } from './harness.js';

/** Options of {@link b4Cases}. */
export interface B4Options {
  /** Rows loaded by every run. */
  readonly events: number;
}

/** An Info Mart-like interaction row. */
interface InteractionRow {
  readonly id: number;
  readonly tenant: string;
  readonly started_at: Date;
  readonly duration: number;
  readonly queue: string;
  readonly agent: string;
}

const TABLE = 'interaction_fact';
const COLUMNS = ['id', 'tenant', 'started_at', 'duration', 'queue', 'agent'] as const;
const START = Date.UTC(2026, 0, 1);

/** Row i, a pure function of i (both sides build the same rows). */
function row(i: number): InteractionRow {
  return {
    id: i + 1,
    tenant: `tenant-${i % 17}`,
    started_at: new Date(START + i * 250),
    duration: (i * 7_919) % 3_600,
    queue: `queue-${(i * 31) % 53}`,
    agent: `agent-${(i * 101) % 997}`,
  };
}

/** A row as one line of COPY's text format (no value here needs escaping). */
const copyLine = (r: InteractionRow): string => `${r.id}\t${r.tenant}\t${r.started_at.toISOString()}\t${r.duration}\t${r.queue}\t${r.agent}\n`;

const pgp = pgPromise({ noWarnings: true });

/** Count and checksum of the table, modulo 2^32 over sums of its columns (computed by the server). */
async function readBack(db: pgPromise.IDatabase<object>): Promise<Outcome> {
  const r = await db.one<{ n: number; checksum: string }>(
    `SELECT count(*)::int AS n,
            ((coalesce(sum(id), 0) * 31
              + coalesce(sum(duration), 0) * 7
              + coalesce(sum(extract(epoch FROM started_at)::bigint), 0) * 3
              + coalesce(sum(length(tenant) + length(queue) * 5 + length(agent) * 11 + hashtext(tenant || queue || agent)::bigint + 2147483648), 0))
             % 4294967296)::text AS checksum
       FROM $1:name`,
    [TABLE],
  );
  return { count: r.n, checksum: Number(r.checksum) };
}

/** A prepared B4: its case and the database to drop when it is done. */
export interface B4 {
  readonly cases: PhasedCase[];
  close(): Promise<void>;
}

/**
 * Ensures PostgreSQL runs (a missing server fails with the harness's ServiceUnavailableError),
 * creates a fresh database with the target table and returns the `pg-load` case.
 */
export async function b4Cases(options: B4Options): Promise<B4> {
  await requirePostgres();
  const database = await createTestDatabase('weir_bench_b4');
  const db = pgp({ connectionString: database.url, max: 4 });
  await db.none(
    `CREATE TABLE $1:name (id bigint PRIMARY KEY, tenant text NOT NULL, started_at timestamptz NOT NULL, duration int NOT NULL, queue text NOT NULL, agent text NOT NULL)`,
    [TABLE],
  );
  const n = options.events;

  const fresh = async (): Promise<void> => {
    await db.none('TRUNCATE $1:name', [TABLE]);
    await db.none(`DELETE FROM ${EPOCH_TABLE}`).catch((err: { code?: string }) => {
      if (err.code !== '42P01') throw err; // the sink has not created its epoch table yet
    });
    await db.none('VACUUM ANALYZE $1:name', [TABLE]);
  };

  const framework = async (): Promise<PhasedRun> => {
    await fresh();
    const dir = mkdtempSync(join(tmpdir(), 'weir-b4-'));
    return {
      async run() {
        const env = new StreamEnvironment({ parallelism: 1 });
        env
          .fromSource('rows', indexedSource(n, row))
          .sinkTo(
            'load',
            postgresSink<InteractionRow>({ db, table: TABLE, columns: COLUMNS, conflictColumns: ['id'], sinkId: `b4-${randomBytes(5).toString('hex')}`, loadMethod: 'copy' }),
          );
        const result = await executeInline(env, { checkpoints: { intervalMs: 1000, storage: { root: pathToFileURL(dir).href } } }).done;
        if (result.status !== 'FINISHED') throw new Error(`B4 pg-load: the job ended ${result.status}`);
      },
      verify: () => readBack(db),
      async cleanup() {
        rmSync(dir, { recursive: true, force: true });
      },
    };
  };

  const baseline = async (): Promise<PhasedRun> => {
    await fresh();
    return {
      async run() {
        const connection = await db.connect();
        try {
          // pg-promise types its client with a subset of pg's API that lacks the stream overload of query().
          const query = connection.client.query as unknown as (stream: CopyStreamQuery) => CopyStreamQuery;
          const lines = (function* () {
            // Chunks of lines, so the stream's per-chunk cost does not dominate.
            for (let i = 0; i < n; i += 1000) {
              let chunk = '';
              for (let k = i; k < Math.min(n, i + 1000); k++) chunk += copyLine(row(k));
              yield chunk;
            }
          })();
          await pipeline(Readable.from(lines), query.call(connection.client, copyFrom(`COPY ${TABLE} (${COLUMNS.join(', ')}) FROM STDIN`)));
        } finally {
          await connection.done();
        }
      },
      verify: () => readBack(db),
      cleanup: async () => undefined,
    };
  };

  return {
    cases: [{ id: 'B4', name: 'pg-load', events: n, framework, baseline }],
    async close() {
      await db.$pool.end();
      await database.drop();
    },
  };
}
