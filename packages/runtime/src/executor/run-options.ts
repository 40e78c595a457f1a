import { WeirError, type Clock, type JobArgs } from '@weir/operators';
import { resolveCheckpointConfig, type CheckpointConfig, type ResolvedCheckpointConfig } from '../checkpoint/checkpoint-config.js';
import type { CheckpointStorageSpec } from '../checkpoint/storage-spec.js';
import type { RestoreSpec } from './job-run.js';
import { newJobId, type JobId } from './job-id.js';
import type { RestartStrategy } from './restart-strategy.js';

/** How to run a job on the local mini-cluster. */
export interface RunOptions {
  /** Default parallelism handed to the job's environment (1). */
  readonly parallelism?: number;
  /** Arguments for a job module's builder. */
  readonly args?: JobArgs;
  /** Records per network batch and per source poll (512). */
  readonly batchSize?: number;
  /** Batches a receiver lets a sender have in flight per channel (4). */
  readonly credits?: number;
  /** Processing time for operators (same-thread runs only; workers use the wall clock). */
  readonly clock?: Clock;
  /** The job's id (32 hex digits); random by default. A job resumed after a crash reuses it. */
  readonly jobId?: string;
  /** Periodic checkpoints and where they are stored; off by default. */
  readonly checkpoints?: CheckpointConfig & { readonly storage: CheckpointStorageSpec };
  /** Start from a checkpoint or savepoint ('latest': this job id's newest checkpoint, if any). */
  readonly restore?: RestoreSpec;
  /** What to do when an attempt fails; default fixed-delay (unlimited, 1 s) with checkpoints, none without. */
  readonly restartStrategy?: RestartStrategy;
}

/** Run options with defaults applied and validated. */
export interface ResolvedRunOptions {
  readonly parallelism: number;
  readonly args: JobArgs;
  readonly batchSize: number;
  readonly credits: number;
  readonly jobId: JobId;
  readonly checkpoints: (ResolvedCheckpointConfig & { readonly storage: CheckpointStorageSpec }) | undefined;
  readonly restore: RestoreSpec | undefined;
  readonly restartStrategy: RestartStrategy;
}

const positiveInt = (name: string, v: number): number => {
  if (!Number.isInteger(v) || v < 1) throw new WeirError('ERR_CONFIG_INVALID', `${name} must be a positive integer, got ${v}`, { domain: 'user' });
  return v;
};

/** Applies defaults and rejects bad values with ERR_CONFIG_INVALID. */
export function resolveRunOptions(o: RunOptions): ResolvedRunOptions {
  if (o.jobId !== undefined && !/^[0-9a-f]{32}$/.test(o.jobId)) {
    throw new WeirError('ERR_CONFIG_INVALID', `jobId must be 32 lowercase hex digits, got ${JSON.stringify(o.jobId)}`, { domain: 'user' });
  }
  const checkpoints = o.checkpoints === undefined ? undefined : { ...resolveCheckpointConfig(o.checkpoints), storage: o.checkpoints.storage };
  return {
    parallelism: positiveInt('parallelism', o.parallelism ?? 1),
    args: o.args ?? {},
    batchSize: positiveInt('batchSize', o.batchSize ?? 512),
    credits: positiveInt('credits', o.credits ?? 4),
    jobId: (o.jobId as JobId | undefined) ?? newJobId(),
    checkpoints,
    restore: o.restore,
    restartStrategy: o.restartStrategy ?? (checkpoints === undefined ? { kind: 'none' } : { kind: 'fixed-delay', attempts: Number.MAX_SAFE_INTEGER, delayMs: 1000 }),
  };
}
