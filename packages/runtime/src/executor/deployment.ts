import type { CheckpointLocation } from '../checkpoint/storage/checkpoint-storage.js';
import type { TaskStateEntry } from '../checkpoint/checkpoint-metadata.js';
import type { StepCounts } from './job-result.js';

/** What the tasks of a deployment report to the job (the job manager's side). */
export interface DeploymentEvents {
  acknowledge(checkpointId: number, entry: TaskStateEntry): void;
  decline(checkpointId: number, reason: string): void;
  sourceEnded(): void;
  results(name: string, values: unknown[]): void;
}

/**
 * One attempt of a job, deployed: every task opened and running, in this thread or in
 * worker threads. The job run drives checkpoints through it and, on failure, discards it
 * and deploys a new attempt from the latest checkpoint.
 */
export interface Deployment {
  /** Runs until every task finished (resolves with record counts) or one failed (rejects). */
  run(): Promise<Map<string, StepCounts>>;
  /** Resolves once every task is open and running: checkpoints may be triggered from then on. */
  readonly ready: Promise<void>;
  /** Checkpoint `checkpointId` begins; its state goes to `location`. Triggers the sources. */
  begin(checkpointId: number, location: CheckpointLocation): void;
  notifyComplete(checkpointId: number, final: boolean): void;
  /** Stops every task; `run` then resolves. */
  cancel(): Promise<void>;
}
