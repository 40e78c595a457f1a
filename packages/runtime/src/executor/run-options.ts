import { WeirError, type Clock, type JobArgs } from '@weir/operators';

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
}

/** Run options with defaults applied and validated. */
export interface ResolvedRunOptions {
  readonly parallelism: number;
  readonly args: JobArgs;
  readonly batchSize: number;
  readonly credits: number;
}

const positiveInt = (name: string, v: number): number => {
  if (!Number.isInteger(v) || v < 1) throw new WeirError('ERR_CONFIG_INVALID', `${name} must be a positive integer, got ${v}`, { domain: 'user' });
  return v;
};

/** Applies defaults and rejects bad values with ERR_CONFIG_INVALID. */
export function resolveRunOptions(o: RunOptions): ResolvedRunOptions {
  return {
    parallelism: positiveInt('parallelism', o.parallelism ?? 1),
    args: o.args ?? {},
    batchSize: positiveInt('batchSize', o.batchSize ?? 512),
    credits: positiveInt('credits', o.credits ?? 4),
  };
}
