/**
 * `@weir/runtime/s3`: checkpoint storage in S3 or an S3-compatible server, through an
 * injected `S3Client`. A subpath of its own so that importing `@weir/runtime` never loads
 * the AWS SDK; `createCheckpointStorage` from `@weir/runtime` also reaches it for `s3://` roots.
 */
export { S3CheckpointStorage, createS3CheckpointStorage, type S3CheckpointStorageOptions } from './s3-checkpoint-storage.js';
