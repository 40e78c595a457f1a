import type { S3Client } from '@aws-sdk/client-s3';
import { WeirError } from '@weir/operators';

/** Options of {@link s3FileSink}. */
export interface S3FileSinkOptions<T> {
  /** Never set: carries the record type for the type checker only. */
  readonly __type?: T;
  /** An S3 client configured for the endpoint (path-style for local servers); injected, never created here. */
  readonly client: S3Client | (() => S3Client);
  readonly bucket: string;
  /** Key prefix of the output, without a trailing slash (e.g. `exports/run-1`). */
  readonly prefix: string;
  /** 'jsonl' (one JSON value per line, the default) or 'csv' (needs `columns`). */
  readonly format?: 'jsonl' | 'csv';
  /** CSV columns: the header and, per record, the fields in this order. */
  readonly columns?: readonly string[];
  /** Name for plans and the dashboard. */
  readonly name?: string;
  /** Roll the part being written once it holds this many bytes (default 128 MiB). */
  readonly rollSizeBytes?: number;
  /** Roll the part being written once it is this old, in processing time (default: only at checkpoints). */
  readonly rollIntervalMs?: number;
  /** Parts larger than this are uploaded in several requests (multipart; default 16 MiB). */
  readonly multipartThresholdBytes?: number;
  /** Size of each request of a multipart upload (default 8 MiB; S3's minimum is 5 MiB). */
  readonly partSizeBytes?: number;
}

/** Validated options. */
export interface S3FileSinkConfig<T> {
  readonly client: () => S3Client;
  readonly bucket: string;
  readonly prefix: string;
  readonly format: 'jsonl' | 'csv';
  readonly columns: readonly string[] | undefined;
  readonly name: string;
  readonly rollSizeBytes: number;
  readonly rollIntervalMs: number;
  readonly multipartThresholdBytes: number;
  readonly partSizeBytes: number;
  /** Never set: carries T for the type checker only. */
  readonly __type?: T;
}

/** Validates options when the sink is built; bad values fail with ERR_CONFIG_INVALID. */
export function s3FileSinkConfig<T>(o: S3FileSinkOptions<T>): S3FileSinkConfig<T> {
  const bad = (msg: string): never => {
    throw new WeirError('ERR_CONFIG_INVALID', `s3FileSink: ${msg}`, { domain: 'user' });
  };
  if (typeof o.bucket !== 'string' || !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(o.bucket)) bad(`bucket ${JSON.stringify(o.bucket)} is not a valid bucket name`);
  if (typeof o.prefix !== 'string' || o.prefix.length === 0 || o.prefix.startsWith('/') || o.prefix.endsWith('/')) {
    bad(`prefix ${JSON.stringify(o.prefix)} must be non-empty, without a leading or trailing '/'`);
  }
  const format = o.format ?? 'jsonl';
  if (format !== 'jsonl' && format !== 'csv') bad(`format must be 'jsonl' or 'csv', got ${String(format)}`);
  if (format === 'csv' && (o.columns === undefined || o.columns.length === 0)) bad("format 'csv' needs columns");
  const positive = (name: string, v: number | undefined, fallback: number, min = 1): number => {
    const n = v ?? fallback;
    if (!(n >= min)) bad(`${name} must be a number >= ${min}, got ${String(v)}`);
    return n;
  };
  const client = o.client;
  return {
    rollSizeBytes: positive('rollSizeBytes', o.rollSizeBytes, 128 * 1024 * 1024),
    rollIntervalMs: positive('rollIntervalMs', o.rollIntervalMs, Number.POSITIVE_INFINITY),
    multipartThresholdBytes: positive('multipartThresholdBytes', o.multipartThresholdBytes, 16 * 1024 * 1024),
    partSizeBytes: positive('partSizeBytes', o.partSizeBytes, 8 * 1024 * 1024, 5 * 1024 * 1024),
    client: typeof client === 'function' ? client : () => client,
    bucket: o.bucket,
    prefix: o.prefix,
    format,
    columns: o.columns,
    name: o.name ?? `s3://${o.bucket}/${o.prefix}`,
  };
}
