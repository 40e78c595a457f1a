import { CopyObjectCommand, DeleteObjectCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { WeirError, type Sink, type SinkWriter } from '@weir/operators';
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
  private lines: string[] = [];
  private staged: StagedPart[] = [];
  private readonly client: S3Client;

  constructor(
    private readonly config: S3FileSinkConfig<T>,
    private readonly encoder: LineEncoder<T>,
    private readonly subtaskIndex: number,
  ) {
    this.client = config.client();
  }

  write(value: T): void {
    this.lines.push(this.encoder.line(value));
  }

  private body(): string {
    const text = this.lines.join('\n') + '\n';
    return this.encoder.header === undefined ? text : `${this.encoder.header}\n${text}`;
  }

  private key(kind: 'pending' | 'final', epoch: string): string {
    const name = `part-${String(this.subtaskIndex).padStart(3, '0')}-${epoch}.${this.encoder.extension}`;
    return kind === 'final' ? `${this.config.prefix}/${name}` : `${this.config.prefix}/.pending/${name}`;
  }

  private async put(key: string, body: string): Promise<void> {
    try {
      await this.client.send(new PutObjectCommand({ Bucket: this.config.bucket, Key: key, Body: body }));
    } catch (err) {
      throw storageError('write', key, err);
    }
  }

  /** Barrier: the epoch's lines become a pending part (durable, invisible to readers of the output). */
  async prepareCommit(checkpointId: number): Promise<void> {
    if (this.lines.length === 0) return;
    const epoch = String(checkpointId).padStart(10, '0');
    const part: StagedPart = { checkpointId, pendingKey: this.key('pending', epoch), finalKey: this.key('final', epoch) };
    await this.put(part.pendingKey, this.body());
    this.lines = [];
    this.staged.push(part);
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
    await this.commitUpTo(Number.POSITIVE_INFINITY);
    if (this.lines.length > 0) {
      await this.put(this.key('final', 'end'), this.body());
      this.lines = [];
    }
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
 * An exactly-once file sink on S3-compatible storage, by two-phase commit with the job's
 * checkpoints: lines accumulate in memory; at each checkpoint barrier they are written as a
 * pending part under `<prefix>/.pending/`; when the checkpoint completes the part is copied
 * to `<prefix>/part-<subtask>-<checkpoint>.<ext>` and the pending object deleted. A restored
 * writer commits the parts its checkpoint recorded (idempotently), so after any failure the
 * committed parts hold every record exactly once. Parts staged for checkpoints that never
 * completed stay under `.pending/` and are never committed.
 *
 * Without checkpoints, everything is written at the end of input.
 */
export function s3FileSink<T>(options: S3FileSinkOptions<T>): Sink<T> {
  const config = s3FileSinkConfig(options);
  const encoder: LineEncoder<T> = config.format === 'csv' ? csvLines<T>(config.columns!) : jsonLines<T>();
  return {
    name: config.name,
    createWriter: (ctx) => new S3FileSinkWriter(config, encoder, ctx.subtaskIndex),
  };
}
