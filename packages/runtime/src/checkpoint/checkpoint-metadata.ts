import type { StateFileHandle } from './storage/checkpoint-storage.js';

/** One task's entry in a checkpoint's `_metadata`. */
export interface TaskStateEntry {
  readonly vertexId: string;
  readonly subtaskIndex: number;
  /** The vertex's parallelism when the checkpoint was taken. */
  readonly parallelism: number;
  /** The steps whose state the file holds. */
  readonly steps: readonly string[];
  readonly file: StateFileHandle;
}

/** What `_metadata` holds: enough to restore every step by its step id. */
export interface CheckpointMetadata {
  readonly version: 1;
  readonly jobId: string;
  readonly checkpointId: number;
  readonly kind: 'checkpoint' | 'savepoint';
  /** Wall-clock time the checkpoint was triggered (ms since the epoch). */
  readonly triggeredAt: number;
  readonly maxParallelism: number;
  readonly tasks: readonly TaskStateEntry[];
}

/** Checks decoded metadata has the shape this version writes. */
export function isCheckpointMetadata(v: unknown): v is CheckpointMetadata {
  const m = v as Partial<CheckpointMetadata> | null;
  return (
    typeof m === 'object' &&
    m !== null &&
    m.version === 1 &&
    typeof m.jobId === 'string' &&
    Number.isInteger(m.checkpointId) &&
    (m.kind === 'checkpoint' || m.kind === 'savepoint') &&
    Number.isInteger(m.maxParallelism) &&
    Array.isArray(m.tasks) &&
    m.tasks.every((t) => typeof t?.vertexId === 'string' && Number.isInteger(t.subtaskIndex) && Array.isArray(t.steps) && typeof t.file?.relativePath === 'string')
  );
}
