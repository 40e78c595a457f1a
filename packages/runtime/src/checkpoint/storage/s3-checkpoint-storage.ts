import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  UploadPartCommand,
  type CompletedPart,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { CheckpointLocation, CheckpointStorage, ReadMetadataResult, StateFileHandle } from './checkpoint-storage.js';
import { checkpointNotFoundError, checkpointStorageError, storageConfigError, storageMisuseError } from './checkpoint-storage-errors.js';
import { mapBounded } from './map-bounded.js';
import { assertMetadataEnvelope, openMetadata } from './metadata-envelope.js';
import { assertJobId, assertRelativePath, assertStateFileName, lastSegment, storageLayout } from './storage-layout.js';
import { childDirectory, directoryUri, parseStorageUri, type S3StorageUri } from './storage-uri.js';
import { isRetriableS3Error, isS3NotFound, wrapS3Error } from './wrap-s3-error.js';

const MiB = 1024 * 1024;
/** S3's smallest part (all but the last) and largest part count. */
const MIN_PART_BYTES = 5 * MiB;
const MAX_PARTS = 10_000;

/** Options of {@link createS3CheckpointStorage}; sizes in bytes. */
export interface S3CheckpointStorageOptions {
  /** Where savepoints go when a request names no directory (an `s3://` URI); default `<root>/savepoints/`. */
  readonly savepointDirectory?: string;
  /** State files larger than this are uploaded in parts; default 16 MiB. */
  readonly multipartThresholdBytes?: number;
  /** The size of every part but the last; default 8 MiB, at least 5 MiB (S3's minimum). */
  readonly partSizeBytes?: number;
  /** Parts of one file in flight at once; default 4. */
  readonly uploadConcurrency?: number;
  /** `_metadata` existence checks in flight at once when listing; default 8. */
  readonly listConcurrency?: number;
  /** Keys per DeleteObjects request; default 1000, S3's maximum. */
  readonly deleteBatchSize?: number;
}

/**
 * Checkpoint storage in S3 or any S3-compatible server (`s3://bucket/prefix`), through an
 * injected `S3Client`: endpoint, region, credentials, path-style addressing and retries are
 * the client's configuration, and the client stays the caller's to destroy.
 *
 * Atomicity comes from S3 itself: an object appears whole or not at all, including a
 * multipart upload, which becomes visible only when completed (a failed one is aborted).
 * Failures are `ERR_CHECKPOINT_STORAGE`, `retriable` for network errors, throttling and 5xx
 * answers, with the SDK's error as cause; messages name `s3://` URIs, never credentials.
 */
export class S3CheckpointStorage implements CheckpointStorage {
  private readonly root: S3StorageUri;
  private readonly savepoints: S3StorageUri;
  private readonly multipartThreshold: number;
  private readonly partSize: number;
  private readonly uploadConcurrency: number;
  private readonly listConcurrency: number;
  private readonly deleteBatchSize: number;

  /** @param root an `s3://bucket/prefix` URI; anything else is `ERR_CONFIG_INVALID`. */
  constructor(
    private readonly client: S3Client,
    root: string,
    options: S3CheckpointStorageOptions = {},
  ) {
    this.root = parseS3Uri(root, 'checkpoint storage root');
    this.savepoints =
      options.savepointDirectory === undefined
        ? childDirectory(this.root, storageLayout.defaultSavepointDirectoryName)
        : parseS3Uri(options.savepointDirectory, 'default savepoint directory');
    this.multipartThreshold = positiveInteger(options.multipartThresholdBytes ?? 16 * MiB, 'multipartThresholdBytes', 1);
    this.partSize = positiveInteger(options.partSizeBytes ?? 8 * MiB, 'partSizeBytes', MIN_PART_BYTES);
    this.uploadConcurrency = positiveInteger(options.uploadConcurrency ?? 4, 'uploadConcurrency', 1);
    this.listConcurrency = positiveInteger(options.listConcurrency ?? 8, 'listConcurrency', 1);
    this.deleteBatchSize = positiveInteger(options.deleteBatchSize ?? 1000, 'deleteBatchSize', 1);
    if (this.deleteBatchSize > 1000) throw storageConfigError(`deleteBatchSize must be at most 1000 (S3's limit), got ${this.deleteBatchSize}`);
  }

