import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { StreamEnvironment, WeirError, type JobBuilder } from '@weir/operators';
import { buildJobGraph, type JobGraph } from '../plan/job-graph.js';
import { addCounts, jobFailedError, type JobHandle, type JobResult, type StepCounts } from './job-result.js';
import { newJobId } from './job-id.js';
import { resolveRunOptions, type RunOptions } from './run-options.js';
import type { FromWorker, WorkerInit } from './worker-protocol.js';

/** The worker entry beside this file, in whatever form (TypeScript source or built JavaScript) this file is. */
const workerEntry = new URL(import.meta.url.endsWith('.ts') ? './worker-main.ts' : './worker-main.js', import.meta.url).href;
/** Plain JavaScript that prepares a worker (registers tsx when running from sources) and imports the entry. */
const workerBootstrap = new URL('./worker-bootstrap.mjs', import.meta.url);

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
 * The graph is built and validated in the calling thread first.
 */
export async function executeModule(module: string | URL, options: RunOptions = {}): Promise<JobHandle> {
  const resolved = resolveRunOptions(options);
  const moduleUrl = moduleUrlOf(module);
  const graph = await loadJobGraph(moduleUrl, resolved.parallelism, resolved.args);
  const slots = Math.max(...graph.vertices.map((v) => v.parallelism));
  const jobId = newJobId();

  const ports: Map<number, MessagePort>[] = Array.from({ length: slots }, () => new Map());
  for (let a = 0; a < slots; a++) {
    for (let b = a + 1; b < slots; b++) {
      const { port1, port2 } = new MessageChannel();
      ports[a]!.set(b, port1);
      ports[b]!.set(a, port2);
    }
  }

  const results = new Map<string, unknown[]>();
  const counts = new Map<string, StepCounts>();
  const started = Date.now();
  const workers: Worker[] = [];
  let settled = false;
  let canceled = false;
  let ready = 0;
  let ended = 0;

  const done = new Promise<JobResult>((resolveJob, rejectJob) => {
    const finish = (err?: unknown): void => {
      if (settled) return;
      settled = true;
      for (const w of workers) void w.terminate();
      if (err !== undefined) rejectJob(jobFailedError(jobId, err));
      else resolveJob({ jobId, status: canceled ? 'CANCELED' : 'FINISHED', durationMs: Date.now() - started, results, counts });
    };
    for (let slot = 0; slot < slots; slot++) {
      const peers = [...ports[slot]!];
      const init: WorkerInit = {
        moduleUrl,
        args: resolved.args,
        parallelism: resolved.parallelism,
        slot,
        fingerprint: graph.fingerprint,
        batchSize: resolved.batchSize,
        credits: resolved.credits,
        peers,
      };
      const worker = new Worker(workerBootstrap, {
        workerData: { ...init, entry: workerEntry },
        transferList: peers.map(([, p]) => p),
        name: `weir-slot-${slot}`,
      });
      workers.push(worker);
      worker.on('message', (m: FromWorker) => {
        switch (m.t) {
          case 'ready':
            if (++ready === slots) for (const w of workers) w.postMessage({ t: 'start' });
            break;
          case 'results': {
            const list = results.get(m.name) ?? [];
            for (const v of m.values) list.push(v);
            results.set(m.name, list);
            break;
          }
          case 'finished':
            addCounts(counts, m.counts);
            if (++ended === slots) finish();
            break;
          case 'canceled':
            if (++ended === slots) finish();
            break;
          case 'failed':
            finish(m.error);
            break;
        }
      });
      worker.on('error', (err) => finish(err));
      worker.on('exit', (code) => {
        if (!settled) finish(new WeirError('ERR_RUNTIME_INTERNAL', `worker of slot ${slot} exited with code ${code} before the job ended`));
      });
    }
  });

  return {
    jobId,
    done,
    results: <T>(name: string) => (results.get(name) ?? []) as T[],
    async cancel() {
      if (settled) return;
      canceled = true;
      for (const w of workers) w.postMessage({ t: 'cancel' });
      await done.catch(() => {});
    },
  };
}
