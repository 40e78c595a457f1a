import type { S3Client } from '@aws-sdk/client-s3';
import type { CheckpointStorage } from './checkpoint-storage.js';
import { storageConfigError } from './checkpoint-storage-errors.js';
import { createFileCheckpointStorage } from './file-checkpoint-storage.js';
import type { S3CheckpointStorageOptions } from './s3-checkpoint-storage.js';
import { parseStorageUri } from './storage-uri.js';

/** Options of {@link createCheckpointStorage}. */
export interface CreateCheckpointStorageOptions {
  /**
   * The S3 client for an `s3://` root, configured by the caller (endpoint, region,
   * credentials, `forcePathStyle: true` for a local endpoint). Required for S3, unused for
   * `file://`; never created here, so that credentials stay where the configuration put them.
   */
  readonly s3Client?: S3Client;
  /** Where savepoints go when a request names no directory; a URI of the root's scheme, default `<root>/savepoints/`. */
  readonly savepointDirectory?: string;
  /** Multipart and batching settings of S3 storage. */
  readonly s3?: Omit<S3CheckpointStorageOptions, 'savepointDirectory'>;
}

/**
 * The checkpoint storage for a configured root URI: `file:///absolute/dir` or
 * `s3://bucket/prefix`. Anything else — a relative or bare path, a file URI with a host, a
 * missing bucket, another scheme, an S3 root without `s3Client` — is `ERR_CONFIG_INVALID`
 * with a message that says what to write instead.
 *
 * Asynchronous because the S3 implementation is loaded only when an `s3://` root asks for
 * it: importing `@weir/runtime` never loads the AWS SDK.
 */
export async function createCheckpointStorage(root: string, options: CreateCheckpointStorageOptions = {}): Promise<CheckpointStorage> {
  const parsed = parseStorageUri(root, 'checkpoint storage root');
  const savepoints = options.savepointDirectory === undefined ? {} : { savepointDirectory: options.savepointDirectory };
  if (parsed.scheme === 'file') return createFileCheckpointStorage(root, savepoints);
  if (options.s3Client === undefined) {
    throw storageConfigError(
      `checkpoint storage root ${JSON.stringify(root)} is in S3, which needs an S3 client: pass one as s3Client (configured with endpoint, region, credentials and forcePathStyle)`,
    );
  }
  const { createS3CheckpointStorage } = await import('./s3-checkpoint-storage.js');
  return createS3CheckpointStorage(options.s3Client, root, { ...options.s3, ...savepoints });
}
