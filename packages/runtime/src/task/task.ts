import {
  MAX_WATERMARK,
  MIN_WATERMARK,
  WeirError,
  keyGroupRange,
  type Clock,
  type Key,
  type TaskInfo,
} from '@weir/operators';
import { OneInputOperatorRunner, TwoInputOperatorRunner, type OperatorSnapshot } from '@weir/operators/engine';
import type { InputChannel } from '../exchange/input-channel.js';
import type { RecordWriter } from '../exchange/record-writer.js';
import type { JobGraph, JobVertex } from '../plan/job-graph.js';
import { ChainOutput, type ChainTarget, type OutputCounter } from './chain-output.js';
import { SourceDriver } from './source-driver.js';

/** The lifecycle of a task (one parallel instance of a job vertex). */
export type TaskState = 'created' | 'running' | 'finishing' | 'finished' | 'failed' | 'canceled';

/** The state of one task at a checkpoint: a snapshot of every operator of its chain. */
export interface TaskSnapshot {
  readonly vertexId: string;
  readonly subtaskIndex: number;
  readonly parallelism: number;
  /** One per step of the chain; a source step's `operatorState` is its reader's position. */
  readonly operators: OperatorSnapshot[];
}

/** How a task takes part in checkpoints (absent when checkpointing is off). */
export interface TaskCheckpointing {
  /** 'exactly-once' aligns barriers (blocks a channel that delivered one); 'at-least-once' does not. */
  readonly mode: 'exactly-once' | 'at-least-once';
  /** The task snapshotted checkpoint `checkpointId` and sent the barrier on. */
  acknowledge(task: Task, checkpointId: number, snapshot: TaskSnapshot): void;
  /** A source task read all its input; it now waits for a final checkpoint before it finishes. */
  sourceEnded(task: Task): void;
}

/** Settings every task of a run shares. */
export interface TaskSettings {
  /** Records per poll of a source and per network batch. */
  readonly batchSize: number;
  readonly clock: Clock;
  readonly sendResults?: (name: string, values: unknown[]) => void;
  readonly checkpointing?: TaskCheckpointing;
  /** What the operators of each step restore from, by step id (a restored run). */
  readonly restored?: (vertexId: string, subtaskIndex: number, stepId: string) => OperatorSnapshot | undefined;
}

type Runner = OneInputOperatorRunner<unknown, unknown> | TwoInputOperatorRunner<unknown, unknown, unknown>;

/** Adapts a record writer to a chain target. */
function writerTarget(writer: RecordWriter): ChainTarget {
  return { push: writer.push, processWatermark: (wm) => writer.watermark(wm) };
}

/** Record counts of one step of this task. */
export interface StepCounts {
  recordsIn: number;
  recordsOut: number;
}

/** Where a task's input records enter its chain. */
interface HeadInput {
  push(value: unknown, timestamp: number): void;
}

/**
 * One parallel instance of a job vertex: its chain of operators (calling each other
 * directly), the input channels that feed its head, and the record writers its nodes emit
 * into. A scheduler calls {@link Task.step} repeatedly; each step handles one unit of
 * input (a batch of records or an event) synchronously, and nothing when the task is
 * back-pressured (some output channel waits for credits).
 */
export class Task {
  readonly name: string;
  state: TaskState = 'created';
  failure: unknown;
  private readonly outputCounters = new Map<string, OutputCounter>();
  private readonly inputs: InputChannel[] = [];
  private readonly writers: RecordWriter[] = [];
  private readonly runners: { stepId: string; runner: Runner }[] = [];
  private source: SourceDriver | undefined;
  private head1: HeadInput | undefined;
  private head2: HeadInput | undefined;
  private headWatermark: (wm: number) => void = () => {};
  private headIdle: (idle: boolean) => void = () => {};
  private watermark = MIN_WATERMARK;
  private idle = false;
  private nextInput = 0;
  private built = false;
  /** Set while an asynchronous step (checkpoint preparation, commit notice) runs: no input is taken. */
  private busy = false;
  /** A checkpoint the coordinator asked this source task to start. */
  private pendingTrigger: number | undefined;
  /** The checkpoint whose barriers this task is aligning, and the channels that delivered it. */
  private aligning: { readonly id: number; readonly received: Set<InputChannel> } | undefined;
  /** Checkpoints that completed, waiting to be passed to the operators. */
  private readonly completed: number[] = [];
  /** A source task that read all its input and waits for the final checkpoint. */
  private sourceEnded = false;
  /** The final checkpoint (taken once every source ended) completed: ended sources may finish. */
  private finalCompleted = false;
  /** Called whenever the task changes state (to wake its scheduler). */
  onStateChange: () => void = () => {};

