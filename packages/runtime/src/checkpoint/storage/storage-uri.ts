import { fileURLToPath, pathToFileURL } from 'node:url';
import { storageConfigError } from './checkpoint-storage-errors.js';

/** A local directory: an absolute path without a trailing `/` (except the root `/` itself). */
export interface FileStorageUri {
  readonly scheme: 'file';
  readonly path: string;
}

/** A key prefix in a bucket: `''` or segments joined by `/` with a trailing `/`. */
export interface S3StorageUri {
  readonly scheme: 's3';
  readonly bucket: string;
  readonly prefix: string;
}

/** A parsed storage URI: where a root, a savepoint directory or a checkpoint pointer lives. */
export type StorageUri = FileStorageUri | S3StorageUri;

const EXPECTED = 'expected file:///absolute/dir or s3://bucket/prefix';

/**
 * Parses a storage URI, `file:///absolute/dir` or `s3://bucket/prefix`, refusing anything
 * else (relative paths, bare paths, a file URI with a host, a missing or invalid bucket,
 * `.`/`..`/empty segments, other schemes) with `ERR_CONFIG_INVALID` naming `what` it is.
 */
export function parseStorageUri(uri: string, what: string): StorageUri {
  const fail = (why: string): never => {
    throw storageConfigError(`${what} ${JSON.stringify(uri)} is invalid: ${why}`);
  };
  if (uri.startsWith('file:')) {
    // `new URL` would quietly turn `file:dir` or `file://dir/x` into absolute paths; insist on the exact form.
    if (!uri.startsWith('file:///') && !uri.startsWith('file://localhost/')) {
      fail('a file URI must name an absolute directory, as file:///absolute/dir');
    }
    if (/[?#]/.test(uri)) fail('a file URI must not have a query or fragment');
    let path: string;
    try {
      path = fileURLToPath(new URL(uri));
    } catch (err) {
      return fail(err instanceof Error ? err.message : String(err));
    }
    const trimmed = path.length > 1 ? path.replace(/\/+$/, '') : path;
    return { scheme: 'file', path: trimmed === '' ? '/' : trimmed };
  }
  if (uri.startsWith('s3:')) {
    const m = /^s3:\/\/([^/?#]*)(\/.*)?$/.exec(uri);
    if (m === null) return fail('an S3 URI is s3://bucket/prefix');
    const bucket = m[1] ?? '';
    if (bucket === '') fail('the bucket is missing (s3://bucket/prefix)');
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) fail(`bucket name ${JSON.stringify(bucket)} is not a valid S3 bucket name`);
    let rest = (m[2] ?? '').slice(1);
    if (rest.endsWith('/')) rest = rest.slice(0, -1);
    if (rest === '') return { scheme: 's3', bucket, prefix: '' };
    if (/[?#]/.test(rest)) fail('an S3 URI must not have a query or fragment');
    const segments = rest.split('/');
    if (segments.some((s) => s === '' || s === '.' || s === '..')) fail('the key prefix has an empty, "." or ".." segment');
    return { scheme: 's3', bucket, prefix: `${segments.join('/')}/` };
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(uri)) return fail(`unsupported scheme "${uri.slice(0, uri.indexOf(':'))}:"; ${EXPECTED}`);
  return fail(`not a URI (a relative or bare path is ambiguous); ${EXPECTED}`);
}

/** The URI of a directory, always ending in `/`. */
export function directoryUri(uri: StorageUri): string {
  if (uri.scheme === 's3') return `s3://${uri.bucket}/${uri.prefix}`;
  const href = pathToFileURL(uri.path).href;
  return href.endsWith('/') ? href : `${href}/`;
}

/** A child directory of a parsed directory URI. */
export function childDirectory<U extends StorageUri>(uri: U, name: string): U {
  if (uri.scheme === 's3') return { ...uri, prefix: `${uri.prefix}${name}/` };
  const path = (uri as FileStorageUri).path;
  return { ...uri, path: path === '/' ? `/${name}` : `${path}/${name}` };
}
