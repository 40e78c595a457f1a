import { WeirError } from '@weir/operators';
import type { CheckpointMetadata, TaskStateEntry } from './checkpoint-metadata.js';
import type { ResolvedCheckpointConfig } from './checkpoint-config.js';
import type { CheckpointCounts, CheckpointStats } from './checkpoint-stats.js';
import { encodeMetadata } from './storage/metadata-codec.js';
import { retainCompletedCheckpoints } from './storage/retain-completed-checkpoints.js';
import type { CheckpointLocation, CheckpointStorage } from './storage/checkpoint-storage.js';

/** A checkpoint or savepoint that completed. */
export interface CompletedCheckpoint {
  readonly id: number;
  readonly kind: 'checkpoint' | 'savepoint';
  /** The pointer to restore from (the checkpoint directory's URI). */
  readonly pointer: string;
}

/** How the coordinator reaches the tasks of the running attempt. */
export interface CheckpointTargets {
  /** Tells every thread where checkpoint `id` goes, then triggers the source tasks. */
  begin(checkpointId: number, location: CheckpointLocation): void;
  /**
   * Tells every task that checkpoint `id` completed (sinks commit); `final` when it is the
   * checkpoint taken after every source ended, whose completion lets the tasks finish.
   */
  notifyComplete(checkpointId: number, final: boolean): void;
}

interface Pending {
  readonly stats: CheckpointStats;
  /** Settles (never rejects) when the checkpoint completed or failed. */
  readonly settled: Promise<void>;
  readonly location: CheckpointLocation;
  readonly entries: TaskStateEntry[];
  readonly timer: NodeJS.Timeout;
  readonly resolve: (c: CompletedCheckpoint) => void;
  readonly reject: (e: Error) => void;
}

/**
 * The job manager's checkpoint coordinator for one attempt of a job: triggers checkpoints
 * periodically (interval, minimum pause, one at a time, timeout) and savepoints on demand;
 * collects every task's acknowledgement; writes `_metadata` last; then tells every task the
 * checkpoint completed, and keeps the newest `retained` checkpoints. A declined or timed-out
 * checkpoint is discarded and counted; the job goes on. When every source has ended, it
 * takes a final checkpoint, whose completion lets the tasks finish.
 */
export class CheckpointCoordinator {
  readonly history: CheckpointStats[] = [];
  readonly counts: CheckpointCounts = { triggered: 0, completed: 0, failed: 0, inProgress: 0 };
  latest: CompletedCheckpoint | undefined;
  private nextId: number;
  private pending: Pending | undefined;
  private periodic: NodeJS.Timeout | undefined;
  private lastEnded = 0;
  private stopped = false;
  private paused = false;
  private sourcesEnded = 0;
  private finalRequested = false;
  /** The id of the final checkpoint once triggered. */
  private finalId: number | undefined;

  constructor(
    private readonly jobId: string,
    private readonly storage: CheckpointStorage,
    private readonly config: ResolvedCheckpointConfig,
    private readonly totalTasks: number,
    private readonly sourceTasks: number,
    private readonly maxParallelism: number,
    private readonly targets: CheckpointTargets,
    /** The first id to use: one past the checkpoint this attempt restored from. */
    firstId: number,
    /** Called after each checkpoint settles (for live views). */
    private readonly onChange: (stats: CheckpointStats) => void = () => {},
  ) {
    this.nextId = firstId;
  }

  /** Starts periodic checkpoints. */
  start(): void {
    const tick = (): void => {
      if (this.stopped || this.paused) return;
      const since = Date.now() - this.lastEnded;
      if (this.pending === undefined && since >= this.config.minPauseMs) {
        this.trigger('checkpoint').catch(() => {});
      }
      this.periodic = setTimeout(tick, this.config.intervalMs);
    };
    this.periodic = setTimeout(tick, this.config.intervalMs);
  }

  /**
   * Stops periodic checkpoints but lets a running one finish: before a stop-with-savepoint,
   * so that no checkpoint after the savepoint commits output the restored job will produce.
   */
  pausePeriodic(): void {
    clearTimeout(this.periodic);
    this.periodic = undefined;
    this.paused = true;
  }

  /** Stops triggering and fails what is in flight (the attempt ended). */
  stop(reason = 'the job attempt ended'): void {
    this.stopped = true;
    clearTimeout(this.periodic);
    if (this.pending !== undefined) this.fail(this.pending, reason);
  }

  /** A source task read all its input; once all have, a final checkpoint is taken. */
  sourceEnded(): void {
    if (++this.sourcesEnded >= this.sourceTasks) {
      this.finalRequested = true;
      if (this.pending === undefined) this.trigger('checkpoint').catch(() => {});
    }
  }

  /**
   * Takes a savepoint into `targetDirectory` (or the storage's default savepoint directory)
   * as soon as no checkpoint is in progress: a request waits for the running one to settle.
   */
  async savepoint(targetDirectory?: string): Promise<CompletedCheckpoint> {
    while (this.pending !== undefined && !this.stopped) await this.pending.settled;
    return this.trigger('savepoint', targetDirectory);
  }

