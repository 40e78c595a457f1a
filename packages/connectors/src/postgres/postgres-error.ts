import { WeirError, type ErrorCode } from '@weir/operators';

/** SQLSTATE classes after which a retry can succeed: connection, transaction rollback, resources, shutdown. */
const RETRIABLE_CLASSES = new Set(['08', '40', '53', '57']);
/** Node socket errors (no SQLSTATE): the server went away or could not be reached. */
const SOCKET_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH']);

/**
 * Wraps an error of pg / pg-promise in a WeirError with the SQLSTATE (and the server's detail)
 * in the message, `domain` and `retriable` read from the SQLSTATE class.
 */
export function postgresError(code: ErrorCode, what: string, err: unknown): WeirError {
  const e = err as { code?: unknown; message?: unknown; detail?: unknown } | null;
  const sqlState = typeof e?.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) ? e.code : undefined;
  const cls = sqlState?.slice(0, 2);
  const socket = typeof e?.code === 'string' && SOCKET_ERRORS.has(e.code);
  const userClasses = code === 'ERR_POSTGRES_COMMIT' ? ['22', '23'] : ['42'];
  const detail = typeof e?.detail === 'string' ? ` (${e.detail})` : '';
  const message = `${what}: ${String(e?.message ?? err)}${detail}${sqlState === undefined ? '' : ` [SQLSTATE ${sqlState}]`}`;
  return new WeirError(code, message, {
    domain: cls !== undefined && userClasses.includes(cls) ? 'user' : 'external',
    retriable: socket || (cls !== undefined && RETRIABLE_CLASSES.has(cls)) || (sqlState === undefined && !(err instanceof WeirError)),
    cause: err,
  });
}
