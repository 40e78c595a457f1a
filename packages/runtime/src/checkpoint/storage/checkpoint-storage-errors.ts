import { WeirError } from '@weir/operators';

/** The storage itself failed (I/O, network, permissions): `ERR_CHECKPOINT_STORAGE`, domain `external`. */
export function checkpointStorageError(message: string, cause: unknown, retriable: boolean): WeirError {
  const detail = describeCause(cause);
  return new WeirError('ERR_CHECKPOINT_STORAGE', detail === '' ? message : `${message}: ${detail}`, {
    domain: 'external',
    retriable,
    cause,
  });
}

/** Nothing at a location that should hold a completed checkpoint or a state file. */
export function checkpointNotFoundError(message: string, cause?: unknown): WeirError {
  return new WeirError('ERR_CHECKPOINT_NOT_FOUND', message, { domain: 'user', retriable: false, cause });
}

/** Stored checkpoint data that cannot be trusted. */
export function checkpointCorruptError(message: string, cause?: unknown): WeirError {
  return new WeirError('ERR_CHECKPOINT_CORRUPT', message, { domain: 'external', retriable: false, cause });
}

/** A caller broke the storage's contract (a bad name or a foreign location): a bug in Weir. */
export function storageMisuseError(message: string): WeirError {
  return new WeirError('ERR_RUNTIME_INTERNAL', message, { domain: 'internal', retriable: false });
}

/** A malformed URI or option given by the user or the configuration. */
export function storageConfigError(message: string): WeirError {
  return new WeirError('ERR_CONFIG_INVALID', message, { domain: 'user', retriable: false });
}

/**
 * A short description of the original error for the message: its name, code and message.
 * Neither Node's file errors nor the AWS SDK's errors carry credentials (the secret key signs
 * requests and is never sent), so their messages are safe to repeat.
 */
function describeCause(cause: unknown): string {
  if (!(cause instanceof Error)) return cause === undefined ? '' : String(cause);
  const code = (cause as { code?: unknown }).code;
  const status = (cause as { $metadata?: { httpStatusCode?: unknown } }).$metadata?.httpStatusCode;
  const parts = [cause.name !== 'Error' ? cause.name : undefined, typeof code === 'string' && code !== cause.name ? code : undefined];
  if (typeof status === 'number') parts.push(`HTTP ${status}`);
  const label = parts.filter((p) => p !== undefined).join(' ');
  const inner = cause instanceof AggregateError && cause.message === '' ? cause.errors.map((e) => describeCause(e)).join('; ') : cause.message;
  return label === '' ? inner : `${label}: ${inner}`;
}
