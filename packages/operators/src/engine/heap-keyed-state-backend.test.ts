import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { keyGroupOf, keyGroupRange, type Key } from '../api/key.js';
import { WeirError } from '../errors/weir-error.js';
import { aggregatingState, listState, mapState, reducingState, valueState } from '../state/state-descriptor.js';
import { ManualClock } from '../time/time.js';
import { HeapKeyedStateBackend } from './heap-keyed-state-backend.js';
import type { KeyedStateSnapshot } from './keyed-state-snapshot.js';

const backend = (clock = new ManualClock(0), maxParallelism = 128) => new HeapKeyedStateBackend({ stepId: 's', maxParallelism, clock });

const isWeir = (code: string) => (err: unknown) => err instanceof WeirError && err.code === code;

const average = {
  createAccumulator: () => ({ sum: 0, count: 0 }),
  add: (v: number, acc: { sum: number; count: number }) => {
    acc.sum += v; // mutates in place, as AggregateFn allows
    acc.count++;
    return acc;
  },
  getResult: (acc: { sum: number; count: number }) => acc.sum / acc.count,
  merge: (a: { sum: number; count: number }, b: { sum: number; count: number }) => ({ sum: a.sum + b.sum, count: a.count + b.count }),
};

describe('HeapKeyedStateBackend', () => {
  it('keeps a value per key', () => {
    const b = backend();
    const s = b.getState(valueState<number>('v'));
    b.setCurrentKey('a');
    assert.equal(s.value(), undefined);
    s.update(1);
    b.setCurrentKey('b');
    s.update(2);
    b.setCurrentKey('a');
    assert.equal(s.value(), 1);
    s.clear();
    assert.equal(s.value(), undefined);
    b.setCurrentKey('b');
    assert.equal(s.value(), 2);
    s.update(undefined as unknown as number);
    assert.equal(b.numEntries(), 0, 'updating with undefined clears');
  });

  it('keeps numbers and strings as distinct keys', () => {
    const b = backend();
    const s = b.getState(valueState<string>('v'));
    b.setCurrentKey(1);
    s.update('number');
    b.setCurrentKey('1');
    assert.equal(s.value(), undefined);
  });

  it('keeps a list per key', () => {
    const b = backend();
    const s = b.getState(listState<number>('l'));
    b.setCurrentKey('a');
    assert.deepEqual(s.get(), []);
    s.add(1);
    s.addAll([2, 3]);
    assert.deepEqual(s.get(), [1, 2, 3]);
    const mine = [7, 8];
    s.update(mine);
    mine.push(9);
    assert.deepEqual(s.get(), [7, 8], 'update copies the caller’s array');
    b.setCurrentKey('b');
    s.addAll([]);
    assert.deepEqual(s.get(), []);
    assert.equal(b.numEntries(), 1);
    b.setCurrentKey('a');
    s.update([]);
    assert.equal(b.numEntries(), 0, 'an empty list is no entry');
    s.add(1);
    s.clear();
    assert.deepEqual(s.get(), []);
  });

  it('keeps a map per key', () => {
    const b = backend();
    const s = b.getState(mapState<string, number>('m'));
    b.setCurrentKey('a');
    assert.equal(s.isEmpty(), true);
    assert.deepEqual([...s.keys()], []);
    s.put('x', 1);
    s.put('y', 2);
    s.put('x', 3);
    assert.equal(s.get('x'), 3);
    assert.equal(s.contains('y'), true);
    assert.equal(s.contains('z'), false);
    assert.equal(s.size(), 2);
    assert.deepEqual([...s.entries()], [['x', 3], ['y', 2]]);
    assert.deepEqual([...s.keys()], ['x', 'y']);
    assert.deepEqual([...s.values()], [3, 2]);
    b.setCurrentKey('b');
    assert.equal(s.get('x'), undefined);
    assert.equal(s.size(), 0);
    b.setCurrentKey('a');
    s.remove('x');
    s.remove('nothing');
    assert.equal(s.size(), 1);
    s.remove('y');
    assert.equal(b.numEntries(), 0, 'an emptied map is no entry');
    s.put('z', 1);
    s.clear();
    assert.equal(s.isEmpty(), true);
  });

  it('folds a reducing state per key', () => {
    const b = backend();
    const s = b.getState(reducingState<number>('r', (x, y) => x + y));
    b.setCurrentKey('a');
    assert.equal(s.get(), undefined);
    s.add(1);
    s.add(2);
    b.setCurrentKey('b');
    s.add(10);
    b.setCurrentKey('a');
    assert.equal(s.get(), 3);
    s.clear();
    assert.equal(s.get(), undefined);
  });

  it('feeds an aggregating state per key', () => {
    const b = backend();
    const s = b.getState(aggregatingState('avg', average));
    b.setCurrentKey('a');
    assert.equal(s.get(), undefined);
    s.add(1);
    s.add(3);
    b.setCurrentKey('b');
    s.add(10);
    b.setCurrentKey('a');
    assert.equal(s.get(), 2);
    s.clear();
    assert.equal(s.get(), undefined);
  });

  it('returns the same handle for the same descriptor and shares entries across declarations', () => {
    const b = backend();
    const d = valueState<number>('v');
    assert.equal(b.getState(d), b.getState(d));
    const other = b.getState(valueState<number>('v'));
    b.setCurrentKey('k');
    b.getState(d).update(5);
    assert.equal(other.value(), 5);
  });

  it('rejects redeclaring a name with another kind', () => {
    const b = backend();
    b.getState(valueState<number>('x'));
    assert.throws(() => b.getState(listState<number>('x')), (err: unknown) => isWeir('ERR_STATE_UNKNOWN')(err) && /x/.test((err as Error).message));
  });

  it('throws ERR_STATE_NOT_KEYED without a current key, naming the step', () => {
    const b = backend();
    const s = b.getState(valueState<number>('v'));
    assert.throws(() => s.value(), (err: unknown) => isWeir('ERR_STATE_NOT_KEYED')(err) && (err as WeirError).stepId === 's');
    b.setCurrentKey('a');
    s.update(1);
    b.clearCurrentKey();
    assert.throws(() => s.update(2), isWeir('ERR_STATE_NOT_KEYED'));
    assert.throws(() => b.currentKey(), isWeir('ERR_STATE_NOT_KEYED'));
  });

  it('rejects keys that are neither strings nor numbers', () => {
    const b = backend();
    assert.throws(() => b.setCurrentKey({} as unknown as Key), isWeir('ERR_USER_FUNCTION'));
    assert.throws(() => b.setCurrentKey(undefined as unknown as Key), isWeir('ERR_USER_FUNCTION'));
  });

  describe('TTL', () => {
    it("expires entries 'on-create-and-write': reads do not refresh", () => {
      const clock = new ManualClock(1000);
      const b = backend(clock);
      const s = b.getState(valueState<string>('v', { ttl: { ttlMs: 100 } }));
      b.setCurrentKey('a');
      s.update('x');
      clock.advance(60);
      assert.equal(s.value(), 'x');
      clock.advance(39);
      assert.equal(s.value(), 'x', 'alive until ttl has passed since the write');
      clock.advance(1);
      assert.equal(s.value(), undefined, 'expired at write + ttl');
      assert.equal(b.numEntries(), 0, 'removed on access');
    });

    it("expires entries 'on-read-and-write': reads refresh", () => {
      const clock = new ManualClock(0);
      const b = backend(clock);
      const s = b.getState(valueState<string>('v', { ttl: { ttlMs: 100, update: 'on-read-and-write' } }));
      b.setCurrentKey('a');
      s.update('x');
      for (let i = 0; i < 5; i++) {
        clock.advance(90);
        assert.equal(s.value(), 'x');
      }
      clock.advance(100);
      assert.equal(s.value(), undefined);
    });

    it('refreshes on writes that change a list or map in place', () => {
      const clock = new ManualClock(0);
      const b = backend(clock);
      const l = b.getState(listState<number>('l', { ttl: { ttlMs: 100 } }));
      const m = b.getState(mapState<string, number>('m', { ttl: { ttlMs: 100 } }));
      b.setCurrentKey('a');
      l.add(1);
      m.put('x', 1);
      clock.advance(90);
      l.add(2);
      m.put('y', 2);
      clock.advance(90);
      assert.deepEqual(l.get(), [1, 2]);
      assert.equal(m.size(), 2);
      clock.advance(10);
      assert.deepEqual(l.get(), []);
      assert.equal(m.get('x'), undefined);
      l.add(3);
      assert.deepEqual(l.get(), [3], 'an expired list starts afresh');
    });

    it('drops expired entries from snapshots and from the live state', () => {
      const clock = new ManualClock(0);
      const b = backend(clock);
      const s = b.getState(valueState<number>('v', { ttl: { ttlMs: 100 } }));
      b.setCurrentKey('old');
      s.update(1);
      clock.advance(50);
      b.setCurrentKey('new');
      s.update(2);
      clock.advance(50);
      const snap = b.snapshot();
      const entries = snap.groups.flatMap(([, states]) => states.flatMap(([, , e]) => e));
      assert.deepEqual(entries, [['new', 2, 150]]);
      assert.equal(b.numEntries(), 1);
    });

    it('keeps expiry times across snapshot and restore', () => {
      const clock = new ManualClock(0);
      const b = backend(clock);
      const d = valueState<number>('v', { ttl: { ttlMs: 100 } });
      b.getState(d);
      b.setCurrentKey('a');
      b.getState(d).update(1);
      const snap = b.snapshot();
      const restored = backend(clock);
      restored.restore([snap], [0, 127]);
      const s = restored.getState(d);
      restored.setCurrentKey('a');
      clock.advance(99);
      assert.equal(s.value(), 1);
      clock.advance(1);
      assert.equal(s.value(), undefined);
    });
  });

  describe('snapshot', () => {
    it('is plain data, grouped and sorted by key group', () => {
      const b = backend();
      const v = b.getState(valueState<number>('v'));
      const m = b.getState(mapState<string, number>('m'));
      for (const k of ['a', 'b', 'c', 1, 2]) {
        b.setCurrentKey(k);
        v.update(1);
        m.put('x', 1);
      }
      const snap = b.snapshot();
      assert.deepEqual(structuredClone(snap), snap);
      assertPlainData(snap);
      const groups = snap.groups.map(([g]) => g);
      assert.deepEqual(groups, [...groups].sort((x, y) => x - y));
      for (const [g, states] of snap.groups) {
        for (const [, , entries] of states) for (const [key] of entries) assert.equal(keyGroupOf(key, 128), g);
      }
    });

    it('does not change when state changes afterwards', () => {
      const b = backend();
      const v = b.getState(valueState<number>('v'));
      const l = b.getState(listState<number>('l'));
      const m = b.getState(mapState<string, number>('m'));
      const a = b.getState(aggregatingState('avg', average));
      b.setCurrentKey('k');
      v.update(1);
      l.add(1);
      m.put('x', 1);
      a.add(1);
      const snap = b.snapshot();
      const frozen = structuredClone(snap);
      v.update(2);
      l.add(2);
      m.put('y', 2);
      m.put('x', 5);
      a.add(100); // mutates the accumulator in place
      b.setCurrentKey('other');
      v.update(3);
      assert.deepEqual(snap, frozen);
    });

    it('restores lists, maps and accumulators as copies of the snapshot', () => {
      const b = backend();
      b.getState(listState<number>('l'));
      const l = b.getState(listState<number>('l'));
      const a = b.getState(aggregatingState('avg', average));
      b.setCurrentKey('k');
      l.add(1);
      a.add(2);
      const snap = b.snapshot();
      const frozen = structuredClone(snap);
      for (let i = 0; i < 2; i++) {
        const r = backend();
        r.restore([snap], [0, 127]);
        r.setCurrentKey('k');
        const rl = r.getState(listState<number>('l'));
        const ra = r.getState(aggregatingState('avg', average));
        assert.deepEqual(rl.get(), [1]);
        assert.equal(ra.get(), 2);
        rl.add(5);
        ra.add(4);
        assert.equal(ra.get(), 3);
      }
      assert.deepEqual(snap, frozen);
    });
  });

  describe('restore', () => {
    it('keeps only the key groups in range', () => {
      const b = backend(new ManualClock(0), 8);
      const s = b.getState(valueState<string>('v'));
      const keys = Array.from({ length: 100 }, (_, i) => `key-${i}`);
      for (const k of keys) {
        b.setCurrentKey(k);
        s.update(k);
      }
      const snap = b.snapshot();
      const r = backend(new ManualClock(0), 8);
      r.restore([snap], [2, 4]);
      const rs = r.getState(valueState<string>('v'));
      let n = 0;
      for (const k of keys) {
        r.setCurrentKey(k);
        const inRange = keyGroupOf(k, 8) >= 2 && keyGroupOf(k, 8) <= 4;
        assert.equal(rs.value(), inRange ? k : undefined);
        if (inRange) n++;
      }
      assert.ok(n > 0 && n < keys.length);
      assert.equal(r.numEntries(), n);
    });

    it('redistributes state from 2 subtasks to 3: every key lands exactly once', () => {
      const maxParallelism = 128;
      const keys: Key[] = [...Array.from({ length: 300 }, (_, i) => `user-${i}`), ...Array.from({ length: 200 }, (_, i) => i * 7)];
      const olds = [0, 1].map((i) => {
        const b = backend(new ManualClock(0), maxParallelism);
        const range = keyGroupRange(i, maxParallelism, 2);
        const v = b.getState(valueState<Key>('v'));
        const l = b.getState(listState<Key>('l'));
        for (const k of keys) {
          const g = keyGroupOf(k, maxParallelism);
          if (g < range[0] || g > range[1]) continue;
          b.setCurrentKey(k);
          v.update(k);
          l.addAll([k, k]);
        }
        return b.snapshot();
      });
      const seen = new Map<Key, number>();
      for (let i = 0; i < 3; i++) {
        const b = backend(new ManualClock(0), maxParallelism);
        b.restore(olds, keyGroupRange(i, maxParallelism, 3));
        const v = b.getState(valueState<Key>('v'));
        const l = b.getState(listState<Key>('l'));
        for (const k of keys) {
          b.setCurrentKey(k);
          const value = v.value();
          if (value === undefined) continue;
          assert.equal(value, k);
          assert.deepEqual(l.get(), [k, k]);
          seen.set(k, (seen.get(k) ?? 0) + 1);
        }
        assert.equal(b.numEntries() % 2, 0);
      }
      assert.equal(seen.size, keys.length);
      for (const [k, n] of seen) assert.equal(n, 1, `key ${k} restored ${n} times`);
    });

    it('regroups a snapshot taken with another maxParallelism', () => {
      const b = backend(new ManualClock(0), 16);
      const s = b.getState(valueState<number>('v'));
      for (let k = 0; k < 50; k++) {
        b.setCurrentKey(k);
        s.update(k);
      }
      const snap = b.snapshot();
      let total = 0;
      for (let i = 0; i < 2; i++) {
        const r = backend(new ManualClock(0), 64);
        const range = keyGroupRange(i, 64, 2);
        r.restore([snap], range);
        const rs = r.getState(valueState<number>('v'));
        for (let k = 0; k < 50; k++) {
          r.setCurrentKey(k);
          const g = keyGroupOf(k, 64);
          assert.equal(rs.value(), g >= range[0] && g <= range[1] ? k : undefined);
        }
        total += r.numEntries();
      }
      assert.equal(total, 50);
    });

    it('keeps restored states that are not declared again, and snapshots them', () => {
      const b = backend();
      b.setCurrentKey('k');
      b.getState(valueState<number>('gone')).update(1);
      const r = backend();
      r.restore([b.snapshot()], [0, 127]);
      assert.equal(r.numEntries(), 1);
      assert.deepEqual(r.snapshot(), b.snapshot());
    });

    it('rejects declaring a restored state with another kind', () => {
      const b = backend();
      b.setCurrentKey('k');
      b.getState(valueState<number>('x')).update(1);
      const r = backend();
      r.restore([b.snapshot()], [0, 127]);
      assert.throws(() => r.getState(listState<number>('x')), isWeir('ERR_STATE_UNKNOWN'));
    });

    it('rejects malformed snapshots and duplicate keys', () => {
      const r = backend();
      assert.throws(() => r.restore([{} as KeyedStateSnapshot], [0, 127]), isWeir('ERR_STATE_UNKNOWN'));
      const b = backend();
      b.setCurrentKey('k');
      b.getState(valueState<number>('x')).update(1);
      const snap = b.snapshot();
      assert.throws(() => r.restore([snap, snap], [0, 127]), isWeir('ERR_STATE_UNKNOWN'));
      const badList: KeyedStateSnapshot = { maxParallelism: 128, groups: [[keyGroupOf('k', 128), [['l', 'list', [['k', 'not a list']]]]]] };
      assert.throws(() => r.restore([badList], [0, 127]), isWeir('ERR_STATE_UNKNOWN'));
    });
  });
});

/** Fails unless `v` is arrays, plain objects, strings, numbers, booleans and null only. */
function assertPlainData(v: unknown, path = '$'): void {
  if (v === null || ['string', 'number', 'boolean'].includes(typeof v)) return;
  if (Array.isArray(v)) {
    v.forEach((x, i) => assertPlainData(x, `${path}[${i}]`));
    return;
  }
  assert.equal(Object.getPrototypeOf(v), Object.prototype, `${path} is not a plain object`);
  for (const [k, x] of Object.entries(v as object)) assertPlainData(x, `${path}.${k}`);
}
