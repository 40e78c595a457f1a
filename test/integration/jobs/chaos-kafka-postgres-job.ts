/**
 * The job of the Kafka → PostgreSQL chaos test: reads a pre-loaded topic of reading numbers
 * (bounded at the end offsets seen when a reader opens; every sensor's readings are in one
 * partition, in number order), keeps a running sum per sensor and upserts one row per reading
 * through the exactly-once PostgreSQL sink. The table an uninterrupted run leaves is
 * `expectedRows(records)` of postgres-running-sums-job.ts.
 * Args: `brokers` (comma-separated), `input`, `url` (the test database), `sinkId`, optional
 * `pauseEvery` (sleep 1 ms every that many records per subtask; default none).
 */
import { Kafka, logLevel } from 'kafkajs';
import pgPromise from 'pg-promise';
import { defineJob } from '@weir/operators';
import { kafkaSource } from '@weir/connectors/kafka';
import { postgresSink } from '@weir/connectors/postgres';
import { reading, type RunningRow } from './postgres-running-sums-job.js';

const pgp = pgPromise({ noWarnings: true });
const pause = new Int32Array(new SharedArrayBuffer(4));

export default defineJob((env, args) => {
  const { brokers, input, url, sinkId } = args;
  if (brokers === undefined || input === undefined || url === undefined || sinkId === undefined) throw new RangeError('brokers, input, url and sinkId are required');
  const pauseEvery = Number(args.pauseEvery ?? '0');
  let seen = 0;
  const kafka = () => new Kafka({ clientId: 'weir-chaos-pg-job', brokers: brokers.split(','), logLevel: logLevel.NOTHING, retry: { retries: 8, initialRetryTime: 100 } });
  env
    .fromSource('in', kafkaSource<RunningRow>({ kafka, topic: input, stoppingOffsets: 'latest', deserialize: (m) => reading(Number(m.value!.toString())) }))
    .map('pace', (r) => {
      if (pauseEvery > 0 && ++seen % pauseEvery === 0) Atomics.wait(pause, 0, 0, 1);
      return r;
    })
    .keyBy((r) => r.sensor)
    .reduce('running-sum', (acc, r) => ({ n: r.n, sensor: r.sensor, total: acc.total + r.total }))
    .sinkTo('running', postgresSink<RunningRow>({ db: () => pgp({ connectionString: url, max: 2 }), table: 'running', columns: ['n', 'sensor', 'total'], conflictColumns: ['n'], sinkId }));
});
