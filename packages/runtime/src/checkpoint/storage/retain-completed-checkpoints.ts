import type { CheckpointStorage } from './checkpoint-storage.js';
import { storageConfigError } from './checkpoint-storage-errors.js';

/**
 * Applies retention after a checkpoint completes: keeps a job's `retained` newest completed
 * checkpoints and discards the older ones, oldest first, one at a time. Resolves the ids it
 * discarded. Call it only after the newest checkpoint's `_metadata` is written, so that a
 * restorable checkpoint always remains.
 */
export async function retainCompletedCheckpoints(storage: CheckpointStorage, jobId: string, retained: number): Promise<number[]> {
  if (!Number.isSafeInteger(retained) || retained < 1) {
    throw storageConfigError(`the number of retained checkpoints must be a positive integer, got ${retained}`);
  }
  const completed = await storage.listCompletedCheckpoints(jobId);
  const doomed = completed.slice(0, Math.max(0, completed.length - retained));
  for (const id of doomed) await storage.discard(storage.checkpointLocation(jobId, id));
  return doomed;
}

