import { keyGroupOf, subtaskOfKeyGroup, type Key } from '@weir/operators';
import type { JobEdge } from '../plan/job-graph.js';
import type { OutputChannel } from './output-channel.js';

/**
 * Writes one task's output along one job edge: picks the channel(s) of each record by the
 * edge's partitioning (forward, rebalance, hash by key group, broadcast) and forwards
 * watermarks and idleness to every channel, each only when it changes.
 */
export class RecordWriter {
  private next = 0;
  private lastWatermark = Number.NEGATIVE_INFINITY;
  private lastIdle = false;
  private readonly targetOfKeyGroup: Int32Array | undefined;
  private readonly keySelector: ((value: unknown) => Key) | undefined;
  readonly push: (value: unknown, timestamp: number) => void;

  constructor(
    readonly edge: JobEdge,
    /**
     * One channel per downstream subtask, indexed by subtask; for a forward edge only the
     * one channel to the subtask with this task's index.
     */
    readonly channels: readonly OutputChannel[],
    subtaskIndex: number,
    maxParallelism: number,
  ) {
    const n = channels.length;
    this.keySelector = edge.keySelector;
    if (edge.partition === 'hash') {
      this.targetOfKeyGroup = new Int32Array(maxParallelism);
      for (let kg = 0; kg < maxParallelism; kg++) this.targetOfKeyGroup[kg] = subtaskOfKeyGroup(kg, maxParallelism, n);
    }
    // One specialised closure per partitioning keeps the per-record path branch-free.
    switch (edge.partition) {
      case 'forward': {
        const ch = channels[0]!;
        this.push = (v, t) => ch.push(v, t);
        break;
      }
      case 'rebalance':
        this.next = subtaskIndex % n;
        this.push = (v, t) => {
          channels[this.next]!.push(v, t);
          if (++this.next === n) this.next = 0;
        };
        break;
      case 'hash': {
        const table = this.targetOfKeyGroup!;
        const select = this.keySelector!;
        this.push = (v, t) => channels[table[keyGroupOf(select(v), maxParallelism)]!]!.push(v, t);
        break;
      }
      case 'broadcast':
        this.push = (v, t) => {
          for (const ch of channels) ch.push(v, t);
        };
        break;
    }
  }

  watermark(watermark: number): void {
    if (watermark <= this.lastWatermark) return;
    this.lastWatermark = watermark;
    for (const ch of this.channels) ch.event({ kind: 'watermark', watermark });
  }

  idle(idle: boolean): void {
    if (idle === this.lastIdle) return;
    this.lastIdle = idle;
    for (const ch of this.channels) ch.event({ kind: 'idle', idle });
  }

  /** Sends checkpoint barrier `checkpointId` on every channel, behind everything written so far. */
  barrier(checkpointId: number): void {
    for (const ch of this.channels) ch.event({ kind: 'barrier', checkpointId });
  }

  end(): void {
    for (const ch of this.channels) ch.event({ kind: 'end' });
  }

  flush(): void {
    for (const ch of this.channels) ch.flush();
  }

  isBackPressured(): boolean {
    for (const ch of this.channels) if (ch.isBackPressured()) return true;
    return false;
  }
}