  checkpointLocation(jobId: string, checkpointId: number): CheckpointLocation {
    assertJobId(jobId);
    const dir = childDirectory(childDirectory(this.root, jobId), storageLayout.checkpointDirectoryName(checkpointId));
    return { uri: directoryUri(dir) };
  }

  savepointLocation(targetDirectory: string | undefined, jobId: string): CheckpointLocation {
    const parent = targetDirectory === undefined ? this.savepoints : parseS3Uri(targetDirectory, 'savepoint target directory');
    return { uri: directoryUri(childDirectory(parent, storageLayout.savepointDirectoryName(jobId))) };
  }

  async writeStateFile(location: CheckpointLocation, name: string, bytes: Uint8Array): Promise<StateFileHandle> {
    assertStateFileName(name);
    const dir = this.directoryOf(location);
    const key = `${dir.prefix}${name}`;
    if (bytes.length > this.multipartThreshold) await this.uploadInParts(dir.bucket, key, bytes);
    else await this.put(dir.bucket, key, bytes);
    return { relativePath: name, size: bytes.length };
  }

  async writeMetadata(location: CheckpointLocation, metadata: Uint8Array): Promise<string> {
    assertMetadataEnvelope(metadata, location.uri);
    const dir = this.directoryOf(location);
    await this.put(dir.bucket, `${dir.prefix}${storageLayout.metadataFileName}`, metadata);
    return location.uri;
  }

  async readMetadata(pointer: string): Promise<ReadMetadataResult> {
    let dir = parseS3Uri(pointer, 'checkpoint pointer');
    if (lastSegment(dir.prefix) === storageLayout.metadataFileName) {
      dir = { ...dir, prefix: dir.prefix.slice(0, -(storageLayout.metadataFileName.length + 1)) };
    }
    const key = `${dir.prefix}${storageLayout.metadataFileName}`;
    let metadata: Uint8Array;
    try {
      metadata = await this.get(dir.bucket, key);
    } catch (err) {
      if (isS3NotFound(err)) {
        throw checkpointNotFoundError(
          `no completed checkpoint at ${pointer}: s3://${dir.bucket}/${key} does not exist (the checkpoint never completed, was discarded, or the pointer is wrong)`,
          err,
        );
      }
      throw wrapS3Error(`reading s3://${dir.bucket}/${key}`, err);
    }
    openMetadata(metadata, pointer);
    return { metadata, location: { uri: directoryUri(dir) } };
  }

  async readStateFile(location: CheckpointLocation, relativePath: string): Promise<Uint8Array> {
    assertRelativePath(relativePath, location.uri);
    const dir = this.directoryOf(location);
    const key = `${dir.prefix}${relativePath}`;
    try {
      return await this.get(dir.bucket, key);
    } catch (err) {
      if (isS3NotFound(err)) throw checkpointNotFoundError(`state file ${relativePath} of checkpoint ${location.uri} does not exist`, err);
      throw wrapS3Error(`reading s3://${dir.bucket}/${key}`, err);
    }
  }

