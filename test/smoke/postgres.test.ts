import assert from 'node:assert/strict';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import pgPromise from 'pg-promise';
import { from as copyFrom, type CopyStreamQuery } from 'pg-copy-streams';
import { createTestDatabase, requirePostgres, type TestDatabase } from '../harness/index.js';

const pgp = pgPromise({ noWarnings: true });

describe('PostgreSQL smoke (the machine\u2019s server)', () => {
  let database: TestDatabase;
  let db: pgPromise.IDatabase<object>;

  before(async () => {
    await requirePostgres();
    database = await createTestDatabase('weir_smoke');
    db = pgp({ connectionString: database.url, max: 2 });
  });
  after(async () => {
    await db?.$pool.end();
    await database?.drop();
  });

  it('creates a table and inserts rows', async () => {
    await db.none('CREATE TABLE agent (id int PRIMARY KEY, name text NOT NULL)');
    const cs = new pgp.helpers.ColumnSet(['id', 'name'], { table: 'agent' });
    await db.none(pgp.helpers.insert([{ id: 1, name: 'Ada' }, { id: 2, name: 'Grace' }], cs));
    assert.deepEqual(await db.any('SELECT id, name FROM agent ORDER BY id'), [{ id: 1, name: 'Ada' }, { id: 2, name: 'Grace' }]);
  });

  it('loads rows with COPY FROM STDIN', async () => {
    await db.none('CREATE TABLE fact (id bigint PRIMARY KEY, label text, amount numeric)');
    const rows = Array.from({ length: 1000 }, (_, i) => `${i}\tlabel ${i}\t${i * 1.5}\n`);
    // COPY streams need the raw pg client of one pooled connection.
    const connection = await db.connect();
    try {
      // pg-promise types its client with a subset of pg's API that lacks the stream overload of query().
      const query = connection.client.query as unknown as (stream: CopyStreamQuery) => CopyStreamQuery;
      await pipeline(Readable.from(rows), query.call(connection.client, copyFrom('COPY fact (id, label, amount) FROM STDIN')));
    } finally {
      await connection.done();
    }
    const summary = await db.one('SELECT count(*)::int AS n, sum(amount)::float AS total FROM fact');
    assert.deepEqual(summary, { n: 1000, total: (999 * 1000 * 1.5) / 2 });
  });

  it('leaves nothing behind after a rolled-back transaction', async () => {
    await db.none('CREATE TABLE ledger (id int PRIMARY KEY)');
    await assert.rejects(
      db.tx(async (t) => {
        await t.none('INSERT INTO ledger VALUES (1), (2)');
        await t.none('INSERT INTO ledger VALUES (1)'); // duplicate key: the whole transaction rolls back
      }),
      { code: '23505' },
    );
    assert.equal((await db.one('SELECT count(*)::int AS n FROM ledger')).n, 0);
  });
});
