/**
 * The entry point of a slot's worker thread: imports the job module, builds the same graph
 * as the main thread, runs the subtasks placed on this slot, and reports to the main thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { StreamEnvironment, WeirError, serializeError, systemClock, type JobBuilder } from '@weir/operators';
import { buildJobGraph } from '../plan/job-graph.js';
import { ThreadRuntime } from './thread-runtime.js';
import type { FromWorker, ToWorker, WorkerInit } from './worker-protocol.js';

const init = workerData as WorkerInit;
const port = parentPort!;
const send = (m: FromWorker): void => port.postMessage(m);

let runtime: ThreadRuntime | undefined;

async function prepare(): Promise<void> {
  const mod = (await import(init.moduleUrl)) as { default?: JobBuilder };
  const env = new StreamEnvironment({ parallelism: init.parallelism });
  mod.default!(env, init.args);
  const graph = buildJobGraph(env.graph);
  if (graph.fingerprint !== init.fingerprint) {
    throw new WeirError(
      'ERR_JOB_MODULE_INVALID',
      `job module ${init.moduleUrl} built a different graph in worker ${init.slot}: graph building must be deterministic and free of side effects`,
      { domain: 'user' },
    );
  }
  runtime = new ThreadRuntime(
    graph,
    { slot: init.slot, slotOf: (i) => i, peers: new Map(init.peers) },
    { batchSize: init.batchSize, credits: init.credits, clock: systemClock, sendResults: (name, values) => send({ t: 'results', name, values }) },
  );
  await runtime.open();
}

async function run(): Promise<void> {
  await runtime!.run();
  const counts = runtime!.tasks.flatMap((t) => t.counts());
  send({ t: 'finished', counts });
}

const fail = (err: unknown): void => send({ t: 'failed', error: serializeError(err) });

port.on('message', (m: ToWorker) => {
  if (m.t === 'start') run().catch(fail);
  if (m.t === 'cancel') {
    void (async () => {
      await runtime?.scheduler.cancel();
      send({ t: 'canceled' });
    })();
  }
});

prepare().then(() => send({ t: 'ready' }), fail);
