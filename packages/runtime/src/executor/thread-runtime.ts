import type { MessagePort } from 'node:worker_threads';
import type { ChannelEntry } from '../exchange/channel-entry.js';
import { EntryCodec } from '../exchange/codec.js';
import { InputChannel } from '../exchange/input-channel.js';
import { OutputChannel } from '../exchange/output-channel.js';
import { RecordWriter } from '../exchange/record-writer.js';
import type { JobGraph } from '../plan/job-graph.js';
import { Task, type TaskSettings } from '../task/task.js';
import { Scheduler } from './scheduler.js';

/** Exchange settings shared by every channel of a run. */
export interface ExchangeSettings {
  /** Records per network batch (and per source poll). */
  readonly batchSize: number;
  /** Batches a receiver lets a sender have in flight per channel. */
  readonly credits: number;
}

/** Where the subtasks of a run live: which thread ("slot") runs subtask i of a vertex. */
export interface Placement {
  /** This thread's slot. */
  readonly slot: number;
  /** The slot of a subtask (slot sharing: subtask i of every vertex shares slot i). */
  slotOf(subtaskIndex: number): number;
  /** Ports to the other slots' threads, indexed by slot (absent for this slot). */
  readonly peers: ReadonlyMap<number, MessagePort>;
}

/** A message between threads: an encoded channel entry, or credits going back. */
export type PeerMessage = { readonly t: 'entry'; readonly ch: string; readonly b: Uint8Array } | { readonly t: 'credit'; readonly ch: string; readonly n: number };

/**
 * The part of a run that executes in one thread: the tasks placed on this slot, the
 * channels between them (direct calls when both ends are here, encoded messages over
 * MessagePorts otherwise) and the scheduler that drives them.
 */
export class ThreadRuntime {
  readonly tasks: Task[] = [];
  readonly scheduler: Scheduler;
  private readonly inputsById = new Map<string, InputChannel>();
  private readonly outputsById = new Map<string, OutputChannel>();
  private readonly codec = new EntryCodec();

  constructor(
    readonly graph: JobGraph,
    readonly placement: Placement,
    settings: TaskSettings & ExchangeSettings,
  ) {
    const taskOf = new Map<string, Task>();
    for (const v of graph.vertices) {
      for (let i = 0; i < v.parallelism; i++) {
        if (placement.slotOf(i) !== placement.slot) continue;
        const task = new Task(graph, v, i, settings);
        this.tasks.push(task);
        taskOf.set(`${v.id}:${i}`, task);
      }
    }
    const wake = () => this.scheduler.wake();
    for (const edge of graph.edges) {
      const up = graph.vertices.find((v) => v.id === edge.fromVertex)!;
      const down = graph.vertices.find((v) => v.id === edge.toVertex)!;
      for (let i = 0; i < up.parallelism; i++) {
        const sender = taskOf.get(`${up.id}:${i}`);
        const targets = edge.partition === 'forward' ? [i] : Array.from({ length: down.parallelism }, (_, j) => j);
        const channels: OutputChannel[] = [];
        for (const j of targets) {
          const receiver = taskOf.get(`${down.id}:${j}`);
          if (sender === undefined && receiver === undefined) continue;
          const id = `${edge.id}:${i}:${j}`;
          let input: InputChannel | undefined;
          let output: OutputChannel | undefined;
          if (receiver !== undefined) {
            const grant = sender !== undefined ? (n: number) => output!.addCredits(n) : this.remoteCredit(id, placement.slotOf(i));
            input = new InputChannel(id, edge.input, grant, wake);
            receiver.addInput(input);
            this.inputsById.set(id, input);
          }
          if (sender !== undefined) {
            const transmit = receiver !== undefined ? (e: ChannelEntry) => input!.enqueue(e) : this.remoteEntry(id, placement.slotOf(j));
            output = new OutputChannel(id, settings.batchSize, settings.credits, transmit);
            this.outputsById.set(id, output);
            channels.push(output);
          }
        }
        if (sender !== undefined) sender.addWriter(new RecordWriter(edge, channels, i, up.maxParallelism));
      }
    }
    for (const [, port] of placement.peers) port.on('message', (m: PeerMessage) => this.onPeerMessage(m));
    this.scheduler = new Scheduler(this.tasks, settings.clock, placement.peers.size > 0);
  }

  private peer(slot: number): MessagePort {
    const port = this.placement.peers.get(slot);
    if (port === undefined) throw new Error(`no port to slot ${slot}`);
    return port;
  }

  private remoteEntry(id: string, slot: number): (e: ChannelEntry) => void {
    const port = this.peer(slot);
    return (e) => port.postMessage({ t: 'entry', ch: id, b: this.codec.encode(e) } satisfies PeerMessage);
  }

  private remoteCredit(id: string, slot: number): (n: number) => void {
    const port = this.peer(slot);
    return (n) => port.postMessage({ t: 'credit', ch: id, n } satisfies PeerMessage);
  }

  private onPeerMessage(m: PeerMessage): void {
    if (m.t === 'entry') this.inputsById.get(m.ch)?.enqueue(this.codec.decode(m.b));
    else this.outputsById.get(m.ch)?.addCredits(m.n);
    this.scheduler.wake();
  }

  /** Opens every task of this thread. */
  async open(): Promise<void> {
    for (const t of this.tasks) await t.open();
  }

  /** Runs the tasks until they finish (or one fails). */
  run(): Promise<void> {
    return this.scheduler.run();
  }

  /** Starts checkpoint `checkpointId` at this thread's source tasks. */
  triggerCheckpoint(checkpointId: number): void {
    for (const t of this.tasks) t.triggerCheckpoint(checkpointId);
  }

  /** Tells this thread's tasks that checkpoint `checkpointId` completed. */
  notifyCheckpointComplete(checkpointId: number, final: boolean): void {
    for (const t of this.tasks) t.notifyCheckpointComplete(checkpointId, final);
  }

  /** Records held in this thread's channel buffers. */
  bufferedRecords(): number {
    return this.tasks.reduce((n, t) => n + t.bufferedRecords(), 0);
  }
}
