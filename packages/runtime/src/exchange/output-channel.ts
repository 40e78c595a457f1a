import type { ChannelEntry } from './channel-entry.js';

/**
 * The sending end of one channel. Records accumulate in a batch; a full batch is sent when
 * the receiver has granted a credit, otherwise it waits here, and so does every entry
 * behind it (order is kept). A channel with waiting entries is back-pressured: the task
 * stops taking input until credits arrive.
 */
export class OutputChannel {
  values: unknown[] = [];
  timestamps: number[] = [];
  private readonly waiting: ChannelEntry[] = [];
  private credits: number;

  constructor(
    readonly id: string,
    readonly batchSize: number,
    initialCredits: number,
    /** Hands an entry to the transport. */
    private readonly transmit: (entry: ChannelEntry) => void,
  ) {
    this.credits = initialCredits;
  }

  /** Appends a record; sends the batch when it is full. */
  push(value: unknown, timestamp: number): void {
    this.values.push(value);
    this.timestamps.push(timestamp);
    if (this.values.length >= this.batchSize) this.flush();
  }

  /** Sends the current partial batch (if any). */
  flush(): void {
    if (this.values.length === 0) return;
    const entry: ChannelEntry = { kind: 'data', values: this.values, timestamps: this.timestamps };
    this.values = [];
    this.timestamps = [];
    this.send(entry);
  }

  /** Sends an event after everything pushed so far. */
  event(entry: ChannelEntry): void {
    this.flush();
    this.send(entry);
  }

  private send(entry: ChannelEntry): void {
    if (this.waiting.length === 0 && (entry.kind !== 'data' || this.credits > 0)) {
      if (entry.kind === 'data') this.credits--;
      this.transmit(entry);
    } else {
      this.waiting.push(entry);
    }
  }

  /** The receiver granted credits: send what was waiting for them. */
  addCredits(n: number): void {
    this.credits += n;
    while (this.waiting.length > 0) {
      const next = this.waiting[0]!;
      if (next.kind === 'data') {
        if (this.credits === 0) return;
        this.credits--;
      }
      this.waiting.shift();
      this.transmit(next);
    }
  }

  /** True when entries wait for credits: the task must not take more input. */
  isBackPressured(): boolean {
    return this.waiting.length > 0;
  }

  /** Records not yet handed to the transport (for accounting). */
  bufferedRecords(): number {
    let n = this.values.length;
    for (const e of this.waiting) if (e.kind === 'data') n += e.values.length;
    return n;
  }
}
