import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { CheckpointLocation, CheckpointStorage, ReadMetadataResult, StateFileHandle } from './checkpoint-storage.js';
import { checkpointNotFoundError, checkpointStorageError, storageConfigError, storageMisuseError } from './checkpoint-storage-errors.js';
import { assertMetadataEnvelope, openMetadata } from './metadata-envelope.js';
import { assertJobId, assertRelativePath, assertStateFileName, lastSegment, storageLayout } from './storage-layout.js';
import { childDirectory, directoryUri, parseStorageUri, type FileStorageUri } from './storage-uri.js';

/** Options of {@link createFileCheckpointStorage}. */
export interface FileCheckpointStorageOptions {
  /** Where savepoints go when a request names no directory (a `file:///` URI); default `<root>/savepoints/`. */
  readonly savepointDirectory?: string;
}

/** Node error codes after which the same file operation may well succeed. */
const TRANSIENT_FS_CODES = new Set(['EAGAIN', 'EBUSY', 'EINTR', 'EMFILE', 'ENFILE', 'ETIMEDOUT']);

/**
 * Checkpoint storage in a local directory (`file:///abs/dir`): the embedded default, and what
 * single-machine tests use. Every file is written to a temporary name in its directory,
 * flushed, then renamed into place, so a crash leaves either the whole file or none of it
 * (and `_metadata`'s directory is flushed too, so a completed checkpoint survives a power
 * loss). Temporary names start with `.` and are never read.
 */
export class FileCheckpointStorage implements CheckpointStorage {
  private readonly root: FileStorageUri;
  private readonly savepoints: FileStorageUri;

  /** @param root a `file:///absolute/dir` URI; anything else is `ERR_CONFIG_INVALID`. */
  constructor(root: string, options: FileCheckpointStorageOptions = {}) {
    this.root = parseFileUri(root, 'checkpoint storage root');
    this.savepoints =
      options.savepointDirectory === undefined
        ? childDirectory(this.root, storageLayout.defaultSavepointDirectoryName)
        : parseFileUri(options.savepointDirectory, 'default savepoint directory');
  }

  checkpointLocation(jobId: string, checkpointId: number): CheckpointLocation {
    assertJobId(jobId);
    const dir = childDirectory(childDirectory(this.root, jobId), storageLayout.checkpointDirectoryName(checkpointId));
    return { uri: directoryUri(dir) };
  }

  savepointLocation(targetDirectory: string | undefined, jobId: string): CheckpointLocation {
    const parent = targetDirectory === undefined ? this.savepoints : parseFileUri(targetDirectory, 'savepoint target directory');
    return { uri: directoryUri(childDirectory(parent, storageLayout.savepointDirectoryName(jobId))) };
  }

  async writeStateFile(location: CheckpointLocation, name: string, bytes: Uint8Array): Promise<StateFileHandle> {
    assertStateFileName(name);
    const dir = this.directoryOf(location);
    await writeAtomically(join(dir, name), bytes, false);
    return { relativePath: name, size: bytes.length };
  }

  async writeMetadata(location: CheckpointLocation, metadata: Uint8Array): Promise<string> {
    assertMetadataEnvelope(metadata, location.uri);
    const dir = this.directoryOf(location);
    await writeAtomically(join(dir, storageLayout.metadataFileName), metadata, true);
    return location.uri;
  }

  async readMetadata(pointer: string): Promise<ReadMetadataResult> {
    const parsed = parseFileUri(pointer, 'checkpoint pointer');
    const dir = lastSegment(parsed.path) === storageLayout.metadataFileName ? dirname(parsed.path) : parsed.path;
    const file = join(dir, storageLayout.metadataFileName);
    let metadata: Uint8Array;
    try {
      metadata = await readFile(file);
    } catch (err) {
      if (isMissing(err)) {
        throw checkpointNotFoundError(
          `no completed checkpoint at ${pointer}: ${file} does not exist (the checkpoint never completed, was discarded, or the pointer is wrong)`,
          err,
        );
      }
      throw fileError(`reading ${file}`, err);
    }
    openMetadata(metadata, pointer);
    return { metadata, location: { uri: directoryUri({ scheme: 'file', path: dir }) } };
  }