  constructor(
    readonly graph: JobGraph,
    readonly vertex: JobVertex,
    readonly subtaskIndex: number,
    private readonly settings: TaskSettings,
  ) {
    this.name = `${vertex.name} (${subtaskIndex + 1}/${vertex.parallelism})`;
  }

  /** Wires an input channel (before {@link Task.open}). */
  addInput(channel: InputChannel): void {
    this.inputs.push(channel);
  }

  /** Wires a record writer of one of this vertex's output edges (before {@link Task.open}). */
  addWriter(writer: RecordWriter): void {
    this.writers.push(writer);
  }

  private taskInfo(stepId: string): TaskInfo {
    return {
      stepId,
      subtaskIndex: this.subtaskIndex,
      parallelism: this.vertex.parallelism,
      maxParallelism: this.vertex.maxParallelism,
      clock: this.settings.clock,
      ...(this.settings.sendResults !== undefined && { sendResults: this.settings.sendResults }),
    };
  }

  /** Builds the chain: runners from the last node back to the head, each with its outputs. */
  private build(): void {
    const logical = this.graph.logical;
    const inVertex = new Set(this.vertex.nodes);
    const targetsOf = new Map<number, { main: ChainTarget[]; side: Map<string, ChainTarget[]>; all: ChainTarget[] }>();
    const targets = (node: number) => {
      let t = targetsOf.get(node);
      if (t === undefined) targetsOf.set(node, (t = { main: [], side: new Map(), all: [] }));
      return t;
    };
    const add = (node: number, sideOutput: string | undefined, target: ChainTarget): void => {
      const t = targets(node);
      if (sideOutput === undefined) t.main.push(target);
      else {
        const list = t.side.get(sideOutput) ?? [];
        list.push(target);
        t.side.set(sideOutput, list);
      }
      t.all.push(target);
    };
    for (const w of this.writers) add(w.edge.fromNode, w.edge.sideOutput, writerTarget(w));

    const keyRange = keyGroupRange(this.subtaskIndex, this.vertex.maxParallelism, this.vertex.parallelism);
    for (const nodeId of [...this.vertex.nodes].reverse()) {
      const node = logical.nodes[nodeId]!;
      const counters: OutputCounter = { recordsOut: 0 };
      this.outputCounters.set(node.stepId, counters);
      const t = targets(nodeId);
      const output = new ChainOutput(t.main, t.side, t.all, counters);
      const op = node.operator;
      const info = this.taskInfo(node.stepId);
      const restored = this.settings.restored?.(this.vertex.id, this.subtaskIndex, node.stepId);
      if (op.kind === 'source') {
        const reader = op.source.createReader(info);
        if (this.settings.restored !== undefined) {
          const states = restored?.operatorStates ?? (restored?.operatorState === undefined ? [] : [restored.operatorState]);
          reader.restoreState?.(states);
        }
        this.source = new SourceDriver(node.stepId, reader, op.watermarks, output, this.settings.clock);
        this.headWatermark = (wm) => output.emitWatermark(wm);
        continue;
      }
      const selector = (input: 0 | 1): ((v: unknown) => Key) | undefined =>
        nodeId === this.vertex.head ? this.vertex.inputs.find((e) => e.input === input && e.partition === 'hash')?.keySelector : undefined;
      if (op.kind === 'one-input') {
        const keySelector = selector(0);
        const runner = new OneInputOperatorRunner<unknown, unknown>({
          stepId: node.stepId,
          factory: op.factory,
          taskInfo: info,
          output,
          ...(keySelector !== undefined && { keySelector }),
          ...(restored !== undefined && { restored }),
          keyGroupRange: keyRange,
        });
        this.runners.unshift({ stepId: node.stepId, runner });
        if (nodeId === this.vertex.head) {
          this.head1 = runner as OneInputOperatorRunner<unknown, unknown>;
          this.headWatermark = (wm) => runner.processWatermark(wm);
        } else {
          const from = node.inputs[0]!;
          if (!inVertex.has(from.from)) throw new WeirError('ERR_RUNTIME_INTERNAL', `chained node '${node.stepId}' reads from outside its chain`);
          add(from.from, from.sideOutput, runner as OneInputOperatorRunner<unknown, unknown>);
        }
      } else {
        const keySelector1 = selector(0);
        const keySelector2 = selector(1);
        const runner = new TwoInputOperatorRunner<unknown, unknown, unknown>({
          stepId: node.stepId,
          factory: op.factory,
          taskInfo: info,
          output,
          ...(keySelector1 !== undefined && { keySelector1 }),
          ...(keySelector2 !== undefined && { keySelector2 }),
          ...(restored !== undefined && { restored }),
          keyGroupRange: keyRange,
        });
        this.runners.unshift({ stepId: node.stepId, runner });
        this.head1 = { push: (v, t) => runner.push1(v, t) };
        this.head2 = { push: (v, t) => runner.push2(v, t) };
        this.headWatermark = (wm) => runner.processWatermark(wm);
      }
    }
    this.headIdle = (idle) => {
      for (const w of this.writers) w.idle(idle);
    };
    this.built = true;
  }

