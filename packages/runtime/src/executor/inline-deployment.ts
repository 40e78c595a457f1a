import type { Clock } from '@weir/operators';
import type { RestoreLookup } from '../checkpoint/load-restore.js';
import type { CheckpointStorage } from '../checkpoint/storage/checkpoint-storage.js';
import { ThreadCheckpointing } from '../checkpoint/thread-checkpointing.js';
import type { JobGraph } from '../plan/job-graph.js';
import type { Deployment, DeploymentEvents } from './deployment.js';
import { addCounts, type StepCounts } from './job-result.js';
import type { ResolvedRunOptions } from './run-options.js';
import { ThreadRuntime } from './thread-runtime.js';

/** Checkpointing of a deployment: the mode and where state goes. */
export interface DeploymentCheckpointing {
  readonly mode: 'exactly-once' | 'at-least-once';
  readonly storage: CheckpointStorage;
}

/** Every task of an attempt in the calling thread. */
export class InlineDeployment implements Deployment {
  private readonly runtime: ThreadRuntime;
  private readonly checkpointing: ThreadCheckpointing | undefined;
  readonly ready: Promise<void>;
  private markReady!: () => void;

  constructor(graph: JobGraph, options: ResolvedRunOptions, clock: Clock, events: DeploymentEvents, checkpointing?: DeploymentCheckpointing, restore?: RestoreLookup) {
    this.checkpointing =
      checkpointing === undefined
        ? undefined
        : new ThreadCheckpointing(checkpointing.mode, checkpointing.storage, {
            acknowledge: (id, entry) => events.acknowledge(id, entry),
            decline: (id, reason) => events.decline(id, reason),
            sourceEnded: () => events.sourceEnded(),
          });
    this.ready = new Promise((resolve) => (this.markReady = resolve));
    this.runtime = new ThreadRuntime(
      graph,
      { slot: 0, slotOf: () => 0, peers: new Map() },
      {
        batchSize: options.batchSize,
        credits: options.credits,
        clock,
        sendResults: (name, values) => events.results(name, values),
        ...(this.checkpointing !== undefined && { checkpointing: this.checkpointing }),
        ...(restore !== undefined && { restored: restore }),
      },
    );
  }

  async run(): Promise<Map<string, StepCounts>> {
    try {
      await this.runtime.open();
      this.markReady();
      await this.runtime.run();
    } catch (err) {
      await this.runtime.scheduler.cancel();
      throw err;
    }
    const counts = new Map<string, StepCounts>();
    for (const t of this.runtime.tasks) addCounts(counts, t.counts());
    return counts;
  }

  begin(checkpointId: number, location: Parameters<ThreadCheckpointing['begin']>[1]): void {
    this.checkpointing?.begin(checkpointId, location);
    this.runtime.triggerCheckpoint(checkpointId);
  }

  notifyComplete(checkpointId: number, final: boolean): void {
    this.runtime.notifyCheckpointComplete(checkpointId, final);
  }

  cancel(): Promise<void> {
    return this.runtime.scheduler.cancel();
  }
}
