/**
 * The job of the exactly-once tests: a replayable source of sensor readings (a pure function
 * of the reading's number, so any position can be replayed), summed per sensor and 10-second
 * event-time window, written to S3 by the two-phase-commit file sink.
 * Args: `records`, `ratePerMs` (pacing, so the job runs long enough to be killed), `bucket`,
 * `prefix`, `endpoint`, `region`. Credentials come from the environment (AWS_ACCESS_KEY_ID /
 * AWS_SECRET_ACCESS_KEY), never from arguments.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { WatermarkStrategy, defineJob, indexedSource, tumblingEventTimeWindows } from '@weir/operators';
import { s3FileSink } from '@weir/connectors/s3';

/** One reading: sensor, event time (ms) and value, derived from its number alone. */
export interface Reading {
  readonly sensor: number;
  readonly t: number;
  readonly v: number;
}

export const SENSORS = 100;
export const WINDOW_MS = 10_000;

/** Reading number n. */
export function reading(n: number): Reading {
  return { sensor: n % SENSORS, t: n, v: (n * 7919) % 1000 };
}

/** The committed lines an uninterrupted run produces, sorted. */
export function expectedLines(records: number): string[] {
  const sums = new Map<string, number>();
  for (let n = 0; n < records; n++) {
    const r = reading(n);
    const key = `${r.sensor},${Math.floor(r.t / WINDOW_MS) * WINDOW_MS}`;
    sums.set(key, (sums.get(key) ?? 0) + r.v);
  }
  return [...sums].map(([k, v]) => JSON.stringify({ sensor: Number(k.split(',')[0]), window: Number(k.split(',')[1]), sum: v })).sort();
}

export default defineJob((env, args) => {
  const records = Number(args.records);
  const ratePerMs = Number(args.ratePerMs ?? '1000');
  const { bucket, prefix, endpoint, region } = args;
  if (!Number.isInteger(records) || records < 1) throw new RangeError(`records must be a positive integer, got ${args.records}`);
  if (bucket === undefined || prefix === undefined || endpoint === undefined) throw new RangeError('bucket, prefix and endpoint are required');
  env
    .fromSource('readings', indexedSource(records, reading, { name: 'readings', ratePerMs }), WatermarkStrategy.forMonotonousTimestamps<Reading>().withTimestampAssigner((r) => r.t))
    .keyBy((r) => r.sensor)
    .window(tumblingEventTimeWindows(WINDOW_MS))
    .aggregate(
      'sum',
      { createAccumulator: () => 0, add: (r: Reading, acc: number) => acc + r.v, getResult: (acc: number) => acc, merge: (a: number, b: number) => a + b },
      { process: (sensor, ctx, sums, out) => out.collect({ sensor, window: ctx.window.start, sum: sums[0]! }) },
    )
    .sinkTo(
      'committed',
      s3FileSink({ client: () => new S3Client({ endpoint, region: region ?? 'us-east-1', forcePathStyle: true }), bucket, prefix }),
    );
});
