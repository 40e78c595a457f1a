import { setTimeout as sleep } from 'node:timers/promises';
import { serializeError, WeirError, type SerializedError } from '@weir/operators';
import { CheckpointCoordinator, type CompletedCheckpoint } from '../checkpoint/checkpoint-coordinator.js';
import type { ResolvedCheckpointConfig } from '../checkpoint/checkpoint-config.js';
import type { CheckpointCounts, CheckpointStats } from '../checkpoint/checkpoint-stats.js';
import { loadCheckpoint, restoreLookup, type RestoreLookup } from '../checkpoint/load-restore.js';
import type { CheckpointStorage } from '../checkpoint/storage/checkpoint-storage.js';
import type { JobGraph } from '../plan/job-graph.js';
import type { Deployment, DeploymentEvents } from './deployment.js';
import type { JobId } from './job-id.js';
import { jobFailedError, type JobHandle, type JobResult } from './job-result.js';
import { RestartPolicy, type RestartStrategy } from './restart-strategy.js';
import type { ResolvedRunOptions } from './run-options.js';
import { storageFromSpec } from '../checkpoint/storage-spec.js';

/** Where to restore the first attempt from. */
export interface RestoreSpec {
  /** A checkpoint or savepoint pointer, or 'latest': the newest completed checkpoint of this job id, if any. */
  readonly pointer: string;
  readonly allowNonRestoredState?: boolean;
}

/** A failure in a job's exception history. */
export interface ExceptionEntry {
  readonly timestamp: number;
  readonly attempt: number;
  readonly stepId: string | undefined;
  readonly error: SerializedError;
}

/** What the job run needs to run attempts. */
export interface JobRunSpec {
  readonly jobId: JobId;
  readonly graph: JobGraph;
  readonly deploy: (restore: RestoreLookup | undefined, events: DeploymentEvents, storage: CheckpointStorage | undefined) => Deployment;
  readonly checkpoints?: { readonly config: ResolvedCheckpointConfig; readonly storage: Promise<CheckpointStorage> };
  readonly restore?: RestoreSpec;
  readonly restartStrategy: RestartStrategy;
}

/**
 * A job from submission to its end, the job manager's part: deploys an attempt, runs the
 * checkpoint coordinator beside it, and when an attempt fails records the failure and —
 * as the restart strategy allows — deploys a new attempt restored from the latest completed
 * checkpoint. Savepoints are taken on demand, and a stop takes one and then cancels.
 */
export class JobRun implements JobHandle {
  readonly jobId: JobId;
  readonly done: Promise<JobResult>;
  readonly exceptionHistory: ExceptionEntry[] = [];
  private readonly collected = new Map<string, unknown[]>();
  private deployment: Deployment | undefined;
  private coordinator: CheckpointCoordinator | undefined;
  private readonly pastStats: CheckpointStats[] = [];
  private readonly pastCounts: CheckpointCounts = { triggered: 0, completed: 0, failed: 0, inProgress: 0 };
  private canceled = false;
  private attempt = 0;
  private nextCheckpointId = 1;
  private latest: CompletedCheckpoint | undefined;
  private readonly started = Date.now();

  constructor(private readonly spec: JobRunSpec) {
    this.jobId = spec.jobId;
    this.done = this.loop();
    this.done.catch(() => {});
  }

  /** How many times the job restarted. */
  get restarts(): number {
    return this.attempt;
  }

  results<T = unknown>(name: string): readonly T[] {
    return (this.collected.get(name) ?? []) as T[];
  }

  /** The job's checkpoints: counts, recent history (newest last), the latest completed. */
  checkpoints(): { counts: CheckpointCounts; history: readonly CheckpointStats[]; latest: CompletedCheckpoint | undefined } {
    const c = this.coordinator;
    const counts = { ...this.pastCounts };
    if (c !== undefined) for (const k of Object.keys(counts) as (keyof CheckpointCounts)[]) counts[k] += c.counts[k];
    return { counts, history: [...this.pastStats, ...(c?.history ?? [])].slice(-100), latest: this.latest };
  }

  /** Takes a savepoint into `targetDirectory` (or the storage's default) while the job runs. */
  triggerSavepoint(targetDirectory?: string): Promise<CompletedCheckpoint> {
    const c = this.coordinator;
    if (c === undefined) {
      const why = this.spec.checkpoints === undefined ? 'has no checkpoint storage configured' : 'is not running';
      return Promise.reject(new WeirError('ERR_CHECKPOINT_DECLINED', `job ${this.jobId} ${why}`, { domain: 'user' }));
    }
    return c.savepoint(targetDirectory);
  }

  /**
   * Takes a savepoint, then cancels the job (Flink's stop-with-savepoint). Periodic
   * checkpoints stop first: none may complete after the savepoint, or its sinks would commit
   * output that a job restored from the savepoint produces again.
   */
  async stopWithSavepoint(targetDirectory?: string): Promise<CompletedCheckpoint> {
    this.coordinator?.pausePeriodic();
    const savepoint = await this.triggerSavepoint(targetDirectory);
    await this.cancel();
    return savepoint;
  }

  /** Ends one slot's worker thread abruptly, as a crash would (worker deployments; for failure tests). */
  async terminateSlot(slot: number): Promise<void> {
    await (this.deployment as { terminateSlot?(slot: number): Promise<void> } | undefined)?.terminateSlot?.(slot);
  }

