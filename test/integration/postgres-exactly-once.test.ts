/**
 * Exactly-once end to end against the machine's real PostgreSQL: a replayable, paced source →
 * keyed running sums → the epoch-table sink, in worker threads with checkpoints on file://
 * storage. Workers are killed twice mid-stream; the table must equal an uninterrupted run's
 * rows, and an audit trigger proves that no row was written twice (no epoch applied twice).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import pgPromise from 'pg-promise';
import { executeModule } from '@weir/runtime';
import { createTestDatabase, requirePostgres, type TestDatabase } from '../harness/index.js';
import { expectedRows, type RunningRow } from './jobs/postgres-running-sums-job.js';

const RECORDS = 40_000;
const jobModule = new URL('./jobs/postgres-running-sums-job.ts', import.meta.url);
const pgp = pgPromise({ noWarnings: true });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('PostgreSQL sink: exactly-once through worker kills (real PostgreSQL)', () => {
  let database: TestDatabase;
  let db: pgPromise.IDatabase<object>;
  const checkpointDir = mkdtempSync(join(tmpdir(), 'weir-pg-chk-'));

  before(async () => {
    await requirePostgres();
    database = await createTestDatabase('weir_pg_eo');
    db = pgp({ connectionString: database.url, max: 2 });
    await db.none(`
      CREATE TABLE running (n bigint PRIMARY KEY, sensor int NOT NULL, total bigint NOT NULL);
      CREATE TABLE audit (n bigint NOT NULL);
      CREATE FUNCTION audit_write() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO audit VALUES (NEW.n); RETURN NEW; END $$;
      CREATE TRIGGER running_audit AFTER INSERT OR UPDATE ON running FOR EACH ROW EXECUTE FUNCTION audit_write();`);
  });
  after(async () => {
    await db?.$pool.end();
    await database?.drop();
    rmSync(checkpointDir, { recursive: true, force: true });
  });

  it('kills a worker twice mid-stream and commits every row exactly once', async () => {
    const job = await executeModule(jobModule, {
      parallelism: 2,
      args: { records: String(RECORDS), ratePerMs: '4', url: database.url, sinkId: 'running-sums' },
      checkpoints: { intervalMs: 150, storage: { root: pathToFileURL(checkpointDir).href } },
      restartStrategy: { kind: 'fixed-delay', attempts: 5, delayMs: 100 },
    });
    for (let kill = 1; kill <= 2; kill++) {
      // Kill only once rows are committed, so recovery has committed epochs to skip.
      const until = Date.now() + 20_000;
      const floor = (await db.one<{ n: number }>('SELECT count(*)::int AS n FROM running')).n;
      while ((await db.one<{ n: number }>('SELECT count(*)::int AS n FROM running')).n <= floor + 2000 && Date.now() < until) await sleep(50);
      await job.terminateSlot(kill - 1);
      while (job.restarts < kill && Date.now() < until) await sleep(20);
      assert.equal(job.restarts, kill, `the job restarted after kill ${kill}`);
    }
    const result = await job.done;
    assert.equal(result.status, 'FINISHED');
    assert.equal(job.exceptionHistory.length, 2);
    assert.ok(job.checkpoints().counts.completed >= 3, 'checkpoints completed between the kills');

    const rows = await db.any<RunningRow>('SELECT n::int AS n, sensor, total::int AS total FROM running ORDER BY n');
    assert.equal(rows.length, RECORDS);
    assert.deepEqual(rows, expectedRows(RECORDS));
    const audit = await db.one<{ writes: number; distinct: number }>('SELECT count(*)::int AS writes, count(DISTINCT n)::int AS distinct FROM audit');
    assert.deepEqual(audit, { writes: RECORDS, distinct: RECORDS }, 'every row written once: no epoch was applied twice');
    const markers = await db.one<{ n: number; subtasks: number }>("SELECT count(*)::int AS n, count(DISTINCT subtask)::int AS subtasks FROM weir_sink_epochs WHERE sink_id = 'running-sums'");
    assert.equal(markers.subtasks, 2);
    assert.ok(markers.n >= 4, `${markers.n} epochs committed`);
  });
});
