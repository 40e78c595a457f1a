import { keyGroupOf, type Key } from '../api/key.js';
import type { KeyedStateStore } from '../api/operator-context.js';
import { WeirError } from '../errors/weir-error.js';
import type { AggregateFn, ReduceFn } from '../functions/aggregate-fn.js';
import type { AggregatingState, ListState, MapState, ReducingState, ValueState } from '../state/keyed-state.js';
import type {
  AggregatingStateDescriptor,
  ListStateDescriptor,
  MapStateDescriptor,
  ReducingStateDescriptor,
  StateDescriptor,
  ValueStateDescriptor,
} from '../state/state-descriptor.js';
import type { Clock } from '../time/time.js';
import {
  HeapAggregatingState,
  HeapListState,
  HeapMapState,
  HeapReducingState,
  HeapValueState,
  type CurrentKeyScope,
} from './heap-state-handles.js';
import {
  selectKeyedStateGroups,
  type KeyedStateEntrySnapshot,
  type KeyedStateSnapshot,
  type KeyGroupStateSnapshot,
  type StateKind,
  type StateSnapshot,
} from './keyed-state-snapshot.js';
import { notKeyedError } from './not-keyed-error.js';
import { StateTable } from './state-table.js';

/** Options of a {@link HeapKeyedStateBackend}. */
export interface HeapKeyedStateBackendOptions {
  /** The step whose state this is: named in errors. */
  readonly stepId: string;
  /** The number of key groups snapshots are split into. */
  readonly maxParallelism: number;
  /** Processing time for state TTL. */
  readonly clock: Clock;
}

/** A descriptor seen without its type parameters. */
interface AnyDescriptor {
  readonly kind: StateKind;
  readonly name: string;
  readonly ttl?: StateDescriptor['ttl'];
  readonly reduce?: ReduceFn<unknown>;
  readonly aggregate?: AggregateFn<unknown, unknown, unknown>;
}

interface Declared {
  readonly descriptor: object;
  readonly handle: unknown;
}

/**
 * The keyed state of one operator instance, on the JS heap: for each declared state name a
 * `Map` from key to that key's entry. The runtime sets the current key before it hands a
 * record or a timer to the operator; every state handle reads and writes that key's entry.
 *
 * Values are kept by reference and treated as immutable: after `update(v)` / `add(v)` /
 * `put(k, v)` a caller must not mutate `v` (or anything reachable from it), or checkpoints
 * taken before the mutation change too. The same holds for a `ReduceFn`: it returns a new
 * value rather than changing its first argument. Lists and maps the backend owns are copied
 * when snapshotted and restored; aggregating accumulators, which `AggregateFn.add` may mutate
 * in place, are deep-copied (structured clone).
 *
 * TTL: expiry is measured on the injected clock; an expired entry is never returned and is
 * removed when it is next read or written, and when a snapshot is taken. TTL applies to a
 * key's whole entry (the whole list or map), not to single list elements or map entries.
 *
 * Not thread-safe and not re-entrant across instances: one backend belongs to one operator
 * instance, which the runtime never calls concurrently.
 */
export class HeapKeyedStateBackend implements KeyedStateStore, CurrentKeyScope {
  readonly stepId: string;
  readonly maxParallelism: number;
  private readonly clock: Clock;
  private key: Key | undefined;
  private readonly tables = new Map<string, StateTable>();
  private readonly declared = new Map<string, Declared>();

  constructor(options: HeapKeyedStateBackendOptions) {
    this.stepId = options.stepId;
    this.maxParallelism = options.maxParallelism;
    this.clock = options.clock;
  }

  /**
   * Makes `key` the current key. Called once per record on the hot path: it validates the
   * key's type and stores it, nothing else.
   *
   * @throws WeirError ERR_USER_FUNCTION when the key is neither a string nor a number.
   */
  setCurrentKey(key: Key): void {
    if (typeof key !== 'string' && typeof key !== 'number') {
      throw new WeirError('ERR_USER_FUNCTION', `step '${this.stepId}': a key selector returned a ${key === null ? 'null' : typeof key}; keys must be strings or numbers`, {
        domain: 'user',
        stepId: this.stepId,
      });
    }
    this.key = key;
  }

  /** Unsets the current key (while a broadcast input is processed): state access then throws. */
  clearCurrentKey(): void {
    this.key = undefined;
  }

  /** Whether a current key is set. */
  hasCurrentKey(): boolean {
    return this.key !== undefined;
  }

  /**
   * The current key.
   *
   * @throws WeirError ERR_STATE_NOT_KEYED when no key is set.
   */
  currentKey(): Key {
    const key = this.key;
    if (key === undefined) throw notKeyedError(this.stepId, 'keyed state', 'no current key is set (keyed state is used outside processing a keyed record or timer)');
    return key;
  }

  /**
   * Declares a state and returns its handle. Declaring the same name again with the same
   * kind returns a handle over the same entries.
   *
   * @throws WeirError ERR_STATE_UNKNOWN when the name was declared (or restored) with another kind.
   */
  getState<T>(descriptor: ValueStateDescriptor<T>): ValueState<T>;
  getState<T>(descriptor: ListStateDescriptor<T>): ListState<T>;
  getState<K extends string | number, V>(descriptor: MapStateDescriptor<K, V>): MapState<K, V>;
  getState<T>(descriptor: ReducingStateDescriptor<T>): ReducingState<T>;
  getState<IN, ACC, OUT>(descriptor: AggregatingStateDescriptor<IN, ACC, OUT>): AggregatingState<IN, OUT>;
  getState(descriptor: AnyDescriptor): unknown {
    const { name, kind } = descriptor;
    const known = this.declared.get(name);
    if (known !== undefined && known.descriptor === descriptor) return known.handle;
    let table = this.tables.get(name);
    if (table !== undefined && table.kind !== kind) {
      throw new WeirError(
        'ERR_STATE_UNKNOWN',
        `step '${this.stepId}': state '${name}' is declared as a ${kind} state but ${known === undefined ? 'was restored' : 'was already declared'} as a ${table.kind} state`,
        { domain: 'user', stepId: this.stepId },
      );
    }
    if (table === undefined) this.tables.set(name, (table = new StateTable(name, kind, this.clock)));
    table.configureTtl(descriptor.ttl);
    const handle = this.makeHandle(descriptor, table);
    this.declared.set(name, { descriptor, handle });
    return handle;
  }

