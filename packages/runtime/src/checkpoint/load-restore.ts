import { WeirError } from '@weir/operators';
import { operatorSnapshotForSubtask, type OperatorSnapshot } from '@weir/operators/engine';
import type { JobGraph } from '../plan/job-graph.js';
import { isCheckpointMetadata, type CheckpointMetadata } from './checkpoint-metadata.js';
import { decodeMetadata } from './storage/metadata-codec.js';
import type { CheckpointStorage } from './storage/checkpoint-storage.js';
import { decodeTaskSnapshot } from './task-state-codec.js';

/** What a restored run gives each operator: its step's snapshot for one subtask. */
export type RestoreLookup = (vertexId: string, subtaskIndex: number, stepId: string) => OperatorSnapshot | undefined;

/** A checkpoint or savepoint read back for a restore. */
export interface LoadedRestore {
  readonly metadata: CheckpointMetadata;
  readonly pointer: string;
  /** Per step id, the snapshots of its old subtasks (index = old subtask). */
  readonly steps: ReadonlyMap<string, OperatorSnapshot[]>;
}

/**
 * Reads a checkpoint's `_metadata` and state files. Refuses a missing or damaged
 * `_metadata` (ERR_CHECKPOINT_NOT_FOUND / ERR_CHECKPOINT_CORRUPT from the storage) and
 * metadata that is not Weir's (ERR_CHECKPOINT_CORRUPT).
 */
export async function loadCheckpoint(storage: CheckpointStorage, pointer: string): Promise<LoadedRestore> {
  const { metadata: bytes, location } = await storage.readMetadata(pointer);
  const metadata = decodeMetadata(bytes, pointer);
  if (!isCheckpointMetadata(metadata)) {
    throw new WeirError('ERR_CHECKPOINT_CORRUPT', `${pointer} holds metadata that is not a Weir checkpoint of a known version`, { domain: 'user' });
  }
  const steps = new Map<string, OperatorSnapshot[]>();
  const files = await Promise.all(metadata.tasks.map((t) => storage.readStateFile(location, t.file.relativePath)));
  metadata.tasks.forEach((task, i) => {
    const snapshot = decodeTaskSnapshot(files[i]!);
    for (const op of snapshot.operators) {
      const list = steps.get(op.stepId) ?? new Array<OperatorSnapshot>(task.parallelism);
      list[task.subtaskIndex] = op;
      steps.set(op.stepId, list);
    }
  });
  for (const [stepId, list] of steps) {
    for (let i = 0; i < list.length; i++) if (!(i in list)) throw new WeirError('ERR_CHECKPOINT_CORRUPT', `${pointer} lacks subtask ${i} of step '${stepId}'`, { domain: 'user', stepId });
  }
  return { metadata, pointer, steps };
}

/**
 * Maps a loaded checkpoint onto a job graph, matched by step id: each new subtask gets the
 * key groups it now owns and its share of operator state (see operatorSnapshotForSubtask),
 * so a job can be restored at another parallelism. State of steps the graph no longer has
 * is an error unless `allowNonRestoredState`.
 */
export function restoreLookup(graph: JobGraph, loaded: LoadedRestore, allowNonRestoredState: boolean): RestoreLookup {
  const present = new Set(graph.logical.nodes.map((n) => n.stepId));
  const hasState = (snapshots: OperatorSnapshot[]): boolean =>
    snapshots.some(
      (s) =>
        s.operatorState !== undefined ||
        (s.keyed?.groups.length ?? 0) > 0 ||
        (s.timers?.groups.length ?? 0) > 0 ||
        (s.broadcast?.states.length ?? 0) > 0,
    );
  const orphans = [...loaded.steps].filter(([step, snapshots]) => !present.has(step) && hasState(snapshots)).map(([step]) => step);
  if (orphans.length > 0 && !allowNonRestoredState) {
    throw new WeirError(
      'ERR_CHECKPOINT_STATE_UNMAPPED',
      `${loaded.pointer} holds state of step(s) ${orphans.map((s) => `'${s}'`).join(', ')} that the job no longer has; restore with allowNonRestoredState to drop it`,
      { domain: 'user', stepId: orphans[0]! },
    );
  }
  const parallelismOf = new Map(graph.vertices.map((v) => [v.id as string, v.parallelism]));
  const cache = new Map<string, OperatorSnapshot | undefined>();
  return (vertexId, subtaskIndex, stepId) => {
    const key = `${vertexId}:${subtaskIndex}:${stepId}`;
    if (!cache.has(key)) {
      const old = loaded.steps.get(stepId);
      const p = parallelismOf.get(vertexId)!;
      cache.set(key, old === undefined ? undefined : operatorSnapshotForSubtask(old, subtaskIndex, p, graph.logical.maxParallelism));
    }
    return cache.get(key);
  };
}
