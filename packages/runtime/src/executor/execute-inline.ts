import { systemClock, type LogicalGraph, type StreamEnvironment } from '@weir/operators';
import { buildJobGraph } from '../plan/job-graph.js';
import { InlineDeployment } from './inline-deployment.js';
import type { JobHandle } from './job-result.js';
import { startJobRun } from './job-run.js';
import { resolveRunOptions, type RunOptions } from './run-options.js';

/**
 * Runs a job in the calling thread: every subtask of every vertex, at any parallelism,
 * driven by one scheduler, with the same tasks, channels and flow control as a run in
 * worker threads (channels are direct calls instead of encoded messages). Graphs built
 * inline with closures run here; graphs that must run in workers go through a job module.
 * The graph is validated first: an invalid graph is rejected before anything runs. With
 * `checkpoints`, failed attempts restart from the latest checkpoint as the restart strategy
 * allows.
 */
export function executeInline(job: StreamEnvironment | LogicalGraph, options: RunOptions = {}): JobHandle {
  const resolved = resolveRunOptions(options);
  const graph = buildJobGraph('graph' in job ? job.graph : job);
  const clock = options.clock ?? systemClock;
  const mode = resolved.checkpoints?.mode;
  return startJobRun(graph, resolved, (restore, events, storage) =>
    new InlineDeployment(graph, resolved, clock, events, mode === undefined || storage === undefined ? undefined : { mode, storage }, restore),
  );
}