  /** Builds the chain and opens every operator, the last of the chain first. */
  async open(): Promise<void> {
    if (!this.built) this.build();
    for (const { runner } of [...this.runners].reverse()) await runner.open();
    await this.source?.reader.open?.();
    this.state = 'running';
  }

  /** True when some output channel waits for credits. */
  isBackPressured(): boolean {
    for (const w of this.writers) if (w.isBackPressured()) return true;
    return false;
  }

  /**
   * Does one unit of work: polls the source once, or handles input entries until one data
   * batch was processed. Returns whether anything happened. Never awaits.
   */
  step(): boolean {
    if (this.state !== 'running' || this.busy) return false;
    try {
      if (this.completed.length > 0) {
        this.runNotifications();
        return true;
      }
      if (this.pendingTrigger !== undefined) {
        const id = this.pendingTrigger;
        this.pendingTrigger = undefined;
        this.checkpoint(id);
        return true;
      }
      if (this.isBackPressured()) return false;
      if (this.source !== undefined) return this.sourceEnded ? false : this.stepSource(this.source);
      return this.stepInputs();
    } catch (err) {
      this.fail(err);
      return true;
    }
  }

  /** The coordinator asks this (source) task to start checkpoint `checkpointId`. */
  triggerCheckpoint(checkpointId: number): void {
    if (this.source === undefined || this.state !== 'running') return;
    this.pendingTrigger = checkpointId;
    this.onStateChange();
  }

  /**
   * Checkpoint `checkpointId` completed everywhere: operators commit what it covered. After
   * the final checkpoint (`final`: taken once every source ended), ended sources finish.
   */
  notifyCheckpointComplete(checkpointId: number, final = false): void {
    if (this.state !== 'running') return;
    this.completed.push(checkpointId);
    if (final) this.finalCompleted = true;
    this.onStateChange();
  }

  private runNotifications(): void {
    const ids = this.completed.splice(0);
    this.busy = true;
    void (async () => {
      try {
        for (const id of ids) for (const { runner } of this.runners) await runner.notifyCheckpointComplete(id);
        await Promise.all(ids.map((id) => this.source?.reader.notifyCheckpointComplete?.(id)));
      } catch (err) {
        this.busy = false;
        this.fail(err);
        return;
      }
      this.busy = false;
      if (this.sourceEnded && this.finalCompleted) this.beginFinish();
      this.onStateChange();
    })();
  }

