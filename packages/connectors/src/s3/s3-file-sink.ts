import { randomBytes } from 'node:crypto';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { WeirError, type Clock, type Sink, type SinkWriter } from '@weir/operators';
import { s3FileSinkConfig, type S3FileSinkConfig, type S3FileSinkOptions } from './config.js';
import { csvLines, jsonLines, type LineEncoder } from './line-encoder.js';

/** A part file written for a checkpoint and not yet known to be committed. */
interface StagedPart {
  readonly checkpointId: number;
  readonly pendingKey: string;
  readonly finalKey: string;
}

/** What a writer checkpoints: its staged parts. */
interface S3FileSinkState {
  readonly staged: readonly StagedPart[];
}

const statusOf = (err: unknown): number | undefined => (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;

function storageError(action: string, key: string, err: unknown): WeirError {
  const status = statusOf(err);
  return new WeirError('ERR_SINK_STORAGE', `s3FileSink could not ${action} ${key}: ${(err as Error).message}`, {
    domain: 'external',
    retriable: status === undefined || status >= 500 || status === 429,
    cause: err,
  });
}

class S3FileSinkWriter<T> implements SinkWriter<T> {
  /** The part being written: only in memory, never visible in the bucket. */
  private lines: string[] = [];
  private bytes = 0;
  private openedAt: number;
  /** Parts rolled since the last barrier: uploaded (or uploading) as pending objects. */
  private rolled: { readonly pendingKey: string; readonly finalKey: string }[] = [];
  private uploads: Promise<void>[] = [];
  private uploadError: unknown;
  private staged: StagedPart[] = [];
  private seq = 0;
  private readonly client: S3Client;
  /** Names this writer's parts apart from those of earlier attempts and other writers. */
  private readonly token = randomBytes(4).toString('hex');

  constructor(
    private readonly config: S3FileSinkConfig<T>,
    private readonly encoder: LineEncoder<T>,
    private readonly subtaskIndex: number,
    private readonly clock: Clock,
  ) {
    this.client = config.client();
    this.openedAt = clock.now();
  }

  write(value: T): void {
    if (this.uploadError !== undefined) throw this.uploadError;
    const line = this.encoder.line(value);
    this.lines.push(line);
    this.bytes += Buffer.byteLength(line) + 1;
    if (this.bytes >= this.config.rollSizeBytes || this.clock.now() - this.openedAt >= this.config.rollIntervalMs) this.roll();
  }

  private body(): string {
    const text = this.lines.join('\n') + '\n';
    return this.encoder.header === undefined ? text : `${this.encoder.header}\n${text}`;
  }

  private key(kind: 'pending' | 'final', id: string): string {
    const name = `part-${String(this.subtaskIndex).padStart(3, '0')}-${id}.${this.encoder.extension}`;
    return kind === 'final' ? `${this.config.prefix}/${name}` : `${this.config.prefix}/.pending/${name}`;
  }

  /**
   * Closes the part being written: it becomes a pending object, uploaded in the background
   * while writing goes on. The barrier waits for every upload of its epoch.
   */
  private roll(): void {
    if (this.lines.length === 0) return;
    const id = `${this.token}-${String(this.seq++).padStart(6, '0')}`;
    const part = { pendingKey: this.key('pending', id), finalKey: this.key('final', id) };
    const body = Buffer.from(this.body());
    this.lines = [];
    this.bytes = 0;
    this.openedAt = this.clock.now();
    this.rolled.push(part);
    this.uploads.push(
      this.upload(part.pendingKey, body).catch((err: unknown) => {
        this.uploadError ??= err;
      }),
    );
  }

  private async upload(key: string, body: Buffer): Promise<void> {
    const { bucket, multipartThresholdBytes, partSizeBytes } = this.config;
    if (body.length <= multipartThresholdBytes) {
      try {
        await this.client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
      } catch (err) {
        throw storageError('write', key, err);
      }
      return;
    }
    let uploadId: string | undefined;
    try {
      uploadId = (await this.client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }))).UploadId;
      const parts: { ETag: string; PartNumber: number }[] = [];
      for (let offset = 0, n = 1; offset < body.length; offset += partSizeBytes, n++) {
        const res = await this.client.send(
          new UploadPartCommand({ Bucket: bucket, Key: key, UploadId: uploadId, PartNumber: n, Body: body.subarray(offset, offset + partSizeBytes) }),
        );
        parts.push({ ETag: res.ETag!, PartNumber: n });
      }
      await this.client.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId, MultipartUpload: { Parts: parts } }));
    } catch (err) {
      if (uploadId !== undefined) await this.client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId })).catch(() => {});
      throw storageError('write', key, err);
    }
  }

  /** Barrier: the part being written is rolled, and every part of the epoch is durably pending. */
  async prepareCommit(checkpointId: number): Promise<void> {
    this.roll();
    await Promise.all(this.uploads);
    this.uploads = [];
    if (this.uploadError !== undefined) throw this.uploadError;
    for (const part of this.rolled) this.staged.push({ checkpointId, ...part });
    this.rolled = [];
  }

  snapshotState(): S3FileSinkState {
    return { staged: this.staged.map((p) => ({ ...p })) };
  }

  restoreState(snapshot: unknown): void {
    const staged = (snapshot as Partial<S3FileSinkState> | null)?.staged;
    if (!Array.isArray(staged)) throw new WeirError('ERR_STATE_UNKNOWN', `s3FileSink cannot restore from ${JSON.stringify(snapshot)}`, { domain: 'user' });
    this.staged.push(...(staged as StagedPart[]));
  }

  /** Restored parts belong to a completed checkpoint: commit them (again, harmlessly, if they were). */
  async open(): Promise<void> {
    await this.commitUpTo(Number.POSITIVE_INFINITY);
  }

  notifyCheckpointComplete(checkpointId: number): Promise<void> {
    return this.commitUpTo(checkpointId);
  }

  /**
   * End of input. It arrives only after the final checkpoint completed, so every staged part
   * may be committed; lines written after it (by operators that emit when they finish) go
   * straight to a final part.
   */
  async flush(): Promise<void> {
    await this.prepareCommit(Number.POSITIVE_INFINITY);
    await this.commitUpTo(Number.POSITIVE_INFINITY);
  }

  /** Moves pending parts of checkpoints up to `checkpointId` to their final keys, idempotently. */
  private async commitUpTo(checkpointId: number): Promise<void> {
    const keep: StagedPart[] = [];
    for (const part of this.staged) {
      if (part.checkpointId > checkpointId) {
        keep.push(part);
        continue;
      }
      await this.commit(part);
    }
    this.staged = keep;
  }

  private async commit(part: StagedPart): Promise<void> {
    const { bucket } = this.config;
    try {
      await this.client.send(new CopyObjectCommand({ Bucket: bucket, Key: part.finalKey, CopySource: `${bucket}/${part.pendingKey}` }));
    } catch (err) {
      if (statusOf(err) !== 404 && (err as Error).name !== 'NoSuchKey') throw storageError('commit', part.finalKey, err);
      // The pending part is gone: committed before (then deleted). Make sure the final one is there.
      try {
        await this.client.send(new HeadObjectCommand({ Bucket: bucket, Key: part.finalKey }));
        return;
      } catch (headErr) {
        throw new WeirError('ERR_SINK_STORAGE', `s3FileSink lost part ${part.finalKey}: neither pending nor committed`, { domain: 'external', cause: headErr });
      }
    }
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: bucket, Key: part.pendingKey }));
    } catch (err) {
      throw storageError('delete', part.pendingKey, err);
    }
  }
}

