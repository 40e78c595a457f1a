import { keyGroupOf, type Key } from '../api/key.js';
import { WeirError } from '../errors/weir-error.js';
import type { StateDescriptor } from '../state/state-descriptor.js';

/** The kind of a keyed state, as declared by its descriptor. */
export type StateKind = StateDescriptor['kind'];

/**
 * One key's entry of one state: `[key, value]`, or `[key, value, expiresAt]` for state with
 * a TTL (`expiresAt` in processing-time milliseconds). `value` is, by kind:
 * value/reducing → the value; aggregating → the accumulator; list → an array;
 * map → an array of `[mapKey, mapValue]` pairs.
 */
export type KeyedStateEntrySnapshot = readonly [key: Key, value: unknown] | readonly [key: Key, value: unknown, expiresAt: number];

/** The entries of one named state within one key group. */
export type StateSnapshot = readonly [name: string, kind: StateKind, entries: readonly KeyedStateEntrySnapshot[]];

/** Everything one key group holds: its states, by name. */
export type KeyGroupStateSnapshot = readonly [keyGroup: number, states: readonly StateSnapshot[]];

/**
 * The keyed state of one operator instance at a checkpoint, grouped by key group so that it
 * can be redistributed when parallelism changes. Plain data only (arrays, numbers, strings
 * and the users' values): it survives structured clone and msgpack.
 */
export interface KeyedStateSnapshot {
  readonly maxParallelism: number;
  /** Sorted by key group; empty groups and empty states are left out. */
  readonly groups: readonly KeyGroupStateSnapshot[];
}

interface MutableState {
  readonly kind: StateKind;
  readonly entries: KeyedStateEntrySnapshot[];
}

/**
 * Selects, from the keyed snapshots of any number of (old) subtasks, the key groups in
 * `range` ([first, last], inclusive) under `maxParallelism`. When a snapshot was taken with
 * another maxParallelism its entries are regrouped key by key, so even that can change.
 * The result shares the users' values with its inputs (they are immutable by contract).
 *
 * @throws WeirError ERR_STATE_UNKNOWN when a state name appears with two kinds.
 */
export function selectKeyedStateGroups(
  snapshots: readonly KeyedStateSnapshot[],
  range: readonly [number, number],
  maxParallelism: number,
): KeyedStateSnapshot {
  const [first, last] = range;
  const byGroup = new Map<number, Map<string, MutableState>>();
  const add = (group: number, name: string, kind: StateKind, entries: readonly KeyedStateEntrySnapshot[]): void => {
    let states = byGroup.get(group);
    if (states === undefined) byGroup.set(group, (states = new Map()));
    let state = states.get(name);
    if (state === undefined) states.set(name, (state = { kind, entries: [] }));
    else if (state.kind !== kind) {
      throw new WeirError('ERR_STATE_UNKNOWN', `restored keyed state '${name}' is both a ${state.kind} state and a ${kind} state`);
    }
    for (const e of entries) state.entries.push(e);
  };
  for (const snapshot of snapshots) {
    checkShape(snapshot);
    const sameGrouping = snapshot.maxParallelism === maxParallelism;
    for (const [group, states] of snapshot.groups) {
      if (sameGrouping && (group < first || group > last)) continue;
      for (const [name, kind, entries] of states) {
        if (sameGrouping) {
          add(group, name, kind, entries);
          continue;
        }
        for (const entry of entries) {
          const g = keyGroupOf(entry[0], maxParallelism);
          if (g >= first && g <= last) add(g, name, kind, [entry]);
        }
      }
    }
  }
  const groups: KeyGroupStateSnapshot[] = [];
  for (const group of [...byGroup.keys()].sort((a, b) => a - b)) {
    const states: StateSnapshot[] = [];
    for (const [name, s] of byGroup.get(group)!) states.push([name, s.kind, s.entries]);
    groups.push([group, states]);
  }
  return { maxParallelism, groups };
}

function checkShape(snapshot: KeyedStateSnapshot): void {
  if (typeof snapshot !== 'object' || snapshot === null || typeof snapshot.maxParallelism !== 'number' || !Array.isArray(snapshot.groups)) {
    throw new WeirError('ERR_STATE_UNKNOWN', 'restored keyed state is malformed: expected { maxParallelism, groups }');
  }
}