  async readStateFile(location: CheckpointLocation, relativePath: string): Promise<Uint8Array> {
    assertRelativePath(relativePath, location.uri);
    const file = join(this.directoryOf(location), ...relativePath.split('/'));
    try {
      return await readFile(file);
    } catch (err) {
      if (isMissing(err)) throw checkpointNotFoundError(`state file ${relativePath} of checkpoint ${location.uri} does not exist (${file})`, err);
      throw fileError(`reading ${file}`, err);
    }
  }

  async listCompletedCheckpoints(jobId: string): Promise<number[]> {
    assertJobId(jobId);
    const jobDir = join(this.root.path, jobId);
    let names: string[];
    try {
      names = await readdir(jobDir);
    } catch (err) {
      if (isMissing(err)) return [];
      throw fileError(`listing ${jobDir}`, err);
    }
    const ids: number[] = [];
    for (const name of names) {
      const id = storageLayout.parseCheckpointDirectoryName(name);
      if (id === undefined) continue;
      const file = join(jobDir, name, storageLayout.metadataFileName);
      try {
        if ((await stat(file)).isFile()) ids.push(id);
      } catch (err) {
        if (!isMissing(err)) throw fileError(`checking ${file}`, err);
      }
    }
    return ids.sort((a, b) => a - b);
  }

  async discard(location: CheckpointLocation): Promise<void> {
    const dir = this.directoryOf(location);
    if (!storageLayout.isDiscardableDirectoryName(basename(dir))) {
      throw storageMisuseError(`refusing to discard ${location.uri}: not a chk-<n> or savepoint-… directory`);
    }
    const metadata = join(dir, storageLayout.metadataFileName);
    try {
      // First, so that a discard interrupted half-way never leaves a checkpoint that looks complete.
      await unlink(metadata);
    } catch (err) {
      if (!isMissing(err)) throw fileError(`deleting ${metadata}`, err);
    }
    try {
      await rm(dir, { recursive: true, force: true });
    } catch (err) {
      throw fileError(`deleting ${dir}`, err);
    }
  }

  describe(): string {
    return `file checkpoint storage at ${directoryUri(this.root)} (savepoints at ${directoryUri(this.savepoints)})`;
  }

  /** The local directory of a location this storage (or a pointer of its scheme) produced. */
  private directoryOf(location: CheckpointLocation): string {
    const parsed = parseStorageUri(location.uri, 'checkpoint location');
    if (parsed.scheme !== 'file') throw storageMisuseError(`${location.uri} is not a location of ${this.describe()}`);
    return parsed.path;
  }
}

/** A {@link FileCheckpointStorage} rooted at a `file:///absolute/dir` URI. */
export function createFileCheckpointStorage(root: string, options: FileCheckpointStorageOptions = {}): FileCheckpointStorage {
  return new FileCheckpointStorage(root, options);
}

function parseFileUri(uri: string, what: string): FileStorageUri {
  const parsed = parseStorageUri(uri, what);
  if (parsed.scheme !== 'file') throw storageConfigError(`${what} ${JSON.stringify(uri)} is invalid: file checkpoint storage takes file:/// URIs only`);
  return parsed;
}

/**
 * Writes a file so that readers see all of it or nothing: a unique temporary name in the same
 * directory (so the rename stays on one file system), flushed, then renamed over the target.
 * With `syncDirectory` the directory entry is flushed as well, making the rename durable.
 */
async function writeAtomically(path: string, bytes: Uint8Array, syncDirectory: boolean): Promise<void> {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await mkdir(dir, { recursive: true });
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
    if (syncDirectory) {
      const dirHandle = await open(dir, 'r');
      try {
        await dirHandle.sync();
      } finally {
        await dirHandle.close();
      }
    }
  } catch (err) {
    // The write failed and that failure is what the caller must see; a temporary file that
    // cannot be removed either is harmless (never read, removed by discard with its directory).
    await rm(temp, { force: true }).catch(() => undefined);
    throw fileError(`writing ${path}`, err);
  }
}

function isMissing(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

function fileError(action: string, err: unknown): Error {
  const code = (err as { code?: unknown }).code;
  return checkpointStorageError(`checkpoint storage failed ${action}`, err, typeof code === 'string' && TRANSIENT_FS_CODES.has(code));
}
