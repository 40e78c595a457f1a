/**
 * @weir/runtime — everything that executes a job: the job graph with operator chaining,
 * tasks and their exchange with credit-based flow control, and the local mini-cluster
 * (same thread, or one worker thread per slot).
 */
export { buildJobGraph, vertexIdOf, type JobGraph, type JobVertex, type JobEdge, type VertexId } from './plan/job-graph.js';
export { executeInline } from './executor/execute-inline.js';
export { executeModule, loadJobGraph, moduleUrlOf } from './executor/execute-module.js';
export type { RunOptions } from './executor/run-options.js';
export type { JobHandle, JobResult, StepCounts } from './executor/job-result.js';
export type { JobId } from './executor/job-id.js';
export {
  type CheckpointStorage,
  type CheckpointLocation,
  type StateFileHandle,
  type ReadMetadataResult,
  createCheckpointStorage,
  createFileCheckpointStorage,
  retainCompletedCheckpoints,
  encodeMetadata,
  decodeMetadata,
} from './checkpoint/storage/index.js';
export { JobRun, type RestoreSpec, type ExceptionEntry } from './executor/job-run.js';
export type { RestartStrategy } from './executor/restart-strategy.js';
export type { CheckpointConfig } from './checkpoint/checkpoint-config.js';
export type { CheckpointStats, CheckpointCounts } from './checkpoint/checkpoint-stats.js';
export type { CompletedCheckpoint } from './checkpoint/checkpoint-coordinator.js';
export type { CheckpointStorageSpec, S3ClientSpec } from './checkpoint/storage-spec.js';
export type { CheckpointMetadata, TaskStateEntry } from './checkpoint/checkpoint-metadata.js';
