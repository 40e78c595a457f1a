import type { Key } from '../api/key.js';
import type { TimeDomain, Timer } from '../time/timer.js';

/** A registered timer; the object handed to `onTimer` when it fires. */
export class TimerEntry implements Timer {
  /** Set when the timer was deleted while still in the heap (lazy deletion). */
  deleted = false;
  constructor(
    readonly timestamp: number,
    readonly domain: TimeDomain,
    readonly key: Key,
    readonly namespace: string,
    /** Registration order, to break ties between equal timestamps. */
    readonly seq: number,
  ) {}
}

/** Deleted entries tolerated in the heap before it is rebuilt without them. */
const COMPACT_THRESHOLD = 64;

const before = (a: TimerEntry, b: TimerEntry): boolean => a.timestamp < b.timestamp || (a.timestamp === b.timestamp && a.seq < b.seq);

/**
 * The timers of one time domain: a binary min-heap ordered by (timestamp, seq) plus an
 * index key → namespace → timestamp that de-duplicates registrations and finds deleted
 * timers. Deletion is lazy (the entry is flagged and skipped when it surfaces); the heap is
 * rebuilt when deleted entries outnumber live ones, so delete-and-re-register patterns
 * (timeouts) do not grow it without bound.
 */
export class TimerQueue {
  private heap: TimerEntry[] = [];
  private readonly index = new Map<Key, Map<string, Map<number, TimerEntry>>>();
  private live = 0;
  private deletedInHeap = 0;

  constructor(readonly domain: TimeDomain) {}

  /** Adds a timer unless the same (key, namespace, timestamp) is registered; true when added. */
  add(key: Key, namespace: string, timestamp: number, seq: number): boolean {
    let byNamespace = this.index.get(key);
    if (byNamespace === undefined) this.index.set(key, (byNamespace = new Map()));
    let byTime = byNamespace.get(namespace);
    if (byTime === undefined) byNamespace.set(namespace, (byTime = new Map()));
    if (byTime.has(timestamp)) return false;
    const entry = new TimerEntry(timestamp, this.domain, key, namespace, seq);
    byTime.set(timestamp, entry);
    this.push(entry);
    this.live++;
    return true;
  }

  /** Deletes a registered timer; a no-op when there is none. */
  remove(key: Key, namespace: string, timestamp: number): void {
    const entry = this.index.get(key)?.get(namespace)?.get(timestamp);
    if (entry === undefined) return;
    this.unindex(entry);
    entry.deleted = true;
    this.live--;
    this.deletedInHeap++;
    if (this.deletedInHeap > COMPACT_THRESHOLD && this.deletedInHeap > this.live) this.compact();
  }

  /** Removes and returns the earliest timer whose timestamp is <= `limit`, if any. */
  pollUpTo(limit: number): TimerEntry | undefined {
    for (;;) {
      const top = this.heap[0];
      if (top === undefined || !(top.timestamp <= limit)) return undefined;
      this.pop();
      if (top.deleted) {
        this.deletedInHeap--;
        continue;
      }
      this.unindex(top);
      this.live--;
      return top;
    }
  }

  /** The earliest live timestamp, if any. */
  peekTimestamp(): number | undefined {
    for (;;) {
      const top = this.heap[0];
      if (top === undefined) return undefined;
      if (!top.deleted) return top.timestamp;
      this.pop();
      this.deletedInHeap--;
    }
  }

  /** The number of live timers. */
  size(): number {
    return this.live;
  }

  /** The live timers, sorted by (timestamp, seq). */
  liveSorted(): TimerEntry[] {
    return this.heap.filter((e) => !e.deleted).sort((a, b) => a.timestamp - b.timestamp || a.seq - b.seq);
  }

  clear(): void {
    this.heap = [];
    this.index.clear();
    this.live = 0;
    this.deletedInHeap = 0;
  }

  private unindex(entry: TimerEntry): void {
    const byNamespace = this.index.get(entry.key);
    const byTime = byNamespace?.get(entry.namespace);
    if (byNamespace === undefined || byTime === undefined) return;
    byTime.delete(entry.timestamp);
    if (byTime.size > 0) return;
    byNamespace.delete(entry.namespace);
    if (byNamespace.size === 0) this.index.delete(entry.key);
  }

  private compact(): void {
    this.heap = this.heap.filter((e) => !e.deleted);
    this.deletedInHeap = 0;
    for (let i = (this.heap.length >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  private push(entry: TimerEntry): void {
    const heap = this.heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent]!;
      if (!before(entry, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = entry;
  }

  private pop(): void {
    const heap = this.heap;
    const last = heap.pop();
    if (last === undefined || heap.length === 0) return;
    heap[0] = last;
    this.siftDown(0);
  }

  private siftDown(start: number): void {
    const heap = this.heap;
    const n = heap.length;
    const entry = heap[start]!;
    let i = start;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const child = r < n && before(heap[r]!, heap[l]!) ? r : l;
      const c = heap[child]!;
      if (!before(c, entry)) break;
      heap[i] = c;
      i = child;
    }
    heap[i] = entry;
  }
}
