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
