import { randomBytes } from 'node:crypto';
import { checkpointCorruptError, storageMisuseError } from './checkpoint-storage-errors.js';

/**
 * The names inside checkpoint storage, shared by every implementation (Flink's layout):
 * `<root>/<jobId>/chk-<n>/_metadata` plus state files; savepoints in
 * `<dir>/savepoint-<first 6 of jobId>-<12 hex>/`.
 */
export const storageLayout = {
  /** The file written last; its presence is what makes a checkpoint complete. */
  metadataFileName: '_metadata',
  /** The default savepoint directory below the root, when none is configured. */
  defaultSavepointDirectoryName: 'savepoints',

  /** `chk-<n>`. */
  checkpointDirectoryName(checkpointId: number): string {
    if (!Number.isSafeInteger(checkpointId) || checkpointId < 0) {
      throw storageMisuseError(`a checkpoint id must be a non-negative integer, got ${checkpointId}`);
    }
    return `chk-${checkpointId}`;
  },

  /** The checkpoint id of a `chk-<n>` directory name, or undefined for any other name. */
  parseCheckpointDirectoryName(name: string): number | undefined {
    const m = /^chk-(0|[1-9][0-9]*)$/.exec(name);
    if (m === null) return undefined;
    const id = Number(m[1]);
    return Number.isSafeInteger(id) ? id : undefined;
  },

  /** A fresh `savepoint-<first 6 of jobId>-<12 random hex>` name. */
  savepointDirectoryName(jobId: string): string {
    assertJobId(jobId);
    return `savepoint-${jobId.slice(0, 6)}-${randomBytes(6).toString('hex')}`;
  },

  /**
   * Whether a directory name is one this storage creates (`chk-<n>` or `savepoint-…`): the
   * only directories `discard` deletes, so that a wrong pointer can never wipe a prefix.
   */
  isDiscardableDirectoryName(name: string): boolean {
    return this.parseCheckpointDirectoryName(name) !== undefined || /^savepoint-[A-Za-z0-9_-]+$/.test(name);
  },
} as const;

/** A job id must be one safe path segment (Weir's are 32 hex characters). */
export function assertJobId(jobId: string): void {
  if (!/^[A-Za-z0-9_-]{1,128}$/.test(jobId)) {
    throw storageMisuseError(`a job id must be 1-128 characters of [A-Za-z0-9_-], got ${JSON.stringify(jobId)}`);
  }
}

/** A state file name: one path segment of `[A-Za-z0-9._:-]`, not hidden, not `_metadata`. */
export function assertStateFileName(name: string): void {
  if (!/^[A-Za-z0-9_:-][A-Za-z0-9._:-]{0,199}$/.test(name) || name === storageLayout.metadataFileName) {
    throw storageMisuseError(
      `a state file name must be 1-200 characters of [A-Za-z0-9._:-], not start with '.', and not be '_metadata'; got ${JSON.stringify(name)}`,
    );
  }
}

/**
 * Checks a relative path read back from metadata before it is joined to a directory: it
 * must stay inside the checkpoint directory (no `..`, no absolute path, no empty segment).
 * A path that escapes is corrupt metadata, not something to follow.
 */
export function assertRelativePath(relativePath: string, location: string): void {
  const segments = relativePath.split('/');
  const bad =
    relativePath.length === 0 ||
    relativePath.includes('\\') ||
    relativePath.includes('\0') ||
    segments.some((s) => s === '' || s === '.' || s === '..') ||
    segments[segments.length - 1] === storageLayout.metadataFileName;
  if (bad) {
    throw checkpointCorruptError(`state file path ${JSON.stringify(relativePath)} of checkpoint ${location} is not a path inside the checkpoint directory`);
  }
}

/** The last segment of a directory URI or path that ends in `/`. */
export function lastSegment(directory: string): string {
  const trimmed = directory.endsWith('/') ? directory.slice(0, -1) : directory;
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}