  async listCompletedCheckpoints(jobId: string): Promise<number[]> {
    assertJobId(jobId);
    const jobPrefix = `${this.root.prefix}${jobId}/`;
    const candidates: number[] = [];
    let token: string | undefined;
    do {
      let page;
      try {
        page = await this.client.send(
          new ListObjectsV2Command({ Bucket: this.root.bucket, Prefix: jobPrefix, Delimiter: '/', ContinuationToken: token }),
        );
      } catch (err) {
        throw wrapS3Error(`listing s3://${this.root.bucket}/${jobPrefix}`, err);
      }
      for (const common of page.CommonPrefixes ?? []) {
        const id = storageLayout.parseCheckpointDirectoryName(lastSegment(common.Prefix ?? ''));
        if (id !== undefined) candidates.push(id);
      }
      token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
    // A chk-<n>/ prefix exists as soon as its first state file does; only `_metadata` makes it complete.
    const complete = await mapBounded(candidates, this.listConcurrency, async (id) => {
      const key = `${jobPrefix}${storageLayout.checkpointDirectoryName(id)}/${storageLayout.metadataFileName}`;
      try {
        await this.client.send(new HeadObjectCommand({ Bucket: this.root.bucket, Key: key }));
        return true;
      } catch (err) {
        if (isS3NotFound(err)) return false;
        throw wrapS3Error(`checking s3://${this.root.bucket}/${key}`, err);
      }
    });
    return candidates.filter((_, i) => complete[i]).sort((a, b) => a - b);
  }

  async discard(location: CheckpointLocation): Promise<void> {
    const dir = this.directoryOf(location);
    if (!storageLayout.isDiscardableDirectoryName(lastSegment(dir.prefix))) {
      throw storageMisuseError(`refusing to discard ${location.uri}: not a chk-<n> or savepoint-… directory`);
    }
    const metadataKey = `${dir.prefix}${storageLayout.metadataFileName}`;
    try {
      // First, so that a discard interrupted half-way never leaves a checkpoint that looks complete.
      await this.client.send(new DeleteObjectCommand({ Bucket: dir.bucket, Key: metadataKey }));
    } catch (err) {
      throw wrapS3Error(`deleting s3://${dir.bucket}/${metadataKey}`, err);
    }
    let token: string | undefined;
    do {
      let page;
      try {
        page = await this.client.send(
          new ListObjectsV2Command({ Bucket: dir.bucket, Prefix: dir.prefix, MaxKeys: this.deleteBatchSize, ContinuationToken: token }),
        );
      } catch (err) {
        throw wrapS3Error(`listing s3://${dir.bucket}/${dir.prefix}`, err);
      }
      const objects = (page.Contents ?? []).flatMap((o) => (o.Key === undefined ? [] : [{ Key: o.Key }]));
      if (objects.length > 0) await this.deleteBatch(dir.bucket, objects);
      token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
  }

  describe(): string {
    return (
      `S3 checkpoint storage at ${directoryUri(this.root)} (savepoints at ${directoryUri(this.savepoints)}; ` +
      `multipart above ${formatBytes(this.multipartThreshold)} in ${formatBytes(this.partSize)} parts)`
    );
  }

  private async put(bucket: string, key: string, bytes: Uint8Array): Promise<void> {
    try {
      await this.client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes, ContentLength: bytes.length }));
    } catch (err) {
      throw wrapS3Error(`writing s3://${bucket}/${key}`, err);
    }
  }

  private async get(bucket: string, key: string): Promise<Uint8Array> {
    const res = await this.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    if (res.Body === undefined) throw new Error(`GetObject s3://${bucket}/${key} returned no body`);
    return await res.Body.transformToByteArray();
  }

  /**
   * A multipart upload in `partSize` parts, `uploadConcurrency` at a time. On any failure the
   * parts in flight settle first, then the upload is aborted so that no part lingers.
   */
  private async uploadInParts(bucket: string, key: string, bytes: Uint8Array): Promise<void> {
    const uri = `s3://${bucket}/${key}`;
    const partCount = Math.ceil(bytes.length / this.partSize);
    if (partCount > MAX_PARTS) {
      throw storageMisuseError(`state file ${uri} of ${bytes.length} bytes needs ${partCount} parts of ${this.partSize} bytes; S3 allows ${MAX_PARTS}`);
    }
    let uploadId: string | undefined;
    try {
      uploadId = (await this.client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }))).UploadId;
    } catch (err) {
      throw wrapS3Error(`starting a multipart upload of ${uri}`, err);
    }
    if (uploadId === undefined) throw checkpointStorageError(`checkpoint storage failed starting a multipart upload of ${uri}`, 'the server returned no upload id', false);
    const UploadId = uploadId;
    try {
      const parts = await mapBounded(
        Array.from({ length: partCount }, (_, i) => i + 1),
        this.uploadConcurrency,
        async (PartNumber): Promise<CompletedPart> => {
          const body = bytes.subarray((PartNumber - 1) * this.partSize, Math.min(PartNumber * this.partSize, bytes.length));
          const res = await this.client.send(
            new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber, Body: body, ContentLength: body.length }),
          );
          if (res.ETag === undefined) throw new Error(`part ${PartNumber} of ${uri} was stored without an ETag`);
          // Pass the part checksums the SDK had the server verify, as @aws-sdk/lib-storage does.
          return {
            PartNumber,
            ETag: res.ETag,
            ...(res.ChecksumCRC32 !== undefined && { ChecksumCRC32: res.ChecksumCRC32 }),
            ...(res.ChecksumCRC32C !== undefined && { ChecksumCRC32C: res.ChecksumCRC32C }),
            ...(res.ChecksumSHA1 !== undefined && { ChecksumSHA1: res.ChecksumSHA1 }),
            ...(res.ChecksumSHA256 !== undefined && { ChecksumSHA256: res.ChecksumSHA256 }),
          };
        },
      );
      await this.client.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId, MultipartUpload: { Parts: parts } }));
    } catch (err) {
      let abortNote = '';
      try {
        await this.client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId }));
      } catch (abortErr) {
        // The upload's own failure is what the caller must see; a failed abort only leaves
        // invisible parts behind (a bucket lifecycle rule removes them), so say so and go on.
        abortNote = ` (aborting upload ${UploadId} failed too: ${abortErr instanceof Error ? abortErr.message : String(abortErr)})`;
      }
      throw checkpointStorageError(`checkpoint storage failed uploading ${uri} in ${partCount} parts${abortNote}`, err, isRetriableS3Error(err));
    }
  }

  private async deleteBatch(bucket: string, objects: { Key: string }[]): Promise<void> {
    let res;
    try {
      res = await this.client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects, Quiet: true } }));
    } catch (err) {
      throw wrapS3Error(`deleting ${objects.length} objects under s3://${bucket}/`, err);
    }
    const failed = res.Errors ?? [];
    if (failed.length > 0) {
      const first = failed[0]!;
      const cause = Object.assign(new Error(first.Message ?? 'delete failed'), { name: first.Code ?? 'DeleteError' });
      throw checkpointStorageError(
        `checkpoint storage failed deleting ${failed.length} of ${objects.length} objects, first s3://${bucket}/${first.Key ?? '?'}`,
        cause,
        isRetriableS3Error(cause),
      );
    }
  }

  /** The bucket and key prefix of a location this storage (or a pointer of its scheme) produced. */
  private directoryOf(location: CheckpointLocation): S3StorageUri {
    const parsed = parseStorageUri(location.uri, 'checkpoint location');
    if (parsed.scheme !== 's3') throw storageMisuseError(`${location.uri} is not a location of ${this.describe()}`);
    return parsed;
  }
}

/**
 * An {@link S3CheckpointStorage} at `s3://bucket/prefix` through an injected client (the
 * caller sets endpoint, region, credentials and `forcePathStyle` for a local endpoint).
 */
export function createS3CheckpointStorage(client: S3Client, root: string, options: S3CheckpointStorageOptions = {}): S3CheckpointStorage {
  return new S3CheckpointStorage(client, root, options);
}

function parseS3Uri(uri: string, what: string): S3StorageUri {
  const parsed = parseStorageUri(uri, what);
  if (parsed.scheme !== 's3') throw storageConfigError(`${what} ${JSON.stringify(uri)} is invalid: S3 checkpoint storage takes s3:// URIs only`);
  return parsed;
}

function positiveInteger(value: number, name: string, min: number): number {
  if (!Number.isSafeInteger(value) || value < min) throw storageConfigError(`${name} must be an integer of at least ${min}, got ${value}`);
  return value;
}

function formatBytes(n: number): string {
  return n % MiB === 0 ? `${n / MiB} MiB` : `${n} bytes`;
}
