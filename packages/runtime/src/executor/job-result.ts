import type { SerializedError } from '@weir/operators';
import { WeirError, deserializeError } from '@weir/operators';
import type { CompletedCheckpoint } from '../checkpoint/checkpoint-coordinator.js';
import type { CheckpointCounts, CheckpointStats } from '../checkpoint/checkpoint-stats.js';
import type { ExceptionEntry } from './job-run.js';

/** Record counts of one step, summed over its subtasks. */
export interface StepCounts {
  recordsIn: number;
  recordsOut: number;
}

/** What a finished job leaves behind. */
export interface JobResult {
  readonly jobId: string;
  readonly status: 'FINISHED' | 'CANCELED';
  readonly durationMs: number;
  /** Records sent to result sinks, by result name. */
  readonly results: ReadonlyMap<string, unknown[]>;
  /** Per step id. */
  readonly counts: ReadonlyMap<string, StepCounts>;
}

/** A running job. */
export interface JobHandle {
  readonly jobId: string;
  /** Settles when the job finished (bounded input), was cancelled, or failed (ERR_JOB_FAILED). */
  readonly done: Promise<JobResult>;
  /** Results received so far, by result name (the same arrays `done` resolves with). */
  results<T = unknown>(name: string): readonly T[];
  cancel(): Promise<void>;
  /** Failures of attempts, oldest first, with their causes. */
  readonly exceptionHistory: readonly ExceptionEntry[];
  /** How many times the job restarted after a failure. */
  readonly restarts: number;
  /** Checkpoint counters, recent history and the latest completed checkpoint. */
  checkpoints(): { counts: CheckpointCounts; history: readonly CheckpointStats[]; latest: CompletedCheckpoint | undefined };
  /** Takes a savepoint while the job runs (needs checkpoint storage). */
  triggerSavepoint(targetDirectory?: string): Promise<CompletedCheckpoint>;
  /** Takes a savepoint, then cancels the job. */
  stopWithSavepoint(targetDirectory?: string): Promise<CompletedCheckpoint>;
}

/** The error a job fails with: it names the step and keeps the original error as cause. */
export function jobFailedError(jobId: string, cause: unknown): WeirError {
  const err = cause instanceof Error ? cause : deserializeError(cause as SerializedError);
  const stepId = (err as { stepId?: string }).stepId;
  const where = stepId === undefined ? '' : ` in step '${stepId}'`;
  return new WeirError('ERR_JOB_FAILED', `job ${jobId} failed${where}: ${err.message}`, {
    domain: (err as { domain?: 'user' | 'external' | 'internal' }).domain ?? 'internal',
    ...(stepId !== undefined && { stepId }),
    cause: err,
  });
}

/** Adds one subtask's counts to a job's totals. */
export function addCounts(into: Map<string, StepCounts>, from: Iterable<[string, StepCounts]>): void {
  for (const [step, c] of from) {
    const total = into.get(step) ?? { recordsIn: 0, recordsOut: 0 };
    total.recordsIn += c.recordsIn;
    total.recordsOut += c.recordsOut;
    into.set(step, total);
  }
}