  private makeHandle(descriptor: AnyDescriptor, table: StateTable): unknown {
    switch (descriptor.kind) {
      case 'value':
        return new HeapValueState(this, table);
      case 'list':
        return new HeapListState(this, table);
      case 'map':
        return new HeapMapState(this, table);
      case 'reducing':
        if (typeof descriptor.reduce !== 'function') throw this.malformed(descriptor.name, 'a reducing state needs a reduce function');
        return new HeapReducingState(this, table, descriptor.reduce);
      case 'aggregating':
        if (typeof descriptor.aggregate !== 'object') throw this.malformed(descriptor.name, 'an aggregating state needs an aggregate function');
        return new HeapAggregatingState(this, table, descriptor.aggregate);
    }
  }

  private malformed(name: string, why: string): WeirError {
    return new WeirError('ERR_STATE_UNKNOWN', `step '${this.stepId}': state '${name}': ${why}`, { domain: 'user', stepId: this.stepId });
  }

  /**
   * A copy of all live entries, grouped by key group; expired entries are removed first.
   * Synchronous and O(entries); what it returns is not changed by later state updates.
   */
  snapshot(): KeyedStateSnapshot {
    const byGroup = new Map<number, StateSnapshot[]>();
    const groupOfKey = new Map<Key, number>();
    for (const table of this.tables.values()) {
      const perGroup = new Map<number, KeyedStateEntrySnapshot[]>();
      table.forEachLive((key, value, expiresAt) => {
        let group = groupOfKey.get(key);
        if (group === undefined) groupOfKey.set(key, (group = keyGroupOf(key, this.maxParallelism)));
        let entries = perGroup.get(group);
        if (entries === undefined) perGroup.set(group, (entries = []));
        const copy = copyOut(table.kind, value);
        entries.push(expiresAt === undefined ? [key, copy] : [key, copy, expiresAt]);
      });
      for (const [group, entries] of perGroup) {
        let states = byGroup.get(group);
        if (states === undefined) byGroup.set(group, (states = []));
        states.push([table.name, table.kind, entries]);
      }
    }
    const groups: KeyGroupStateSnapshot[] = [];
    for (const group of [...byGroup.keys()].sort((a, b) => a - b)) groups.push([group, byGroup.get(group)!]);
    return { maxParallelism: this.maxParallelism, groups };
  }

  /**
   * Replaces all state with the entries of `snapshots` whose key group lies in
   * `keyGroupRange` ([first, last], inclusive): with the snapshots of every old subtask this
   * redistributes state to a new parallelism. Call before the operator declares its state
   * (before `open`); states restored but not declared again are kept and snapshotted again.
   *
   * @throws WeirError ERR_STATE_UNKNOWN when the snapshots are malformed, disagree on a
   *   state's kind, or hold the same key twice.
   */
  restore(snapshots: readonly KeyedStateSnapshot[], keyGroupRange: readonly [number, number]): void {
    for (const table of this.tables.values()) table.clear();
    const selected = selectKeyedStateGroups(snapshots, keyGroupRange, this.maxParallelism);
    for (const [, states] of selected.groups) {
      for (const [name, kind, entries] of states) {
        let table = this.tables.get(name);
        if (table === undefined) this.tables.set(name, (table = new StateTable(name, kind, this.clock)));
        else if (table.kind !== kind) throw this.malformed(name, `restored as a ${kind} state but declared as a ${table.kind} state`);
        for (const entry of entries) {
          const key = entry[0];
          if (table.values.has(key)) throw this.malformed(name, `restored state holds key ${JSON.stringify(key)} twice`);
          table.restore(key, copyIn(kind, entry[1], name, this), entry[2]);
        }
      }
    }
  }

  /** The number of live (key, state) entries over all states: for tests and metrics. */
  numEntries(): number {
    let n = 0;
    for (const table of this.tables.values()) n += table.size();
    return n;
  }
}

/** The snapshot form of a live value (see {@link KeyedStateEntrySnapshot}). */
function copyOut(kind: StateKind, value: unknown): unknown {
  switch (kind) {
    case 'value':
    case 'reducing':
      return value;
    case 'list':
      return (value as unknown[]).slice();
    case 'map':
      return [...(value as Map<unknown, unknown>)];
    case 'aggregating':
      return structuredClone(value);
  }
}

/** The live form of a snapshotted value; never aliases the snapshot's lists, maps or accumulators. */
function copyIn(kind: StateKind, value: unknown, name: string, backend: HeapKeyedStateBackend): unknown {
  const bad = (what: string): WeirError =>
    new WeirError('ERR_STATE_UNKNOWN', `step '${backend.stepId}': restored ${kind} state '${name}' is malformed: expected ${what}`, {
      stepId: backend.stepId,
    });
  switch (kind) {
    case 'value':
    case 'reducing':
      return value;
    case 'list':
      if (!Array.isArray(value)) throw bad('an array');
      return value.slice();
    case 'map':
      if (!Array.isArray(value)) throw bad('an array of [key, value] pairs');
      return new Map(value as [unknown, unknown][]);
    case 'aggregating':
      return structuredClone(value);
  }
}
