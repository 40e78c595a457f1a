/**
 * The PostgreSQL sink against the machine's real server, driven through the SinkWriter
 * contract the way the runtime drives it: upsert semantics, the epoch marker (an epoch
 * committed twice is applied once), a bad row's clear error with nothing lost, and the
 * refusal to reuse a sink id on a fresh start.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pgPromise from 'pg-promise';
import { ManualClock, WeirError, type SinkWriter } from '@weir/operators';
import { postgresSink, type PostgresLoadMethod } from '@weir/connectors/postgres';
import { createTestDatabase, requirePostgres, type TestDatabase } from '../harness/index.js';

interface Agent {
  readonly id: number;
  readonly name: string | null;
  readonly score: number;
}

const pgp = pgPromise({ noWarnings: true });
const ctx = (subtaskIndex = 0) => ({ stepId: 'agents', subtaskIndex, parallelism: 1, maxParallelism: 128, clock: new ManualClock(0) });

describe('PostgreSQL sink (real PostgreSQL)', () => {
  let database: TestDatabase;
  let db: pgPromise.IDatabase<object>;
  let table = 0;

  before(async () => {
    await requirePostgres();
    database = await createTestDatabase('weir_pg_sink');
    db = pgp({ connectionString: database.url, max: 3 });
  });
  after(async () => {
    await db?.$pool.end();
    await database?.drop();
  });

  async function newTable(): Promise<string> {
    const name = `agent_${++table}`;
    await db.none('CREATE TABLE $1:name (id int PRIMARY KEY, name text NOT NULL, score int NOT NULL)', [name]);
    return name;
  }
  const writerFor = (t: string, sinkId: string, loadMethod: PostgresLoadMethod = 'copy'): SinkWriter<Agent> =>
    postgresSink<Agent>({ db, table: t, columns: ['id', 'name', 'score'], conflictColumns: ['id'], sinkId, loadMethod }).createWriter(ctx());
  const contents = (t: string) => db.any('SELECT id, name, score FROM $1:name ORDER BY id', [t]);

  for (const method of ['copy', 'insert'] as const) {
    it(`upserts by the conflict key, last write per key winning (${method})`, async () => {
      const t = await newTable();
      const w = writerFor(t, `upsert-${method}`, method);
      await w.open!();
      w.write({ id: 1, name: 'Ada', score: 1 }, 0);
      w.write({ id: 2, name: 'Grace\ttab\nline \\ "q"', score: 2 }, 0);
      w.write({ id: 1, name: 'Ada L.', score: 3 }, 0); // same key in the same epoch: the last one wins
      await w.prepareCommit!(1);
      assert.deepEqual(await contents(t), [], 'nothing is visible before the checkpoint completes');
      await w.notifyCheckpointComplete!(1);
      w.write({ id: 2, name: 'Grace H.', score: 4 }, 0);
      w.write({ id: 3, name: 'Edsger', score: 5 }, 0);
      await w.prepareCommit!(2);
      await w.notifyCheckpointComplete!(2);
      assert.deepEqual(await contents(t), [
        { id: 1, name: 'Ada L.', score: 3 },
        { id: 2, name: 'Grace H.', score: 4 },
        { id: 3, name: 'Edsger', score: 5 },
      ]);
      assert.deepEqual(await db.any('SELECT subtask, epoch::int AS epoch FROM weir_sink_epochs WHERE sink_id = $1 ORDER BY epoch', [`upsert-${method}`]), [
        { subtask: 0, epoch: 1 },
        { subtask: 0, epoch: 2 },
      ]);
    });
  }

  it('applies an epoch committed twice only once (a restored writer replays a committed epoch)', async () => {
    const t = await newTable();
    const w = writerFor(t, 'twice');
    await w.open!();
    w.write({ id: 1, name: 'Ada', score: 1 }, 0);
    await w.prepareCommit!(7);
    const checkpoint = structuredClone(w.snapshotState!(7)); // what checkpoint 7 holds: epoch 7 staged
    await w.notifyCheckpointComplete!(7);
    await w.notifyCheckpointComplete!(7); // a duplicate notification commits nothing
    // Someone changes the row after the commit: re-applying epoch 7 would undo it.
    await db.none('UPDATE $1:name SET score = 100 WHERE id = 1', [t]);
    const restored = writerFor(t, 'twice');
    restored.restoreState!(checkpoint);
    await restored.open!(); // recovery commits the restored epoch 7 again: the marker makes it a no-op
    assert.deepEqual(await contents(t), [{ id: 1, name: 'Ada', score: 100 }]);
    assert.equal((await db.one("SELECT count(*)::int AS n FROM weir_sink_epochs WHERE sink_id = 'twice'")).n, 1);
  });

  it('fails a bad row with a typed error naming the table, and loses nothing', async () => {
    const t = await newTable();
    const w = writerFor(t, 'bad-row');
    await w.open!();
    w.write({ id: 1, name: 'Ada', score: 1 }, 0);
    w.write({ id: 2, name: null, score: 2 }, 0); // NOT NULL violation
    await w.prepareCommit!(1);
    await assert.rejects(async () => w.notifyCheckpointComplete!(1), (err: unknown) => {
      assert.ok(err instanceof WeirError);
      assert.equal(err.code, 'ERR_POSTGRES_COMMIT');
      assert.equal(err.domain, 'user');
      assert.equal(err.retriable, false);
      assert.match(err.message, new RegExp(`into table ${t}`));
      assert.match(err.message, /null value in column "name"/);
      assert.match(err.message, /SQLSTATE 23502/);
      return true;
    });
    assert.deepEqual(await contents(t), [], 'the transaction rolled back: no row');
    assert.equal((await db.one("SELECT count(*)::int AS n FROM weir_sink_epochs WHERE sink_id = 'bad-row'")).n, 0, 'and no marker');
    // The epoch is still staged (the next checkpoint would carry it): fix the table, restore, commit.
    const checkpoint = structuredClone(w.snapshotState!(1));
    await db.none('ALTER TABLE $1:name ALTER COLUMN name DROP NOT NULL', [t]);
    const restored = writerFor(t, 'bad-row');
    restored.restoreState!(checkpoint);
    await restored.open!();
    assert.deepEqual(await contents(t), [
      { id: 1, name: 'Ada', score: 1 },
      { id: 2, name: null, score: 2 },
    ]);
  });

  it('refuses to start fresh with a sink id that already committed epochs', async () => {
    const t = await newTable();
    const w = writerFor(t, 'reused');
    await w.open!();
    w.write({ id: 1, name: 'Ada', score: 1 }, 0);
    await w.prepareCommit!(1);
    await w.notifyCheckpointComplete!(1);
    await assert.rejects(async () => writerFor(t, 'reused').open!(), { name: 'WeirError', code: 'ERR_CONFIG_INVALID', message: /sinkId 'reused' already committed epochs/ });
  });

  it('validates its configuration when built', () => {
    assert.throws(() => postgresSink({ db, table: 'x', columns: ['a'], conflictColumns: ['b'], sinkId: 's' }), { code: 'ERR_CONFIG_INVALID', message: /conflict column "b"/ });
    assert.throws(() => postgresSink({ db, table: 'a.b.c', columns: ['a'], conflictColumns: ['a'], sinkId: 's' }), { code: 'ERR_CONFIG_INVALID' });
    assert.throws(() => postgresSink({ db, table: 'x', columns: ['a'], conflictColumns: ['a'], sinkId: '' }), { code: 'ERR_CONFIG_INVALID' });
  });
});
