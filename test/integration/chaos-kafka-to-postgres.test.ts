/**
 * Chaos, Kafka → PostgreSQL exactly-once, against the real broker and the machine's
 * PostgreSQL: a pre-loaded 3-partition topic of readings → a running sum per sensor → the
 * epoch-table upsert sink, in a mini-cluster process with checkpoints on a file:// folder
 * shared across runs. The whole process is SIGKILLed five times, each at a random moment
 * 0–1.5 s after the run's first completed checkpoint (mid-stream), and started again with the
 * same job id and `restore: { pointer: 'latest' }`; the sixth run reads to the end. The table must hold exactly an uninterrupted run's rows, and an audit trigger proves
 * that no row was written twice (no epoch applied twice).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Kafka } from 'kafkajs';
import pgPromise from 'pg-promise';
import { createTestDatabase, requireKafka, requirePostgres, type TestDatabase } from '../harness/index.js';
import { createTopic, deleteTopics, testKafka } from './jobs/kafka-helpers.js';
import { between, loadTopic, runJobProcess, type RunOutcome } from './jobs/chaos-helpers.js';
import { SENSORS, expectedRows, type RunningRow } from './jobs/postgres-running-sums-job.js';

const RECORDS = 300_000;
/**
 * Paces the job to about 9,000 records/s per subtask (1 ms sleep every 10 records): a killed
 * run lives about 3.5 s until its first checkpoint plus at most 1.5 s, so five of them read
 * at most about 5 × 5 s × 18,000/s = 450,000 records in the worst case but in practice much
 * less (startup reads nothing); the sixth run finishes the rest.
 */
const PAUSE_EVERY = '10';
const PARTITIONS = 3;
const pgp = pgPromise({ noWarnings: true });

describe('chaos: Kafka → running sums → PostgreSQL exactly-once through five process SIGKILLs (real Kafka and PostgreSQL)', () => {
  let kafka: Kafka;
  let brokers: string[];
  let database: TestDatabase;
  let db: pgPromise.IDatabase<object>;
  const topics: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'weir-chaos-pg-'));

  before(async () => {
    brokers = await requireKafka();
    kafka = testKafka(brokers);
    await requirePostgres();
    database = await createTestDatabase('weir_chaos_pg');
    db = pgp({ connectionString: database.url, max: 2 });
    await db.none(`
      CREATE TABLE running (n bigint PRIMARY KEY, sensor int NOT NULL, total bigint NOT NULL);
      CREATE TABLE audit (n bigint NOT NULL);
      CREATE FUNCTION audit_write() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO audit VALUES (NEW.n); RETURN NEW; END $$;
      CREATE TRIGGER running_audit AFTER INSERT OR UPDATE ON running FOR EACH ROW EXECUTE FUNCTION audit_write();`);
  });
  after(async () => {
    if (topics.length > 0) await deleteTopics(kafka, topics);
    await db?.$pool.end();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('leaves exactly the rows of an uninterrupted run, each written once', async () => {
    const input = await createTopic(kafka, 'weir-chaos-pg-in', PARTITIONS);
    topics.push(input);
    let t = Date.now();
    await loadTopic(kafka, input, RECORDS, String, (n) => (n % SENSORS) % PARTITIONS, 1); // in n order per partition: running sums depend on it
    const loadMs = Date.now() - t;

    const jobId = randomBytes(16).toString('hex');
    const args = { brokers: brokers.join(','), input, url: database.url, sinkId: `chaos-${jobId.slice(0, 8)}`, pauseEvery: PAUSE_EVERY };
    const root = pathToFileURL(dir).href;
    const runs: RunOutcome[] = [];
    t = Date.now();
    for (let kill = 1; kill <= 5; kill++) {
      const run = await runJobProcess('chaos-kafka-postgres-job.ts', jobId, root, args, between(0, 1500));
      runs.push(run);
      assert.equal(run.outcome, 'killed', `run ${kill} was killed before it finished`);
    }
    const last = await runJobProcess('chaos-kafka-postgres-job.ts', jobId, root, args, undefined);
    runs.push(last);
    assert.equal(last.outcome, 'finished');
    const jobMs = Date.now() - t;

    const rows = await db.any<RunningRow>('SELECT n::int AS n, sensor, total::int AS total FROM running ORDER BY n');
    const audit = await db.one<{ writes: number; distinct: number }>('SELECT count(*)::int AS writes, count(DISTINCT n)::int AS distinct FROM audit');
    console.log(
      `chaos kafka → postgres: ${RECORDS} records; load ${loadMs} ms, six runs ${jobMs} ms (${runs.map((r) => `${r.outcome} after ${r.ms} ms, ${r.checkpoints} checkpoints, ${r.restarts} restarts`).join('; ')}); ${rows.length} rows, ${audit.writes} row writes`,
    );
    assert.equal(rows.length, RECORDS);
    assert.deepEqual(rows, expectedRows(RECORDS));
    assert.deepEqual(audit, { writes: RECORDS, distinct: RECORDS }, 'every row written once: no epoch was applied twice');
  });
});
