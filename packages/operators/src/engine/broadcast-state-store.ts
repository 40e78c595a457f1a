import { WeirError } from '../errors/weir-error.js';
import type { MapState } from '../state/keyed-state.js';
import type { MapStateDescriptor } from '../state/state-descriptor.js';

/** The broadcast state of one operator instance: `[name, [mapKey, value][]]` per state. Plain data. */
export interface BroadcastStateSnapshot {
  readonly states: readonly (readonly [name: string, entries: readonly (readonly [key: string | number, value: unknown])[]])[];
}

/** A {@link MapState} that is one JS Map, not one per key. */
class BroadcastMapState<K extends string | number, V> implements MapState<K, V> {
  constructor(readonly map: Map<K, V>) {}
  get(key: K): V | undefined {
    return this.map.get(key);
  }
  put(key: K, value: V): void {
    this.map.set(key, value);
  }
  contains(key: K): boolean {
    return this.map.has(key);
  }
  remove(key: K): void {
    this.map.delete(key);
  }
  keys(): IterableIterator<K> {
    return this.map.keys();
  }
  values(): IterableIterator<V> {
    return this.map.values();
  }
  entries(): IterableIterator<[K, V]> {
    return this.map.entries();
  }
  size(): number {
    return this.map.size;
  }
  isEmpty(): boolean {
    return this.map.size === 0;
  }
  clear(): void {
    this.map.clear();
  }
}

/**
 * The broadcast state of one operator instance: one map per descriptor name, the same on
 * every parallel instance because every instance sees every broadcast element and must
 * update it deterministically. Values are treated as immutable, as in keyed state; TTL on
 * a broadcast descriptor is ignored.
 *
 * Being identical everywhere, it is restored from one subtask's snapshot (the first), also
 * when the parallelism changes.
 */
export class BroadcastStateStore {
  private readonly maps = new Map<string, Map<string | number, unknown>>();
  private readonly handles = new Map<string, BroadcastMapState<string | number, unknown>>();

  constructor(private readonly stepId?: string) {}

  /** Declares (or gets again) the broadcast map of `descriptor.name`. */
  getBroadcastState<K extends string | number, V>(descriptor: MapStateDescriptor<K, V>): MapState<K, V> {
    if (descriptor.kind !== 'map') {
      throw new WeirError('ERR_STATE_UNKNOWN', `${this.where()}broadcast state '${descriptor.name}' must be a map state, not ${String(descriptor.kind)}`, {
        domain: 'user',
        ...(this.stepId !== undefined && { stepId: this.stepId }),
      });
    }
    let handle = this.handles.get(descriptor.name);
    if (handle === undefined) {
      let map = this.maps.get(descriptor.name);
      if (map === undefined) this.maps.set(descriptor.name, (map = new Map()));
      this.handles.set(descriptor.name, (handle = new BroadcastMapState(map)));
    }
    return handle as unknown as MapState<K, V>;
  }

  /** Whether no broadcast state was declared or restored (then there is nothing to snapshot). */
  isEmpty(): boolean {
    return this.maps.size === 0;
  }

  /** A copy of every broadcast map. */
  snapshot(): BroadcastStateSnapshot {
    const states: [string, [string | number, unknown][]][] = [];
    for (const [name, map] of this.maps) states.push([name, [...map]]);
    return { states };
  }

  /**
   * Replaces all broadcast state with the first of `snapshots` (they are all equal: one per
   * old subtask). Call before the operator opens.
   */
  restore(snapshots: readonly BroadcastStateSnapshot[]): void {
    for (const map of this.maps.values()) map.clear();
    const first = snapshots[0];
    if (first === undefined) return;
    if (typeof first !== 'object' || first === null || !Array.isArray(first.states)) {
      throw new WeirError('ERR_STATE_UNKNOWN', `${this.where()}restored broadcast state is malformed: expected { states }`, {
        ...(this.stepId !== undefined && { stepId: this.stepId }),
      });
    }
    for (const [name, entries] of first.states) {
      let map = this.maps.get(name);
      if (map === undefined) this.maps.set(name, (map = new Map()));
      for (const [k, v] of entries) map.set(k, v);
    }
  }

  private where(): string {
    return this.stepId === undefined ? '' : `step '${this.stepId}': `;
  }
}
