import type { Task, TaskCheckpointing, TaskSnapshot } from '../task/task.js';
import type { TaskStateEntry } from './checkpoint-metadata.js';
import type { CheckpointLocation, CheckpointStorage } from './storage/checkpoint-storage.js';
import { encodeTaskSnapshot } from './task-state-codec.js';

/** Where a thread reports what its tasks did for a checkpoint. */
export interface CheckpointReports {
  acknowledge(checkpointId: number, entry: TaskStateEntry): void;
  decline(checkpointId: number, reason: string): void;
  sourceEnded(): void;
}

/**
 * The checkpoint side of one thread: when a task has snapshotted, its state is encoded (the
 * synchronous copy) and uploaded to the checkpoint's location while processing goes on,
 * then acknowledged to the coordinator. A failed upload declines the checkpoint; it never
 * fails the task, so a storage outage costs checkpoints, not the job.
 */
export class ThreadCheckpointing implements TaskCheckpointing {
  private readonly locations = new Map<number, { promise: Promise<CheckpointLocation>; resolve: (l: CheckpointLocation) => void }>();

  constructor(
    readonly mode: 'exactly-once' | 'at-least-once',
    private readonly storage: CheckpointStorage,
    private readonly reports: CheckpointReports,
  ) {}

  private slot(checkpointId: number) {
    let s = this.locations.get(checkpointId);
    if (s === undefined) {
      let resolve!: (l: CheckpointLocation) => void;
      const promise = new Promise<CheckpointLocation>((r) => (resolve = r));
      s = { promise, resolve };
      this.locations.set(checkpointId, s);
    }
    return s;
  }

  /** The coordinator began checkpoint `checkpointId`, whose state goes to `location`. */
  begin(checkpointId: number, location: CheckpointLocation): void {
    this.slot(checkpointId).resolve(location);
    for (const id of this.locations.keys()) if (id < checkpointId - 8) this.locations.delete(id);
  }

  acknowledge(_task: Task, checkpointId: number, snapshot: TaskSnapshot): void {
    const bytes = encodeTaskSnapshot(snapshot);
    const steps = snapshot.operators.map((o) => o.stepId);
    void (async () => {
      try {
        // Barriers can overtake the coordinator's message about the checkpoint: wait for it.
        const location = await this.slot(checkpointId).promise;
        const file = await this.storage.writeStateFile(location, `${snapshot.vertexId}-${snapshot.subtaskIndex}.state`, bytes);
        this.reports.acknowledge(checkpointId, {
          vertexId: snapshot.vertexId,
          subtaskIndex: snapshot.subtaskIndex,
          parallelism: snapshot.parallelism,
          steps,
          file,
        });
      } catch (err) {
        this.reports.decline(checkpointId, `task ${snapshot.vertexId}#${snapshot.subtaskIndex} could not store its state: ${(err as Error).message}`);
      }
    })();
  }

  sourceEnded(): void {
    this.reports.sourceEnded();
  }
}