  /**
   * Triggers a checkpoint (or a savepoint into `targetDirectory`, or the storage's default
   * savepoint directory). Only one runs at a time: a second request fails at once.
   */
  trigger(kind: 'checkpoint' | 'savepoint', targetDirectory?: string): Promise<CompletedCheckpoint> {
    if (this.stopped) return Promise.reject(new WeirError('ERR_CHECKPOINT_DECLINED', 'the job is not running', { domain: 'user' }));
    if (this.pending !== undefined) {
      return Promise.reject(new WeirError('ERR_CHECKPOINT_DECLINED', `checkpoint ${this.pending.stats.id} is still in progress`, { retriable: true }));
    }
    const id = this.nextId++;
    if (kind === 'checkpoint' && this.finalRequested && this.finalId === undefined) this.finalId = id;
    const location = kind === 'savepoint' ? this.storage.savepointLocation(targetDirectory, this.jobId) : this.storage.checkpointLocation(this.jobId, id);
    const stats: CheckpointStats = {
      id,
      kind,
      status: 'IN_PROGRESS',
      triggeredAt: Date.now(),
      durationMs: undefined,
      acknowledged: 0,
      totalTasks: this.totalTasks,
      stateSize: 0,
      externalPath: undefined,
      failure: undefined,
    };
    this.history.push(stats);
    if (this.history.length > 100) this.history.shift();
    this.counts.triggered++;
    this.counts.inProgress++;
    const result = new Promise<CompletedCheckpoint>((resolve, reject) => {
      const timer = setTimeout(() => {
        if (this.pending?.stats.id === id) this.fail(this.pending, `timed out after ${this.config.timeoutMs} ms`);
      }, this.config.timeoutMs);
      let settle!: () => void;
      const settled = new Promise<void>((r) => (settle = r));
      this.pending = {
        stats,
        location,
        entries: [],
        timer,
        settled,
        resolve: (c) => {
          settle();
          resolve(c);
        },
        reject: (e) => {
          settle();
          reject(e);
        },
      };
    });
    this.targets.begin(id, location);
    return result;
  }

  /** A task stored its state for checkpoint `checkpointId`. */
  acknowledge(checkpointId: number, entry: TaskStateEntry): void {
    const p = this.pending;
    if (p === undefined || p.stats.id !== checkpointId) return;
    p.entries.push(entry);
    p.stats.acknowledged++;
    p.stats.stateSize += entry.file.size;
    if (p.entries.length === this.totalTasks) void this.complete(p);
  }

  /** A task could not take part in checkpoint `checkpointId`. */
  decline(checkpointId: number, reason: string): void {
    const p = this.pending;
    if (p !== undefined && p.stats.id === checkpointId) this.fail(p, reason);
  }

  private async complete(p: Pending): Promise<void> {
    clearTimeout(p.timer);
    const metadata: CheckpointMetadata = {
      version: 1,
      jobId: this.jobId,
      checkpointId: p.stats.id,
      kind: p.stats.kind,
      triggeredAt: p.stats.triggeredAt,
      maxParallelism: this.maxParallelism,
      tasks: p.entries,
    };
    let pointer: string;
    try {
      pointer = await this.storage.writeMetadata(p.location, encodeMetadata(metadata));
    } catch (err) {
      this.fail(p, `could not write _metadata: ${(err as Error).message}`);
      return;
    }
    if (this.pending !== p) return;
    this.pending = undefined;
    this.lastEnded = Date.now();
    p.stats.status = 'COMPLETED';
    p.stats.durationMs = this.lastEnded - p.stats.triggeredAt;
    p.stats.externalPath = pointer;
    this.counts.completed++;
    this.counts.inProgress--;
    const done: CompletedCheckpoint = { id: p.stats.id, kind: p.stats.kind, pointer };
    if (p.stats.kind === 'checkpoint') this.latest = done;
    this.targets.notifyComplete(p.stats.id, p.stats.id === this.finalId);
    this.onChange(p.stats);
    p.resolve(done);
    // A checkpoint that was already running when the last source ended was not the final one.
    if (this.finalRequested && this.finalId === undefined && !this.stopped) this.trigger('checkpoint').catch(() => {});
    if (p.stats.kind === 'checkpoint') {
      retainCompletedCheckpoints(this.storage, this.jobId, this.config.retained).catch(() => {
        // Old checkpoints left behind cost space, not correctness; the next completion retries.
      });
    }
  }

  private fail(p: Pending, reason: string): void {
    if (this.pending !== p) return;
    clearTimeout(p.timer);
    this.pending = undefined;
    this.lastEnded = Date.now();
    p.stats.status = 'FAILED';
    p.stats.durationMs = this.lastEnded - p.stats.triggeredAt;
    p.stats.failure = reason;
    this.counts.failed++;
    this.counts.inProgress--;
    this.storage.discard(p.location).catch(() => {
      // A failed attempt's files are garbage under a chk-<n> without _metadata: never restored.
    });
    this.onChange(p.stats);
    p.reject(new WeirError('ERR_CHECKPOINT_DECLINED', `checkpoint ${p.stats.id} failed: ${reason}`, { retriable: true }));
    if (p.stats.id === this.finalId) this.finalId = undefined;
    if (this.finalRequested && this.finalId === undefined && !this.stopped) {
      // The tasks wait for a final checkpoint to finish: try again shortly.
      setTimeout(() => {
        if (this.pending === undefined && !this.stopped) this.trigger('checkpoint').catch(() => {});
      }, Math.min(1000, this.config.intervalMs));
    }
  }
}
