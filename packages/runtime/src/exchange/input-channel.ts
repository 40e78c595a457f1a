import { MIN_WATERMARK } from '@weir/operators';
import type { ChannelEntry } from './channel-entry.js';

/**
 * The receiving end of one channel: a FIFO of entries that arrived, and the channel's
 * watermark and idleness as seen by the task. Consuming a data batch returns one credit to
 * the sender, so at most `credits` batches are ever queued here.
 */
export class InputChannel {
  private readonly queue: ChannelEntry[] = [];
  private head = 0;
  watermark = MIN_WATERMARK;
  idle = false;
  ended = false;

  constructor(
    readonly id: string,
    /** Which input of the task's head operator this channel feeds. */
    readonly input: 0 | 1,
    /** Returns credits to the sender. */
    private readonly grant: (credits: number) => void,
    /** Called when an entry arrives, to wake the task's scheduler. */
    private readonly onArrival: () => void,
  ) {}

  /** Called by the transport when an entry arrives. */
  enqueue(entry: ChannelEntry): void {
    this.queue.push(entry);
    this.onArrival();
  }

  hasEntry(): boolean {
    return this.head < this.queue.length;
  }

  /** Takes the next entry; a data batch's credit goes back to the sender. */
  take(): ChannelEntry | undefined {
    if (this.head >= this.queue.length) return undefined;
    const entry = this.queue[this.head]!;
    this.queue[this.head++] = undefined as unknown as ChannelEntry;
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
    if (entry.kind === 'data') this.grant(1);
    return entry;
  }

  /** Number of records queued here (for back-pressure accounting). */
  queuedRecords(): number {
    let n = 0;
    for (let i = this.head; i < this.queue.length; i++) {
      const e = this.queue[i]!;
      if (e.kind === 'data') n += e.values.length;
    }
    return n;
  }
}
