/**
 * Runs a chaos job module in this process on the mini-cluster (worker threads, parallelism 2)
 * with checkpoints on a file:// root, resuming from the newest checkpoint of the given job id
 * if there is one: what a job manager restarted after a crash does. The chaos tests SIGKILL
 * this process and start it again. Prints one JSON line per event on stdout.
 * Usage: chaos-run-job.ts <module file in this folder> <jobId> <checkpoint root URL> <args as JSON>
 */
import { executeModule } from '@weir/runtime';

const [moduleFile, jobId, root, argsJson] = process.argv.slice(2);
const say = (event: string, extra: object = {}): void => console.log(JSON.stringify({ event, ...extra }));

const job = await executeModule(new URL(`./${moduleFile!}`, import.meta.url), {
  parallelism: 2,
  jobId: jobId!,
  args: JSON.parse(argsJson!) as Record<string, string>,
  checkpoints: { intervalMs: 200, storage: { root: root! } },
  restore: { pointer: 'latest' },
  restartStrategy: { kind: 'fixed-delay', attempts: 20, delayMs: 200 },
});
say('started');
const timer = setInterval(() => say('progress', { checkpoints: job.checkpoints().counts.completed, restarts: job.restarts }), 200);
const result = await job.done;
clearInterval(timer);
say('finished', { status: result.status, checkpoints: job.checkpoints().counts.completed, restarts: job.restarts });
