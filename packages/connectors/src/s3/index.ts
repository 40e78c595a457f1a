/** S3-compatible object storage: an exactly-once (two-phase commit) file sink. */
export { s3FileSink } from './s3-file-sink.js';
export type { S3FileSinkOptions } from './config.js';
