/**
 * The entry point of a slot's worker thread: imports the job module, builds the same graph
 * as the main thread, runs the subtasks placed on this slot, and reports to the main thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { StreamEnvironment, WeirError, serializeError, systemClock, type JobBuilder } from '@weir/operators';
import { storageFromSpec } from '../checkpoint/storage-spec.js';
import { ThreadCheckpointing } from '../checkpoint/thread-checkpointing.js';
import { buildJobGraph } from '../plan/job-graph.js';
import { ThreadRuntime } from './thread-runtime.js';
import type { FromWorker, ToWorker, WorkerInit } from './worker-protocol.js';

const init = workerData as WorkerInit;
const port = parentPort!;
const send = (m: FromWorker): void => port.postMessage(m);

let runtime: ThreadRuntime | undefined;
let checkpointing: ThreadCheckpointing | undefined;

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
  if (init.checkpointing !== undefined) {
    checkpointing = new ThreadCheckpointing(init.checkpointing.mode, await storageFromSpec(init.checkpointing.storage), {
      acknowledge: (id, entry) => send({ t: 'ack', id, entry }),
      decline: (id, reason) => send({ t: 'decline', id, reason }),
      sourceEnded: () => send({ t: 'source-ended' }),
    });
  }
  const restored = init.restore === undefined ? undefined : new Map(init.restore);
  runtime = new ThreadRuntime(
    graph,
    { slot: init.slot, slotOf: (i) => i, peers: new Map(init.peers) },
    {
      batchSize: init.batchSize,
      credits: init.credits,
      clock: systemClock,
      sendResults: (name, values) => send({ t: 'results', name, values }),
      ...(checkpointing !== undefined && { checkpointing }),
      ...(restored !== undefined && { restored: (v: string, i: number, step: string) => restored.get(`${v}:${i}:${step}`) }),
    },
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
  if (m.t === 'begin') {
    if (runtime === undefined || checkpointing === undefined) send({ t: 'decline', id: m.id, reason: `slot ${init.slot} is not running yet` });
    else {
      checkpointing.begin(m.id, m.location);
      runtime.triggerCheckpoint(m.id);
    }
  }
  if (m.t === 'complete') runtime?.notifyCheckpointComplete(m.id, m.final);
  if (m.t === 'cancel') {
    void (async () => {
      await runtime?.scheduler.cancel();
      send({ t: 'canceled' });
    })();
  }
});

prepare().then(() => send({ t: 'ready' }), fail);
