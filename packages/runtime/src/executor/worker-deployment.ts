import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { WeirError, deserializeError } from '@weir/operators';
import type { OperatorSnapshot } from '@weir/operators/engine';
import type { RestoreLookup } from '../checkpoint/load-restore.js';
import type { CheckpointStorageSpec } from '../checkpoint/storage-spec.js';
import type { CheckpointLocation } from '../checkpoint/storage/checkpoint-storage.js';
import type { JobGraph } from '../plan/job-graph.js';
import type { Deployment, DeploymentEvents } from './deployment.js';
import { addCounts, type StepCounts } from './job-result.js';
import type { ResolvedRunOptions } from './run-options.js';
import type { FromWorker, WorkerInit } from './worker-protocol.js';

/** The worker entry beside this file, in whatever form (TypeScript source or built JavaScript) this file is. */
const workerEntry = new URL(import.meta.url.endsWith('.ts') ? './worker-main.ts' : './worker-main.js', import.meta.url).href;
/** Plain JavaScript that prepares a worker (registers tsx when running from sources) and imports the entry. */
const workerBootstrap = new URL('./worker-bootstrap.mjs', import.meta.url);

/**
 * An attempt of a job module with one worker thread per slot (subtask i of every vertex in
 * slot i). Workers are connected pairwise by MessagePorts for the exchange; each imports the
 * module, rebuilds the graph, restores its tasks' share of state and runs them.
 */
export class WorkerDeployment implements Deployment {
  private readonly workers: Worker[] = [];
  private settled = false;
  readonly ready: Promise<void>;
  private markReady!: () => void;

  constructor(
    private readonly moduleUrl: string,
    private readonly graph: JobGraph,
    private readonly options: ResolvedRunOptions,
    private readonly events: DeploymentEvents,
    private readonly checkpointing: { mode: 'exactly-once' | 'at-least-once'; storage: CheckpointStorageSpec } | undefined,
    private readonly restore: RestoreLookup | undefined,
  ) {
    this.ready = new Promise((resolve) => (this.markReady = resolve));
  }

  private slotRestore(slot: number): [string, OperatorSnapshot][] | undefined {
    const lookup = this.restore;
    if (lookup === undefined) return undefined;
    const out: [string, OperatorSnapshot][] = [];
    for (const v of this.graph.vertices) {
      if (slot >= v.parallelism) continue;
      for (const n of v.nodes) {
        const stepId = this.graph.logical.nodes[n]!.stepId;
        const snapshot = lookup(v.id, slot, stepId);
        if (snapshot !== undefined) out.push([`${v.id}:${slot}:${stepId}`, snapshot]);
      }
    }
    return out;
  }

  run(): Promise<Map<string, StepCounts>> {
    const slots = Math.max(...this.graph.vertices.map((v) => v.parallelism));
    const ports: Map<number, MessagePort>[] = Array.from({ length: slots }, () => new Map());
    for (let a = 0; a < slots; a++) {
      for (let b = a + 1; b < slots; b++) {
        const { port1, port2 } = new MessageChannel();
        ports[a]!.set(b, port1);
        ports[b]!.set(a, port2);
      }
    }
    const counts = new Map<string, StepCounts>();
    return new Promise((resolve, reject) => {
      let ready = 0;
      let ended = 0;
      const finish = (err?: unknown): void => {
        if (this.settled) return;
        this.settled = true;
        for (const w of this.workers) void w.terminate();
        if (err === undefined) resolve(counts);
        else reject(err);
      };
      for (let slot = 0; slot < slots; slot++) {
        const peers = [...ports[slot]!];
        const restore = this.slotRestore(slot);
        const init: WorkerInit = {
          moduleUrl: this.moduleUrl,
          args: this.options.args,
          parallelism: this.options.parallelism,
          slot,
          fingerprint: this.graph.fingerprint,
          batchSize: this.options.batchSize,
          credits: this.options.credits,
          peers,
          ...(this.checkpointing !== undefined && { checkpointing: this.checkpointing }),
          ...(restore !== undefined && { restore }),
        };
        const worker = new Worker(workerBootstrap, {
          workerData: { ...init, entry: workerEntry },
          transferList: peers.map(([, p]) => p),
          name: `weir-slot-${slot}`,
        });
        this.workers.push(worker);
        worker.on('message', (m: FromWorker) => {
          switch (m.t) {
            case 'ready':
              if (++ready === slots) {
                for (const w of this.workers) w.postMessage({ t: 'start' });
                this.markReady();
              }
              break;
            case 'results':
              this.events.results(m.name, m.values);
              break;
            case 'ack':
              this.events.acknowledge(m.id, m.entry);
              break;
            case 'decline':
              this.events.decline(m.id, m.reason);
              break;
            case 'source-ended':
              this.events.sourceEnded();
              break;
            case 'finished':
              addCounts(counts, m.counts);
              if (++ended === slots) finish();
              break;
            case 'canceled':
              if (++ended === slots) finish();
              break;
            case 'failed':
              finish(deserializeError(m.error));
              break;
          }
        });
        worker.on('error', (err) => finish(err));
        worker.on('exit', (code) => {
          if (!this.settled) finish(new WeirError('ERR_RUNTIME_INTERNAL', `the worker of slot ${slot} exited (code ${code}) before the job ended`, { retriable: true }));
        });
      }
    });
  }

  begin(checkpointId: number, location: CheckpointLocation): void {
    for (const w of this.workers) w.postMessage({ t: 'begin', id: checkpointId, location });
  }

  notifyComplete(checkpointId: number, final: boolean): void {
    for (const w of this.workers) w.postMessage({ t: 'complete', id: checkpointId, final });
  }

  async cancel(): Promise<void> {
    if (this.settled) return;
    const stopped = Promise.all(this.workers.map((w) => new Promise<void>((r) => w.once('exit', () => r()))));
    for (const w of this.workers) w.postMessage({ t: 'cancel' });
    await Promise.race([stopped, new Promise((r) => setTimeout(r, 5000))]);
    this.settled = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  /** Ends the worker thread of a slot abruptly, as a crash would (for failure testing). */
  async terminateSlot(slot: number): Promise<void> {
    await this.workers[slot]?.terminate();
  }
}
