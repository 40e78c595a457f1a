/**
 * Where one checkpoint or savepoint lives: a directory, named by a URI that ends in `/`
 * (`file:///…/chk-7/`, `s3://bucket/prefix/<jobId>/chk-7/`). Once its `_metadata` is
 * written, {@link CheckpointLocation.uri} is the checkpoint's external pointer.
 */
export interface CheckpointLocation {
  /** The directory's URI, always ending in `/`. */
  readonly uri: string;
}

/** A state file written into a checkpoint directory, as the checkpoint's metadata records it. */
export interface StateFileHandle {
  /**
   * The file's path relative to its checkpoint directory, so that a checkpoint or savepoint
   * stays valid when its directory is copied or moved elsewhere.
   */
  readonly relativePath: string;
  /** Its size in bytes. */
  readonly size: number;
}

/** What {@link CheckpointStorage.readMetadata} found behind a pointer. */
export interface ReadMetadataResult {
  /** The `_metadata` bytes, a sound envelope (see `decodeMetadata`). */
  readonly metadata: Uint8Array;
  /** The checkpoint directory: state files are read relative to it. */
  readonly location: CheckpointLocation;
}

/**
 * Durable storage of checkpoints and savepoints, the same for every executor. The layout is
 * Flink's: `<root>/<jobId>/chk-<n>/` holds a checkpoint's state files and, written last,
 * its `_metadata`; a checkpoint is complete exactly when its `_metadata` exists.
 * Savepoints are `<savepoint dir>/savepoint-<first 6 of jobId>-<12 hex>/` with the same
 * contents.
 *
 * Concurrency: different state files may be written concurrently (subtasks upload in
 * parallel); `writeMetadata` must be called once, after every state file of the location
 * is written. Nothing is cached: every call reads the storage.
 *
 * Errors are `WeirError`s: `ERR_CHECKPOINT_STORAGE` (with `retriable` for transient
 * failures and the storage's own error as `cause`), `ERR_CHECKPOINT_NOT_FOUND`,
 * `ERR_CHECKPOINT_CORRUPT`, and `ERR_CONFIG_INVALID` for a malformed URI.
 */
export interface CheckpointStorage {
  /** The directory of checkpoint `checkpointId` of a job: `<root>/<jobId>/chk-<checkpointId>/`. Creates nothing. */
  checkpointLocation(jobId: string, checkpointId: number): CheckpointLocation;

  /**
   * A fresh savepoint directory, `<dir>/savepoint-<first 6 of jobId>-<12 random hex>/`, under
   * `targetDirectory` (a URI of this storage's scheme) or, when it is undefined, under the
   * storage's default savepoint directory. Creates nothing.
   */
  savepointLocation(targetDirectory: string | undefined, jobId: string): CheckpointLocation;

  /**
   * Writes one state file into a location, atomically (a reader sees all of it or nothing).
   * `name` is a plain file name (`[A-Za-z0-9._:-]`, not starting with `.`); writing the same
   * name twice replaces the file.
   */
  writeStateFile(location: CheckpointLocation, name: string, bytes: Uint8Array): Promise<StateFileHandle>;

  /**
   * Writes the location's `_metadata` (an envelope from `encodeMetadata`), atomically, which
   * completes the checkpoint. Call it last. Resolves the external pointer: the URI of the
   * checkpoint directory.
   */
  writeMetadata(location: CheckpointLocation, metadata: Uint8Array): Promise<string>;

  /**
   * Reads the `_metadata` behind an external pointer (the directory URI, with or without its
   * trailing `/`, or the URI of the `_metadata` file itself) and checks its envelope.
   * A missing `_metadata` is `ERR_CHECKPOINT_NOT_FOUND`; a damaged one `ERR_CHECKPOINT_CORRUPT`.
   */
  readMetadata(pointer: string): Promise<ReadMetadataResult>;

  /** Reads a state file by the path that its {@link StateFileHandle} recorded. */
  readStateFile(location: CheckpointLocation, relativePath: string): Promise<Uint8Array>;

  /** The ids of a job's completed checkpoints (those whose `_metadata` exists), ascending. */
  listCompletedCheckpoints(jobId: string): Promise<number[]>;

  /**
   * Deletes everything under a checkpoint or savepoint directory, `_metadata` first so that
   * an interrupted discard never leaves a checkpoint that looks complete. Used for failed
   * attempts and for retention. Discarding a location that does not exist does nothing;
   * a directory not named `chk-<n>` or `savepoint-…` is refused.
   */
  discard(location: CheckpointLocation): Promise<void>;

  /** A one-line description for logs and `/config`; never contains credentials. */
  describe(): string;
}