  /**
   * Takes checkpoint `checkpointId` for this task: lets operators stage data, snapshots the
   * chain synchronously, sends the barrier on, and acknowledges. No input is taken meanwhile.
   */
  private checkpoint(checkpointId: number): void {
    const checkpointing = this.settings.checkpointing;
    if (checkpointing === undefined) return;
    this.busy = true;
    void (async () => {
      try {
        for (const { runner } of this.runners) await runner.prepareSnapshotPreBarrier(checkpointId);
        const operators: OperatorSnapshot[] = this.runners.map(({ runner }) => runner.snapshot(checkpointId));
        if (this.source !== undefined) {
          const position = this.source.reader.snapshotState?.(checkpointId);
          operators.unshift({ stepId: this.source.stepId, ...(position !== undefined && { operatorState: position }) });
        }
        for (const w of this.writers) w.barrier(checkpointId);
        this.aligning = undefined;
        this.busy = false;
        checkpointing.acknowledge(this, checkpointId, {
          vertexId: this.vertex.id,
          subtaskIndex: this.subtaskIndex,
          parallelism: this.vertex.parallelism,
          operators,
        });
      } catch (err) {
        this.busy = false;
        this.fail(err);
        return;
      }
      this.onStateChange();
    })();
  }

  /** A barrier arrived on `ch`: align (exactly-once blocks the channel) and checkpoint when all are in. */
  private onBarrier(ch: InputChannel, checkpointId: number): void {
    if (this.aligning === undefined || checkpointId > this.aligning.id) {
      // A newer barrier overtakes an unfinished alignment: that older checkpoint is abandoned.
      this.aligning = { id: checkpointId, received: new Set() };
    } else if (checkpointId < this.aligning.id) {
      return;
    }
    this.aligning.received.add(ch);
    this.checkAligned();
  }

  private checkAligned(): void {
    const a = this.aligning;
    if (a === undefined) return;
    if (this.inputs.every((c) => c.ended || a.received.has(c))) this.checkpoint(a.id);
  }

  /** Whether a channel is blocked by exactly-once alignment. */
  private blocked(ch: InputChannel): boolean {
    return this.aligning !== undefined && this.settings.checkpointing?.mode === 'exactly-once' && this.aligning.received.has(ch);
  }

  private stepSource(source: SourceDriver): boolean {
    if (source.waiting) return this.checkIdle(source);
    const status = source.poll(this.settings.batchSize);
    const wm = source.advancedWatermark();
    if (wm !== undefined) {
      if (this.idle) this.setIdle(false);
      this.headWatermark(wm);
    }
    if (status === 'end') {
      this.headWatermark(MAX_WATERMARK);
      if (this.settings.checkpointing === undefined) this.beginFinish();
      else {
        // Everything read is on its way; a final checkpoint lets the sinks commit it before
        // the job ends (the coordinator triggers it once every source has ended).
        this.flushWriters();
        this.sourceEnded = true;
        this.settings.checkpointing.sourceEnded(this);
      }
    } else if (status === 'blocked') {
      this.flushWriters();
      const available = source.reader.available;
      if (available === undefined) {
        throw new WeirError('ERR_SOURCE_FAILED', `source '${source.stepId}' returned 'blocked' but has no available()`, { stepId: source.stepId });
      }
      source.waiting = true;
      available.call(source.reader).then(
        () => {
          source.waiting = false;
          if (this.idle) this.setIdle(false);
          this.onStateChange();
        },
        (err: unknown) => this.fail(err),
      );
    }
    return true;
  }

  private checkIdle(source: SourceDriver): boolean {
    if (!this.idle && source.shouldBeIdle()) {
      this.setIdle(true);
      return true;
    }
    return false;
  }

  private setIdle(idle: boolean): void {
    this.idle = idle;
    this.headIdle(idle);
  }

