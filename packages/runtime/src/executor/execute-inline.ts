import { systemClock, type LogicalGraph, type StreamEnvironment } from '@weir/operators';
import { buildJobGraph } from '../plan/job-graph.js';
import { addCounts, jobFailedError, type JobHandle, type JobResult, type StepCounts } from './job-result.js';
import { newJobId } from './job-id.js';
import { resolveRunOptions, type RunOptions } from './run-options.js';
import { ThreadRuntime } from './thread-runtime.js';

/**
 * Runs a job in the calling thread: every subtask of every vertex, at any parallelism,
 * driven by one scheduler, with the same tasks, channels and flow control as a run in
 * worker threads (channels are direct calls instead of encoded messages). Graphs built
 * inline with closures run here; graphs that must run in workers go through a job module.
 * The graph is validated first: an invalid graph is rejected before anything runs.
 */
export function executeInline(job: StreamEnvironment | LogicalGraph, options: RunOptions = {}): JobHandle {
  const resolved = resolveRunOptions(options);
  const graph = buildJobGraph('graph' in job ? job.graph : job);
  const jobId = newJobId();
  const results = new Map<string, unknown[]>();
  const runtime = new ThreadRuntime(
    graph,
    { slot: 0, slotOf: () => 0, peers: new Map() },
    {
      batchSize: resolved.batchSize,
      credits: resolved.credits,
      clock: options.clock ?? systemClock,
      sendResults: (name, values) => {
        const list = results.get(name) ?? [];
        for (const v of values) list.push(v);
        results.set(name, list);
      },
    },
  );
  let canceled = false;
  const started = Date.now();
  const done = (async (): Promise<JobResult> => {
    try {
      await runtime.open();
      await runtime.run();
    } catch (err) {
      await runtime.scheduler.cancel();
      throw jobFailedError(jobId, err);
    }
    const counts = new Map<string, StepCounts>();
    for (const t of runtime.tasks) addCounts(counts, t.counts());
    return { jobId, status: canceled ? 'CANCELED' : 'FINISHED', durationMs: Date.now() - started, results, counts };
  })();
  return {
    jobId,
    done,
    results: <T>(name: string) => (results.get(name) ?? []) as T[],
    async cancel() {
      canceled = true;
      await runtime.scheduler.cancel();
    },
  };
}
