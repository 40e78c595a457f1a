import { keyGroupOf, type Key } from '../api/key.js';
import { MIN_WATERMARK, type Clock } from '../time/time.js';
import type { Timer, TimerService } from '../time/timer.js';
import { TimerQueue } from './timer-queue.js';
import { byTimeThenSeq, selectTimerGroups, type KeyGroupTimersSnapshot, type TimerSnapshotEntry, type TimersSnapshot } from './timers-snapshot.js';

/** Options of a {@link HeapTimerService}. */
export interface HeapTimerServiceOptions {
  /** Processing time (also what `currentProcessingTime` returns). */
  readonly clock: Clock;
  /** The number of key groups snapshots are split into. */
  readonly maxParallelism: number;
  /**
   * The key timers are registered and deleted for. It throws ERR_STATE_NOT_KEYED when there
   * is none, which is how a non-keyed operator's timer service refuses timers.
   */
  readonly currentKey: () => Key;
}

/**
 * Event-time and processing-time timers of one operator instance, on the JS heap: two
 * binary min-heaps of (timestamp, key, namespace), de-duplicated per (key, namespace,
 * timestamp). `advanceWatermark` / `advanceProcessingTime` fire the due timers in
 * timestamp order, ties in registration order; a timer registered while firing that is
 * already due fires in the same call.
 *
 * Not thread-safe: it belongs to one operator instance, which is never called concurrently.
 */
export class HeapTimerService implements TimerService {
  private readonly clock: Clock;
  private readonly maxParallelism: number;
  private readonly currentKey: () => Key;
  private readonly eventTime = new TimerQueue('event-time');
  private readonly processingTime = new TimerQueue('processing-time');
  private watermark = MIN_WATERMARK;
  private seq = 0;

  constructor(options: HeapTimerServiceOptions) {
    this.clock = options.clock;
    this.maxParallelism = options.maxParallelism;
    this.currentKey = options.currentKey;
  }

  currentProcessingTime(): number {
    return this.clock.now();
  }

  /** The last watermark given to {@link advanceWatermark} (MIN_WATERMARK before any). */
  currentWatermark(): number {
    return this.watermark;
  }

  registerEventTimeTimer(timestamp: number, namespace = ''): void {
    checkTimestamp(timestamp);
    this.eventTime.add(this.currentKey(), namespace, timestamp, this.seq++);
  }

  registerProcessingTimeTimer(timestamp: number, namespace = ''): void {
    checkTimestamp(timestamp);
    this.processingTime.add(this.currentKey(), namespace, timestamp, this.seq++);
  }

  deleteEventTimeTimer(timestamp: number, namespace = ''): void {
    this.eventTime.remove(this.currentKey(), namespace, timestamp);
  }

  deleteProcessingTimeTimer(timestamp: number, namespace = ''): void {
    this.processingTime.remove(this.currentKey(), namespace, timestamp);
  }

  /**
   * Makes `watermark` the current watermark (if it is larger) and fires, through `fire`,
   * every event-time timer with timestamp <= `watermark`, including those registered by
   * `fire` itself. A timer is removed before it is fired.
   */
  advanceWatermark(watermark: number, fire: (timer: Timer) => void): void {
    if (watermark > this.watermark) this.watermark = watermark;
    let timer: Timer | undefined;
    while ((timer = this.eventTime.pollUpTo(watermark)) !== undefined) fire(timer);
  }

  /** Fires every processing-time timer with timestamp <= `now`, like {@link advanceWatermark}. */
  advanceProcessingTime(now: number, fire: (timer: Timer) => void): void {
    let timer: Timer | undefined;
    while ((timer = this.processingTime.pollUpTo(now)) !== undefined) fire(timer);
  }

  /** The earliest processing-time timer, for the runtime to schedule a wake-up. */
  nextProcessingTime(): number | undefined {
    return this.processingTime.peekTimestamp();
  }

  /** The earliest event-time timer. */
  nextEventTime(): number | undefined {
    return this.eventTime.peekTimestamp();
  }

  /** The number of registered timers of both domains. */
  numTimers(): number {
    return this.eventTime.size() + this.processingTime.size();
  }

  /** A copy of all registered timers, grouped by key group. */
  snapshot(): TimersSnapshot {
    const byGroup = new Map<number, [TimerSnapshotEntry[], TimerSnapshotEntry[]]>();
    const groupOfKey = new Map<Key, number>();
    for (const [domain, queue] of [[0, this.eventTime] as const, [1, this.processingTime] as const]) {
      for (const t of queue.liveSorted()) {
        let group = groupOfKey.get(t.key);
        if (group === undefined) groupOfKey.set(t.key, (group = keyGroupOf(t.key, this.maxParallelism)));
        let lists = byGroup.get(group);
        if (lists === undefined) byGroup.set(group, (lists = [[], []]));
        lists[domain].push([t.timestamp, t.key, t.namespace, t.seq]);
      }
    }
    const groups: KeyGroupTimersSnapshot[] = [];
    for (const group of [...byGroup.keys()].sort((a, b) => a - b)) {
      const [e, p] = byGroup.get(group)!;
      groups.push([group, e, p]);
    }
    return { maxParallelism: this.maxParallelism, groups };
  }

  /**
   * Replaces all timers with those of `snapshots` whose key group lies in `keyGroupRange`
   * ([first, last], inclusive). Ties keep their registration order within one old subtask.
   * The watermark is not restored: it starts again at MIN_WATERMARK.
   */
  restore(snapshots: readonly TimersSnapshot[], keyGroupRange: readonly [number, number]): void {
    this.eventTime.clear();
    this.processingTime.clear();
    this.seq = 0;
    const selected = selectTimerGroups(snapshots, keyGroupRange, this.maxParallelism);
    const event: TimerSnapshotEntry[] = [];
    const processing: TimerSnapshotEntry[] = [];
    for (const [, e, p] of selected.groups) {
      for (const t of e) event.push(t);
      for (const t of p) processing.push(t);
    }
    // Array.prototype.sort is stable: equal (timestamp, seq) pairs keep the snapshots' order.
    for (const [timestamp, key, namespace] of event.sort(byTimeThenSeq)) this.eventTime.add(key, namespace, timestamp, this.seq++);
    for (const [timestamp, key, namespace] of processing.sort(byTimeThenSeq)) this.processingTime.add(key, namespace, timestamp, this.seq++);
  }
}

function checkTimestamp(timestamp: number): void {
  if (typeof timestamp !== 'number' || Number.isNaN(timestamp)) throw new RangeError(`a timer needs a numeric timestamp, got ${String(timestamp)}`);
}
