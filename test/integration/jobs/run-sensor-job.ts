/**
 * Runs the sensor-windows job in this process on the mini-cluster (worker threads) with
 * checkpoints on S3, resuming from the newest checkpoint of the given job id if there is one:
 * what a job manager restarted after a crash does. The exactly-once test kills this process
 * with SIGKILL and starts it again. Prints one JSON line per event on stdout.
 * Usage: run-sensor-job.ts <jobId> <records> <ratePerMs> <bucket> <prefix> <endpoint>
 */
import { executeModule } from '@weir/runtime';

const [jobId, records, ratePerMs, bucket, prefix, endpoint] = process.argv.slice(2);
const say = (event: string, extra: object = {}): void => console.log(JSON.stringify({ event, ...extra }));

const job = await executeModule(new URL('./sensor-windows-job.ts', import.meta.url), {
  parallelism: 2,
  jobId: jobId!,
  args: { records: records!, ratePerMs: ratePerMs!, bucket: bucket!, prefix: `${prefix}/out`, endpoint: endpoint! },
  checkpoints: {
    intervalMs: 200,
    storage: { root: `s3://${bucket}/${prefix}/checkpoints`, s3: { endpoint: endpoint!, region: 'us-east-1', forcePathStyle: true } },
  },
  restore: { pointer: 'latest' },
  restartStrategy: { kind: 'fixed-delay', attempts: 5, delayMs: 100 },
});
say('started');
const timer = setInterval(() => say('progress', { checkpoints: job.checkpoints().counts.completed }), 200);
const result = await job.done;
clearInterval(timer);
say('finished', { status: result.status });