/**
 * An exactly-once file sink on S3-compatible storage (JSON Lines or CSV), by two-phase commit
 * with the job's checkpoints. A part file goes through three states:
 * - in progress: lines in memory, never visible in the bucket;
 * - pending: rolled (by size, by age in processing time, and at every checkpoint barrier)
 *   and uploaded under `<prefix>/.pending/` in the background (in several requests when
 *   large); the barrier waits until the epoch's parts are there and records them;
 * - committed: when the checkpoint completes, copied to `<prefix>/part-<subtask>-<writer>-<n>.<ext>`
 *   and the pending object deleted.
 * A restored writer commits the parts its checkpoint recorded (idempotently), so after any
 * failure the committed parts hold every record exactly once. Parts pending for checkpoints
 * that never completed stay under `.pending/` and are never committed. Without checkpoints,
 * everything is committed at the end of input.
 */
export function s3FileSink<T>(options: S3FileSinkOptions<T>): Sink<T> {
  const config = s3FileSinkConfig(options);
  const encoder: LineEncoder<T> = config.format === 'csv' ? csvLines<T>(config.columns!) : jsonLines<T>();
  return {
    name: config.name,
    createWriter: (ctx) => new S3FileSinkWriter(config, encoder, ctx.subtaskIndex, ctx.clock),
  };
}
