import { WeirError } from '@weir/operators';
import type { CheckpointStorage } from './storage/checkpoint-storage.js';
import { createCheckpointStorage } from './storage/create-checkpoint-storage.js';

/** Connection settings of an S3-compatible endpoint for checkpoint storage. */
export interface S3ClientSpec {
  readonly endpoint?: string;
  readonly region: string;
  /** Path-style addressing, which local S3-compatible servers need. Default true. */
  readonly forcePathStyle?: boolean;
  /** Credentials; without them the AWS SDK's default chain (environment, files) applies. */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

/**
 * Where checkpoints go, as plain data that every worker thread can rebuild a storage from:
 * `file:///dir` or `s3://bucket/prefix` with its S3 settings. It may hold credentials: it is
 * passed between threads of one process and never logged or reported.
 */
export interface CheckpointStorageSpec {
  readonly root: string;
  readonly s3?: S3ClientSpec;
  /** Default directory for savepoints (default `<root>/savepoints`). */
  readonly savepointDirectory?: string;
}

/** Builds the storage a spec describes; the AWS SDK is loaded only for an s3:// root. */
export async function storageFromSpec(spec: CheckpointStorageSpec): Promise<CheckpointStorage> {
  const extra = spec.savepointDirectory === undefined ? {} : { savepointDirectory: spec.savepointDirectory };
  if (!spec.root.startsWith('s3://')) return createCheckpointStorage(spec.root, extra);
  if (spec.s3 === undefined) {
    throw new WeirError('ERR_CONFIG_INVALID', `checkpoint storage ${spec.root} needs S3 settings (region, endpoint, credentials)`, { domain: 'user' });
  }
  const { S3Client } = await import('@aws-sdk/client-s3');
  const client = new S3Client({
    region: spec.s3.region,
    forcePathStyle: spec.s3.forcePathStyle ?? true,
    ...(spec.s3.endpoint !== undefined && { endpoint: spec.s3.endpoint }),
    ...(spec.s3.credentials !== undefined && { credentials: spec.s3.credentials }),
  });
  return createCheckpointStorage(spec.root, { s3Client: client, ...extra });
}
