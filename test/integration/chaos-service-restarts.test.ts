/**
 * Chaos, service restarts, against real services started for this file alone so that the
 * restarts never disturb test files running in parallel on the shared ones:
 * (a) a SECOND Kafka broker (the harness's broker on private ports and a private state
 *     folder, driven through jobs/chaos-broker.ts) is stopped and started again while a
 *     Kafka → running counts → Kafka exactly-once job runs with a restart strategy: the job
 *     finishes and a read_committed consumer sees exactly the expected records, once each;
 * (b) a throw-away PostgreSQL cluster (initdb + pg_ctl as the postgres user, trust auth, a
 *     private port and socket folder) is stopped for 1.5 s and started again while a job writes through the PostgreSQL
 *     sink: the job recovers and the table holds exactly an uninterrupted run's rows, each
 *     written once.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import pgPromise from 'pg-promise';
import { executeModule } from '@weir/runtime';
import { freePort, repoRoot } from '../harness/index.js';
import { createTopic, runId, testKafka } from './jobs/kafka-helpers.js';
import { duplicates, loadTopic, readCommittedValues, sleep } from './jobs/chaos-helpers.js';
import { expectedCounts, keyOf } from './jobs/chaos-kafka-count-job.js';
import { expectedRows, type RunningRow } from './jobs/postgres-running-sums-job.js';

const PG_BIN = '/usr/lib/postgresql/15/bin';
const pgp = pgPromise({ noWarnings: true });

/** Runs a command to completion; throws with its output when it fails. */
function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): void {
  const res = spawnSync(command, args, { cwd: repoRoot, encoding: 'utf8', env, timeout: 120_000 });
  if (res.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${res.status ?? res.signal}:\n${res.stdout}\n${res.stderr}`);
}

/** As the postgres user when this process is root (initdb and the server refuse to run as root). */
const asPostgres = (command: string, args: string[]): void => (process.getuid?.() === 0 ? run('runuser', ['-u', 'postgres', '--', command, ...args]) : run(command, args));

describe('chaos: service restarts under running jobs (a private Kafka broker and PostgreSQL cluster)', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  after(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it('(a) a Kafka broker restart mid-run: the exactly-once job recovers and commits every record once', async () => {
    const RECORDS = 100_000;
    const KEYS = 500;
    const stateDir = mkdtempSync(join(tmpdir(), 'weir-chaos-broker-'));
    const port = await freePort();
    const controllerPort = await freePort();
    const brokerEnv = { ...process.env, WEIR_KAFKA_PORT: String(port), WEIR_KAFKA_CONTROLLER_PORT: String(controllerPort), WEIR_STATE_DIR: stateDir };
    const broker = (command: 'up' | 'down'): void => run(process.execPath, ['--import', 'tsx', 'test/integration/jobs/chaos-broker.ts', command], brokerEnv);
    cleanups.push(() => {
      broker('down');
      rmSync(stateDir, { recursive: true, force: true });
    });
    broker('up');
    const brokers = [`127.0.0.1:${port}`];
    const kafka = testKafka(brokers);
    const input = await createTopic(kafka, 'weir-chaos-restart-in', 3);
    const output = await createTopic(kafka, 'weir-chaos-restart-out', 2);
    await loadTopic(kafka, input, RECORDS, (i) => keyOf(i, KEYS), (i) => (i % KEYS) % 3);

    const dir = mkdtempSync(join(tmpdir(), 'weir-chaos-restart-chk-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const t0 = Date.now();
    const job = await executeModule(new URL('./jobs/chaos-kafka-count-job.ts', import.meta.url), {
      parallelism: 2,
      // 1 ms sleep every 5 records per subtask: about 10,000 records/s, so about 10 s of input.
      args: { brokers: brokers.join(','), input, output, prefix: `weir-chaos-restart-${runId}-${randomBytes(3).toString('hex')}`, pauseEvery: '5' },
      checkpoints: { intervalMs: 200, storage: { root: pathToFileURL(dir).href } },
      restartStrategy: { kind: 'fixed-delay', attempts: 60, delayMs: 500 },
    });
    const until = Date.now() + 30_000;
    while (job.checkpoints().counts.completed < 3 && Date.now() < until) await sleep(50);
    assert.ok(job.checkpoints().counts.completed >= 3, 'checkpoints completed before the broker restart');
    const downAt = Date.now() - t0;
    broker('down');
    await sleep(2000);
    broker('up');
    const upAt = Date.now() - t0;
    const result = await job.done;
    assert.equal(result.status, 'FINISHED');
    const values = await readCommittedValues(kafka, output, RECORDS);
    console.log(
      `chaos broker restart: ${RECORDS} records; broker down at ${downAt} ms, up at ${upAt} ms, job done at ${Date.now() - t0} ms; ${job.restarts} restarts, ${job.checkpoints().counts.completed} checkpoints; ${values.length} committed, ${duplicates(values, Infinity).length} values more than once`,
    );
    assert.deepEqual(duplicates(values), [], 'no record committed twice');
    assert.equal(values.length, RECORDS);
    assert.deepEqual(values.sort(), expectedCounts(RECORDS, KEYS));
  });

  it('(b) a PostgreSQL restart mid-run: the sink recovers with nothing lost and nothing written twice', async () => {
    const RECORDS = 60_000;
    const dataDir = mkdtempSync(join(tmpdir(), 'weir-chaos-pg-cluster-'));
    chmodSync(dataDir, 0o700);
    if (process.getuid?.() === 0) {
      const id = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
      const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
      chownSync(dataDir, Number(id.stdout.trim()), Number(gid.stdout.trim()));
    }
    const port = await freePort();
    const pgData = join(dataDir, 'data');
    asPostgres(join(PG_BIN, 'initdb'), ['-D', pgData, '-A', 'trust', '-U', 'postgres', '--no-sync']);
    const ctl = (...args: string[]): void => asPostgres(join(PG_BIN, 'pg_ctl'), ['-D', pgData, '-l', join(dataDir, 'server.log'), '-w', ...args]);
    const serverOptions = ['-o', `-p ${port} -k ${dataDir} -c listen_addresses=127.0.0.1 -c fsync=off`];
    cleanups.push(() => {
      try {
        ctl('stop', '-m', 'immediate');
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    });
    ctl(...serverOptions, 'start');
    const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    const db = pgp({ connectionString: url, max: 2 });
    cleanups.push(() => db.$pool.end());
    await db.none(`
      CREATE TABLE running (n bigint PRIMARY KEY, sensor int NOT NULL, total bigint NOT NULL);
      CREATE TABLE audit (n bigint NOT NULL);
      CREATE FUNCTION audit_write() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO audit VALUES (NEW.n); RETURN NEW; END $$;
      CREATE TRIGGER running_audit AFTER INSERT OR UPDATE ON running FOR EACH ROW EXECUTE FUNCTION audit_write();`);

    const dir = mkdtempSync(join(tmpdir(), 'weir-chaos-pg-restart-chk-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const t0 = Date.now();
    const job = await executeModule(new URL('./jobs/postgres-running-sums-job.ts', import.meta.url), {
      parallelism: 2,
      // 4 records per ms per subtask: 60,000 records take about 7.5 s.
      args: { records: String(RECORDS), ratePerMs: '4', url, sinkId: 'chaos-pg-restart' },
      checkpoints: { intervalMs: 200, storage: { root: pathToFileURL(dir).href } },
      restartStrategy: { kind: 'fixed-delay', attempts: 60, delayMs: 500 },
    });
    const until = Date.now() + 30_000;
    const committed = async (): Promise<number> => (await db.one<{ n: number }>('SELECT count(*)::int AS n FROM running')).n;
    while ((await committed()) < 5000 && Date.now() < until) await sleep(50);
    const rowsBefore = await committed();
    assert.ok(rowsBefore >= 5000 && rowsBefore < RECORDS, `rows were being committed when the server restarted (${rowsBefore})`);
    const restartAt = Date.now() - t0;
    // Down for 1.5 s: several checkpoint completions (every 200 ms) find no server to commit to.
    ctl('stop', '-m', 'fast');
    await sleep(1500);
    ctl(...serverOptions, 'start');
    const upAt = Date.now() - t0;
    const result = await job.done;
    assert.equal(result.status, 'FINISHED');
    const rows = await db.any<RunningRow>('SELECT n::int AS n, sensor, total::int AS total FROM running ORDER BY n');
    const audit = await db.one<{ writes: number; distinct: number }>('SELECT count(*)::int AS writes, count(DISTINCT n)::int AS distinct FROM audit');
    console.log(`chaos postgres restart: ${RECORDS} records; restart at ${restartAt} ms, up at ${upAt} ms, job done at ${Date.now() - t0} ms; ${rowsBefore} rows before the restart, ${job.restarts} restarts; ${rows.length} rows, ${audit.writes} row writes`);
    assert.equal(rows.length, RECORDS);
    assert.deepEqual(rows, expectedRows(RECORDS));
    assert.deepEqual(audit, { writes: RECORDS, distinct: RECORDS }, 'every row written once: no epoch was applied twice');
  });
});
