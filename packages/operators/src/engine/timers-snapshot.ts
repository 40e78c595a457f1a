import { keyGroupOf, type Key } from '../api/key.js';
import { WeirError } from '../errors/weir-error.js';

/**
 * One timer: `[timestamp, key, namespace, seq]`. `seq` orders timers with the same
 * timestamp by registration, so that a restored operator fires ties in the same order.
 */
export type TimerSnapshotEntry = readonly [timestamp: number, key: Key, namespace: string, seq: number];

/** The timers of one key group, each list sorted by (timestamp, seq). */
export type KeyGroupTimersSnapshot = readonly [
  keyGroup: number,
  eventTime: readonly TimerSnapshotEntry[],
  processingTime: readonly TimerSnapshotEntry[],
];

/** The timers of one operator instance at a checkpoint, grouped by key group. Plain data. */
export interface TimersSnapshot {
  readonly maxParallelism: number;
  /** Sorted by key group; groups without timers are left out. */
  readonly groups: readonly KeyGroupTimersSnapshot[];
}

/**
 * Selects, from the timer snapshots of any number of (old) subtasks, the key groups in
 * `range` ([first, last], inclusive) under `maxParallelism`; a snapshot taken with another
 * maxParallelism is regrouped timer by timer.
 *
 * @throws WeirError ERR_STATE_UNKNOWN when a snapshot is malformed.
 */
export function selectTimerGroups(
  snapshots: readonly TimersSnapshot[],
  range: readonly [number, number],
  maxParallelism: number,
): TimersSnapshot {
  const [first, last] = range;
  const byGroup = new Map<number, [TimerSnapshotEntry[], TimerSnapshotEntry[]]>();
  const lists = (group: number): [TimerSnapshotEntry[], TimerSnapshotEntry[]] => {
    let l = byGroup.get(group);
    if (l === undefined) byGroup.set(group, (l = [[], []]));
    return l;
  };
  for (const snapshot of snapshots) {
    if (typeof snapshot !== 'object' || snapshot === null || typeof snapshot.maxParallelism !== 'number' || !Array.isArray(snapshot.groups)) {
      throw new WeirError('ERR_STATE_UNKNOWN', 'restored timers are malformed: expected { maxParallelism, groups }');
    }
    const sameGrouping = snapshot.maxParallelism === maxParallelism;
    for (const [group, eventTime, processingTime] of snapshot.groups) {
      if (sameGrouping) {
        if (group < first || group > last) continue;
        const [e, p] = lists(group);
        for (const t of eventTime) e.push(t);
        for (const t of processingTime) p.push(t);
        continue;
      }
      for (const [domain, timers] of [[0, eventTime] as const, [1, processingTime] as const]) {
        for (const t of timers) {
          const g = keyGroupOf(t[1], maxParallelism);
          if (g >= first && g <= last) lists(g)[domain].push(t);
        }
      }
    }
  }
  const groups: KeyGroupTimersSnapshot[] = [];
  for (const group of [...byGroup.keys()].sort((a, b) => a - b)) {
    const [e, p] = byGroup.get(group)!;
    groups.push([group, e.sort(byTimeThenSeq), p.sort(byTimeThenSeq)]);
  }
  return { maxParallelism, groups };
}

/** Orders timer entries by timestamp, then registration order. */
export function byTimeThenSeq(a: TimerSnapshotEntry, b: TimerSnapshotEntry): number {
  return a[0] - b[0] || a[3] - b[3];
}
