import type { MessagePort } from 'node:worker_threads';
import type { JobArgs, SerializedError } from '@weir/operators';
import type { StepCounts } from './job-result.js';

/** What a slot's worker thread is started with. */
export interface WorkerInit {
  readonly moduleUrl: string;
  readonly args: JobArgs;
  readonly parallelism: number;
  readonly slot: number;
  /** The main thread's graph fingerprint: the worker must build the same graph. */
  readonly fingerprint: string;
  readonly batchSize: number;
  readonly credits: number;
  /** Ports to the other slots, as [slot, port] pairs. */
  readonly peers: readonly (readonly [number, MessagePort])[];
}

/** Main thread → worker. */
export type ToWorker = { readonly t: 'start' } | { readonly t: 'cancel' };

/** Worker → main thread. */
export type FromWorker =
  | { readonly t: 'ready' }
  | { readonly t: 'results'; readonly name: string; readonly values: unknown[] }
  | { readonly t: 'finished'; readonly counts: [string, StepCounts][] }
  | { readonly t: 'canceled' }
  | { readonly t: 'failed'; readonly error: SerializedError };
