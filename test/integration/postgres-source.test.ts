/**
 * The PostgreSQL change source against the machine's real server: the initial snapshot, rows
 * inserted later, resuming from a checkpointed position, a bounded run in the runtime, and
 * the parallelism-1 rule.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pgPromise from 'pg-promise';
import { ManualClock, StreamEnvironment, systemClock, type Clock, type SourceReader } from '@weir/operators';
import { collectSink } from '@weir/operators/testing';
import { executeInline } from '@weir/runtime';
import { postgresSource } from '@weir/connectors/postgres';
import { createTestDatabase, requirePostgres, type TestDatabase } from '../harness/index.js';

interface Setting {
  readonly id: string;
  readonly key: string;
  readonly value: string;
}

const pgp = pgPromise({ noWarnings: true });
const ctx = (parallelism = 1, clock: Clock = systemClock) => ({ stepId: 'settings', subtaskIndex: 0, parallelism, maxParallelism: 128, clock });

/** Polls until `want` records arrived (or the reader ended), the way the runtime does. */
async function read<T>(reader: SourceReader<T>, want: number, timeoutMs = 5000): Promise<T[]> {
  const out: T[] = [];
  const until = Date.now() + timeoutMs;
  while (out.length < want && Date.now() < until) {
    const status = reader.pollNext({ collect: (v) => out.push(v) }, 7);
    if (status === 'end') break;
    if (status === 'blocked') await reader.available!();
  }
  return out;
}

describe('PostgreSQL source (real PostgreSQL)', () => {
  let database: TestDatabase;
  let db: pgPromise.IDatabase<object>;

  before(async () => {
    await requirePostgres();
    database = await createTestDatabase('weir_pg_source');
    db = pgp({ connectionString: database.url, max: 2 });
    await db.none('CREATE TABLE settings (id bigserial PRIMARY KEY, key text NOT NULL, value text NOT NULL)');
    await db.none("INSERT INTO settings (key, value) SELECT 'k' || i, 'v' || i FROM generate_series(1, 25) AS i");
  });
  after(async () => {
    await db?.$pool.end();
    await database?.drop();
  });

  const source = (batchSize = 10) => postgresSource<Setting>({ db, table: 'settings', orderColumn: 'id', pollIntervalMs: 20, batchSize });

  it('reads a snapshot, then rows inserted later, and resumes after its checkpointed position', async () => {
    const reader = source().createReader(ctx());
    await reader.open!();
    const snapshot = await read(reader, 25);
    assert.deepEqual(snapshot.map((s) => s.key), Array.from({ length: 25 }, (_, i) => `k${i + 1}`));
    assert.equal(snapshot[0]!.id, '1', 'rows come as pg returns them (bigint as text), without the position column');
    assert.deepEqual(Object.keys(snapshot[0]!), ['id', 'key', 'value']);

    await db.none("INSERT INTO settings (key, value) VALUES ('late1', 'a'), ('late2', 'b')");
    assert.deepEqual((await read(reader, 2)).map((s) => s.key), ['late1', 'late2']);
    const checkpoint = structuredClone(reader.snapshotState!(1));
    assert.deepEqual(checkpoint, { position: '27' });

    await db.none("INSERT INTO settings (key, value) VALUES ('after-checkpoint', 'c')");
    const resumed = source().createReader(ctx());
    resumed.restoreState!([checkpoint]);
    await resumed.open!();
    assert.deepEqual((await read(resumed, 1)).map((s) => s.key), ['after-checkpoint']);
    assert.deepEqual(await read(resumed, 1, 200), [], 'nothing before the position is read again');
  });

  it('runs bounded in a job (stopAtEnd) over a query', async () => {
    const env = new StreamEnvironment({ parallelism: 1 });
    const sink = collectSink<string>();
    env
      .fromSource('settings', postgresSource<string>({ db, query: "SELECT id, key FROM settings WHERE key LIKE 'k%'", orderColumn: 'id', batchSize: 4, stopAtEnd: true, fromRow: (r) => String(r.key) }))
      .sinkTo('out', sink);
    const result = await executeInline(env).done;
    assert.equal(result.status, 'FINISHED');
    assert.deepEqual(sink.values(), Array.from({ length: 25 }, (_, i) => `k${i + 1}`));
  });

  it('rejects parallelism above 1 and bad options with ERR_CONFIG_INVALID', () => {
    assert.throws(() => source().createReader(ctx(2, new ManualClock(0))), { code: 'ERR_CONFIG_INVALID', message: /parallelism 1 only/ });
    assert.throws(() => postgresSource({ db, table: 't', query: 'SELECT 1', orderColumn: 'id' }), { code: 'ERR_CONFIG_INVALID', message: /exactly one of table and query/ });
    assert.throws(() => postgresSource({ db, query: 'DELETE FROM t', orderColumn: 'id' }), { code: 'ERR_CONFIG_INVALID' });
  });
});
