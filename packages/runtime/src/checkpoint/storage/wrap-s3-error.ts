import type { WeirError } from '@weir/operators';
import { checkpointStorageError } from './checkpoint-storage-errors.js';

/** Socket-level failures after which the same request may succeed. */
const TRANSIENT_NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** S3 error names that mean "slow down" or "try again". */
const TRANSIENT_S3_NAMES = new Set([
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'SlowDown',
  'Throttling',
  'ThrottlingException',
  'RequestThrottled',
  'RequestThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'BandwidthLimitExceeded',
  'InternalError',
  'ServiceUnavailable',
]);

/**
 * Whether an error from the AWS SDK (or the socket under it) is worth retrying: network
 * failures, timeouts, throttling and 5xx answers. 4xx answers (access denied, no such
 * bucket, bad signature) are not: the same request would fail the same way.
 */
export function isRetriableS3Error(err: unknown): boolean {
  if (err instanceof AggregateError && err.errors.some((e) => isRetriableS3Error(e))) return true;
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { name?: unknown; code?: unknown; $retryable?: unknown; $metadata?: { httpStatusCode?: unknown }; cause?: unknown };
  if (e.$retryable !== undefined && e.$retryable !== null) return true;
  const status = e.$metadata?.httpStatusCode;
  if (typeof status === 'number') return status >= 500 || status === 429;
  if (typeof e.code === 'string' && TRANSIENT_NETWORK_CODES.has(e.code)) return true;
  if (typeof e.name === 'string' && TRANSIENT_S3_NAMES.has(e.name)) return true;
  return e.cause !== undefined && e.cause !== err && isRetriableS3Error(e.cause);
}

/** Whether an S3 error says the object (not the bucket) does not exist. */
export function isS3NotFound(err: unknown): boolean {
  const e = err as { name?: unknown; $metadata?: { httpStatusCode?: unknown } };
  return e.name === 'NoSuchKey' || (e.name === 'NotFound' && e.$metadata?.httpStatusCode === 404);
}

/** `ERR_CHECKPOINT_STORAGE` for a failed S3 call, `retriable` as {@link isRetriableS3Error} says, the SDK's error as cause. */
export function wrapS3Error(action: string, err: unknown): WeirError {
  return checkpointStorageError(`checkpoint storage failed ${action}`, err, isRetriableS3Error(err));
}
