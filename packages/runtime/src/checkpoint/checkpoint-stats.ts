/** One checkpoint in a job's history (the shape the REST API and dashboard report). */
export interface CheckpointStats {
  readonly id: number;
  readonly kind: 'checkpoint' | 'savepoint';
  status: 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';
  /** Wall-clock trigger time (ms since the epoch). */
  readonly triggeredAt: number;
  /** Milliseconds from trigger to completion or failure. */
  durationMs: number | undefined;
  /** Tasks that acknowledged so far, of `totalTasks`. */
  acknowledged: number;
  readonly totalTasks: number;
  /** Bytes of state written. */
  stateSize: number;
  /** Where a completed checkpoint lives. */
  externalPath: string | undefined;
  /** Why a failed checkpoint failed. */
  failure: string | undefined;
}

/** Counters of a job's checkpoints. */
export interface CheckpointCounts {
  triggered: number;
  completed: number;
  failed: number;
  inProgress: number;
}
