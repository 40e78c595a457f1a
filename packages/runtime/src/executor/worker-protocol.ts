import type { MessagePort } from 'node:worker_threads';
import type { JobArgs, SerializedError } from '@weir/operators';
import type { OperatorSnapshot } from '@weir/operators/engine';
import type { TaskStateEntry } from '../checkpoint/checkpoint-metadata.js';
import type { CheckpointStorageSpec } from '../checkpoint/storage-spec.js';
import type { CheckpointLocation } from '../checkpoint/storage/checkpoint-storage.js';
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
  /** Checkpointing, when on: the mode and the storage every thread writes its tasks' state to. */
  readonly checkpointing?: { readonly mode: 'exactly-once' | 'at-least-once'; readonly storage: CheckpointStorageSpec };
  /** A restored attempt: what the operators of this slot's tasks restore, keyed `vertexId:subtask:stepId`. */
  readonly restore?: readonly (readonly [string, OperatorSnapshot])[];
}

/** Main thread → worker. */
export type ToWorker =
  | { readonly t: 'start' }
  | { readonly t: 'cancel' }
  | { readonly t: 'begin'; readonly id: number; readonly location: CheckpointLocation }
  | { readonly t: 'complete'; readonly id: number; readonly final: boolean };

/** Worker → main thread. */
export type FromWorker =
  | { readonly t: 'ready' }
  | { readonly t: 'results'; readonly name: string; readonly values: unknown[] }
  | { readonly t: 'finished'; readonly counts: [string, StepCounts][] }
  | { readonly t: 'canceled' }
  | { readonly t: 'failed'; readonly error: SerializedError }
  | { readonly t: 'ack'; readonly id: number; readonly entry: TaskStateEntry }
  | { readonly t: 'decline'; readonly id: number; readonly reason: string }
  | { readonly t: 'source-ended' };
