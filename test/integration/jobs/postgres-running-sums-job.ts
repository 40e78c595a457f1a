/**
 * The job of the PostgreSQL exactly-once test: a replayable, paced source of readings (each a
 * pure function of its number), a keyed running sum per sensor, and one row per reading
 * upserted into PostgreSQL by the exactly-once sink.
 * Args: `records`, `ratePerMs`, `url` (the test database), `sinkId`.
 */
import pgPromise from 'pg-promise';
import { defineJob, indexedSource } from '@weir/operators';
import { postgresSink } from '@weir/connectors/postgres';

export const SENSORS = 50;

/** One reading, and after the running sum, the row written for it. */
export interface RunningRow {
  readonly n: number;
  readonly sensor: number;
  readonly total: number;
}

export const reading = (n: number): RunningRow => ({ n, sensor: n % SENSORS, total: (n * 7919) % 1000 });

/** The rows an uninterrupted run leaves in the table, in n order. */
export function expectedRows(records: number): RunningRow[] {
  const totals = new Array<number>(SENSORS).fill(0);
  return Array.from({ length: records }, (_, n) => {
    const r = reading(n);
    totals[r.sensor]! += r.total;
    return { n, sensor: r.sensor, total: totals[r.sensor]! };
  });
}

const pgp = pgPromise({ noWarnings: true });

export default defineJob((env, args) => {
  const records = Number(args.records);
  const ratePerMs = Number(args.ratePerMs ?? '0');
  const { url, sinkId } = args;
  if (!Number.isInteger(records) || records < 1) throw new RangeError(`records must be a positive integer, got ${args.records}`);
  if (url === undefined || sinkId === undefined) throw new RangeError('url and sinkId are required');
  env
    .fromSource('readings', indexedSource(records, reading, { name: 'readings', ratePerMs }))
    .keyBy((r) => r.sensor)
    .reduce('running-sum', (acc, r) => ({ n: r.n, sensor: r.sensor, total: acc.total + r.total }))
    .sinkTo('running', postgresSink<RunningRow>({ db: () => pgp({ connectionString: url, max: 2 }), table: 'running', columns: ['n', 'sensor', 'total'], conflictColumns: ['n'], sinkId }));
});