  private stepInputs(): boolean {
    const n = this.inputs.length;
    let progressed = false;
    for (let tried = 0; tried < n; tried++) {
      const ch = this.inputs[this.nextInput]!;
      this.nextInput = (this.nextInput + 1) % n;
      if (this.blocked(ch)) continue;
      let entry = ch.take();
      while (entry !== undefined) {
        progressed = true;
        switch (entry.kind) {
          case 'data': {
            const head = ch.input === 0 ? this.head1! : this.head2!;
            const { values, timestamps } = entry;
            for (let i = 0; i < values.length; i++) head.push(values[i], timestamps[i]!);
            return true;
          }
          case 'watermark':
            ch.watermark = entry.watermark;
            this.updateWatermark();
            break;
          case 'idle':
            ch.idle = entry.idle;
            this.updateWatermark();
            break;
          case 'barrier':
            this.onBarrier(ch, entry.checkpointId);
            if (this.busy || this.blocked(ch)) return true;
            break;
          case 'end':
            ch.ended = true;
            ch.watermark = MAX_WATERMARK;
            this.updateWatermark();
            if (this.inputs.every((c) => c.ended)) {
              this.beginFinish();
              return true;
            }
            this.checkAligned();
            if (this.busy) return true;
            break;
        }
        if (this.state !== 'running' || this.busy) return true;
        entry = ch.take();
      }
    }
    if (!progressed) this.flushWriters();
    return progressed;
  }

  /** The minimum watermark over active channels; all idle makes this task idle downstream. */
  private updateWatermark(): void {
    let min = MAX_WATERMARK;
    let active = false;
    for (const ch of this.inputs) {
      if (ch.idle && !ch.ended) continue;
      active = true;
      if (ch.watermark < min) min = ch.watermark;
    }
    if (!active) {
      if (!this.idle) this.setIdle(true);
      return;
    }
    if (this.idle) this.setIdle(false);
    if (min > this.watermark) {
      this.watermark = min;
      this.headWatermark(min);
    }
  }

  private flushWriters(): void {
    for (const w of this.writers) w.flush();
  }

  /** End of input: finish operators head first, flush, tell downstream, close. */
  private beginFinish(): void {
    this.state = 'finishing';
    void (async () => {
      try {
        for (const { runner } of this.runners) await runner.finish();
        for (const w of this.writers) w.end();
        await this.closeAll();
        this.state = 'finished';
      } catch (err) {
        this.fail(err);
        return;
      }
      this.onStateChange();
    })();
  }

  private async closeAll(): Promise<void> {
    let first: unknown;
    for (const { runner } of this.runners) {
      try {
        await runner.close();
      } catch (err) {
        first ??= err;
      }
    }
    try {
      await this.source?.reader.close?.();
    } catch (err) {
      first ??= err;
    }
    if (first !== undefined) throw first;
  }

  /** Fires processing-time timers that are due. */
  advanceProcessingTime(now: number): void {
    if (this.state !== 'running' || this.busy) return;
    try {
      for (const { runner } of this.runners) runner.advanceProcessingTime(now);
    } catch (err) {
      this.fail(err);
    }
  }

  /** The earliest pending processing-time timer of any operator. */
  nextProcessingTimer(): number | undefined {
    let next: number | undefined;
    for (const { runner } of this.runners) {
      const t = runner.nextProcessingTimer();
      if (t !== undefined && (next === undefined || t < next)) next = t;
    }
    return next;
  }

  /** Marks the task failed and closes its operators (their close errors are dropped: the first failure wins). */
  fail(err: unknown): void {
    if (this.state === 'failed' || this.state === 'canceled') return;
    this.state = 'failed';
    this.failure = err;
    this.closeAll().catch(() => {});
    this.onStateChange();
  }

  /** Stops the task and closes its operators. */
  async cancel(): Promise<void> {
    if (this.state === 'finished' || this.state === 'failed' || this.state === 'canceled') return;
    this.state = 'canceled';
    await this.closeAll().catch(() => {});
  }

  /** Records in and out of every step of this task. */
  counts(): [string, StepCounts][] {
    const recordsIn = new Map(this.runners.map(({ stepId, runner }) => [stepId, runner.recordsIn]));
    return [...this.outputCounters].map(([stepId, c]) => [stepId, { recordsIn: recordsIn.get(stepId) ?? 0, recordsOut: c.recordsOut }]);
  }

  /** Records the task holds in output buffers (for back-pressure accounting). */
  bufferedRecords(): number {
    let n = 0;
    for (const w of this.writers) for (const ch of w.channels) n += ch.bufferedRecords();
    for (const ch of this.inputs) n += ch.queuedRecords();
    return n;
  }
}
