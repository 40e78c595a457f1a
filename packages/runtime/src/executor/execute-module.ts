import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { StreamEnvironment, WeirError, type JobBuilder } from '@weir/operators';
import { buildJobGraph, type JobGraph } from '../plan/job-graph.js';
import { startJobRun, type JobRun } from './job-run.js';
import { resolveRunOptions, type RunOptions } from './run-options.js';
import { WorkerDeployment } from './worker-deployment.js';

/** Resolves a job module given as a path or URL to a file URL string. */
export function moduleUrlOf(module: string | URL): string {
  if (module instanceof URL) return module.href;
  if (/^[a-z]+:/i.test(module)) return module;
  return pathToFileURL(isAbsolute(module) ? module : resolve(module)).href;
}

/** Imports a job module and builds its graph, checking that it exports a builder. */
export async function loadJobGraph(moduleUrl: string, parallelism: number, args: Record<string, string>): Promise<JobGraph> {
  let mod: { default?: unknown };
  try {
    mod = (await import(moduleUrl)) as { default?: unknown };
  } catch (err) {
    throw new WeirError('ERR_JOB_MODULE_INVALID', `cannot import job module ${moduleUrl}: ${(err as Error).message}`, { domain: 'user', cause: err });
  }
  if (typeof mod.default !== 'function') {
    throw new WeirError('ERR_JOB_MODULE_INVALID', `job module ${moduleUrl} must export a default function (env, args) => void that builds the graph`, {
      domain: 'user',
    });
  }
  const env = new StreamEnvironment({ parallelism });
  (mod.default as JobBuilder)(env, args);
  return buildJobGraph(env.graph);
}

/**
 * Runs a job module on the local mini-cluster with one worker thread per slot: subtask i
 * of every vertex runs in slot i (slot sharing), so the job uses as many threads as its
 * highest parallelism. Every worker imports the module and rebuilds the same graph; records
 * between slots travel as msgpack batches over MessagePorts with credit-based flow control.
 * The graph is built and validated in the calling thread first. With `checkpoints`, every
 * worker stores its tasks' state, and a failed attempt (a task error, a crashed worker) is
 * replaced by a new one restored from the latest checkpoint as the restart strategy allows.
 */
export async function executeModule(module: string | URL, options: RunOptions = {}): Promise<JobRun> {
  const resolved = resolveRunOptions(options);
  const moduleUrl = moduleUrlOf(module);
  const graph = await loadJobGraph(moduleUrl, resolved.parallelism, resolved.args);
  const c = resolved.checkpoints;
  return startJobRun(graph, resolved, (restore, events) =>
    new WorkerDeployment(moduleUrl, graph, resolved, events, c === undefined ? undefined : { mode: c.mode, storage: c.storage }, restore),
  );
}
