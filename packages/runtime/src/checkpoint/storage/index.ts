/**
 * Checkpoint storage: where checkpoints and savepoints live (`file:///dir` or
 * `s3://bucket/prefix`), and the `_metadata` envelope. The S3 implementation itself is the
 * `@weir/runtime/s3` subpath export, so that this entry never loads the AWS SDK.
 */
export type { CheckpointStorage, CheckpointLocation, StateFileHandle, ReadMetadataResult } from './checkpoint-storage.js';
export { FileCheckpointStorage, createFileCheckpointStorage, type FileCheckpointStorageOptions } from './file-checkpoint-storage.js';
export { createCheckpointStorage, type CreateCheckpointStorageOptions } from './create-checkpoint-storage.js';
export { encodeMetadata, decodeMetadata } from './metadata-codec.js';
export { retainCompletedCheckpoints } from './retain-completed-checkpoints.js';
