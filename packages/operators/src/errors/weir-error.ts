import type { ErrorCode } from './error-codes.js';

/** Who is at fault: the job author, a service outside Weir, or Weir itself. */
export type ErrorDomain = 'user' | 'external' | 'internal';

/** Options of a {@link WeirError}. */
export interface WeirErrorOptions {
  readonly domain?: ErrorDomain;
  readonly retriable?: boolean;
  readonly stepId?: string;
  readonly cause?: unknown;
}

/**
 * The base of every error Weir throws. Retry decisions read {@link WeirError.retriable},
 * never the message; {@link WeirError.stepId} names the graph node where it happened.
 */
export class WeirError extends Error {
  readonly code: ErrorCode;
  readonly domain: ErrorDomain;
  readonly retriable: boolean;
  readonly stepId: string | undefined;

  constructor(code: ErrorCode, message: string, options: WeirErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'WeirError';
    this.code = code;
    this.domain = options.domain ?? 'internal';
    this.retriable = options.retriable ?? false;
    this.stepId = options.stepId;
  }

  /** A plain, serialisable description (crosses threads and goes into exception histories). */
  toJSON(): SerializedError {
    return serializeError(this);
  }
}

/** An error as it travels between threads and processes. */
export interface SerializedError {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
  readonly stepId?: string;
  readonly domain?: ErrorDomain;
  readonly retriable?: boolean;
  readonly stack?: string;
  readonly cause?: SerializedError;
}

/** Turns any thrown value into a {@link SerializedError}, keeping the chain of causes. */
export function serializeError(err: unknown, depth = 0): SerializedError {
  if (!(err instanceof Error)) return { name: 'NonError', message: String(err) };
  const e = err as Error & Partial<Pick<WeirError, 'code' | 'stepId' | 'domain' | 'retriable'>>;
  const out: { -readonly [K in keyof SerializedError]: SerializedError[K] } = { name: e.name, message: e.message };
  if (typeof e.code === 'string') out.code = e.code;
  if (e.stepId !== undefined) out.stepId = e.stepId;
  if (e.domain !== undefined) out.domain = e.domain;
  if (e.retriable !== undefined) out.retriable = e.retriable;
  if (e.stack !== undefined) out.stack = e.stack;
  if (e.cause !== undefined && depth < 8) out.cause = serializeError(e.cause, depth + 1);
  return out;
}

/** Rebuilds an error from its serialized form (for the side that receives it). */
export function deserializeError(s: SerializedError): Error {
  const cause = s.cause === undefined ? undefined : deserializeError(s.cause);
  let err: Error;
  if (s.code !== undefined && s.code.startsWith('ERR_')) {
    const options: WeirErrorOptions = {
      ...(s.domain !== undefined && { domain: s.domain }),
      ...(s.retriable !== undefined && { retriable: s.retriable }),
      ...(s.stepId !== undefined && { stepId: s.stepId }),
      ...(cause !== undefined && { cause }),
    };
    err = new WeirError(s.code as ErrorCode, s.message, options);
  } else {
    err = new Error(s.message, cause === undefined ? undefined : { cause });
    err.name = s.name;
  }
  if (s.stack !== undefined) err.stack = s.stack;
  return err;
}

/**
 * Wraps what a user function or operator threw into an ERR_USER_FUNCTION error naming the
 * step. An error that already names a step passes through unchanged, so the innermost
 * step wins when operators are chained.
 */
export function userFunctionError(stepId: string, err: unknown): WeirError {
  if (err instanceof WeirError && err.stepId !== undefined) return err;
  const detail = err instanceof Error ? err.message : String(err);
  return new WeirError('ERR_USER_FUNCTION', `step '${stepId}' failed: ${detail}`, { domain: 'user', stepId, cause: err });
}