  async cancel(): Promise<void> {
    this.canceled = true;
    await this.deployment?.cancel();
    await this.done.catch(() => {});
  }

  private events(): DeploymentEvents {
    return {
      acknowledge: (id, entry) => this.coordinator?.acknowledge(id, entry),
      decline: (id, reason) => this.coordinator?.decline(id, reason),
      sourceEnded: () => this.coordinator?.sourceEnded(),
      results: (name, values) => {
        const list = this.collected.get(name) ?? [];
        for (const v of values) list.push(v);
        this.collected.set(name, list);
      },
    };
  }

  private async initialPointer(storage: CheckpointStorage | undefined): Promise<string | undefined> {
    const r = this.spec.restore;
    if (r === undefined) return undefined;
    if (r.pointer !== 'latest') return r.pointer;
    if (storage === undefined) throw new WeirError('ERR_CONFIG_INVALID', "restoring from 'latest' needs checkpoint storage", { domain: 'user' });
    const ids = await storage.listCompletedCheckpoints(this.jobId);
    const last = ids.at(-1);
    return last === undefined ? undefined : storage.checkpointLocation(this.jobId, last).uri;
  }

  private async loop(): Promise<JobResult> {
    const { graph } = this.spec;
    const policy = new RestartPolicy(this.spec.restartStrategy);
    const storage = await this.spec.checkpoints?.storage;
    const checkpoints = storage === undefined ? undefined : { config: this.spec.checkpoints!.config, storage };
    let pointer = await this.initialPointer(storage);
    let allowNonRestored = this.spec.restore?.allowNonRestoredState ?? false;
    for (;;) {
      let restore: RestoreLookup | undefined;
      if (pointer !== undefined) {
        if (storage === undefined) throw new WeirError('ERR_CONFIG_INVALID', 'restoring needs checkpoint storage to read from', { domain: 'user' });
        const loaded = await loadCheckpoint(storage, pointer);
        restore = restoreLookup(graph, loaded, allowNonRestored);
        // Ids go on from the restored one (as in Flink), also for a new job restored from a
        // savepoint: transactional sinks name their epochs by checkpoint id.
        this.nextCheckpointId = Math.max(this.nextCheckpointId, loaded.metadata.checkpointId + 1);
      }
      const deployment = this.spec.deploy(restore, this.events(), storage);
      this.deployment = deployment;
      if (checkpoints !== undefined) {
        const sources = graph.vertices.filter((v) => graph.logical.nodes[v.head]!.operator.kind === 'source').reduce((n, v) => n + v.parallelism, 0);
        const tasks = graph.vertices.reduce((n, v) => n + v.parallelism, 0);
        this.coordinator = new CheckpointCoordinator(
          this.jobId,
          checkpoints.storage,
          checkpoints.config,
          tasks,
          sources,
          graph.logical.maxParallelism,
          { begin: (id, location) => deployment.begin(id, location), notifyComplete: (id, final) => deployment.notifyComplete(id, final) },
          this.nextCheckpointId,
          (stats) => {
            if (stats.status === 'COMPLETED' && stats.kind === 'checkpoint') this.latest = { id: stats.id, kind: stats.kind, pointer: stats.externalPath! };
          },
        );
        const coordinator = this.coordinator;
        if (this.canceled) await deployment.cancel();
        else deployment.ready.then(() => coordinator.start(), () => {});
      }
      try {
        const counts = await deployment.run();
        this.retireCoordinator('the job ended');
        return {
          jobId: this.jobId,
          status: this.canceled ? 'CANCELED' : 'FINISHED',
          durationMs: Date.now() - this.started,
          results: this.collected,
          counts,
        };
      } catch (err) {
        this.retireCoordinator('the attempt failed');
        await deployment.cancel().catch(() => {});
        const stepId = (err as { stepId?: string }).stepId;
        this.exceptionHistory.push({ timestamp: Date.now(), attempt: this.attempt, stepId, error: serializeError(err) });
        if (this.canceled) {
          return { jobId: this.jobId, status: 'CANCELED', durationMs: Date.now() - this.started, results: this.collected, counts: new Map() };
        }
        const delay = policy.onFailure(Date.now());
        if (delay === undefined) throw jobFailedError(this.jobId, err);
        await sleep(delay);
        this.attempt++;
        // Restore from the newest completed checkpoint; without one, from what this run started from.
        if (this.latest !== undefined) {
          pointer = this.latest.pointer;
          allowNonRestored = false;
        }
      }
    }
  }

  private retireCoordinator(reason: string): void {
    const c = this.coordinator;
    if (c === undefined) return;
    c.stop(reason);
    this.nextCheckpointId = Math.max(this.nextCheckpointId, ...c.history.map((s) => s.id + 1));
    this.pastStats.push(...c.history);
    for (const k of Object.keys(this.pastCounts) as (keyof CheckpointCounts)[]) this.pastCounts[k] += c.counts[k];
    this.coordinator = undefined;
  }
}

/** Starts a job run for a graph with resolved run options; `deploy` makes each attempt. */
export function startJobRun(graph: JobGraph, options: ResolvedRunOptions, deploy: JobRunSpec['deploy']): JobRun {
  const c = options.checkpoints;
  return new JobRun({
    jobId: options.jobId,
    graph,
    restartStrategy: options.restartStrategy,
    ...(options.restore !== undefined && { restore: options.restore }),
    ...(c !== undefined && { checkpoints: { config: c, storage: storageFromSpec(c.storage) } }),
    deploy,
  });
}
