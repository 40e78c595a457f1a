import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WeirError } from '../errors/weir-error.js';
import { mapState, valueState, type MapStateDescriptor } from '../state/state-descriptor.js';
import { BroadcastStateStore } from './broadcast-state-store.js';

describe('BroadcastStateStore', () => {
  it('keeps one map per name, shared by every handle of that name', () => {
    const store = new BroadcastStateStore('s');
    assert.equal(store.isEmpty(), true);
    const rules = store.getBroadcastState(mapState<string, number>('rules'));
    rules.put('a', 1);
    assert.equal(store.getBroadcastState(mapState<string, number>('rules')).get('a'), 1);
    assert.equal(store.getBroadcastState(mapState<string, number>('other')).size(), 0);
    assert.equal(store.isEmpty(), false);
  });

  it('snapshots a copy and restores from the first snapshot', () => {
    const store = new BroadcastStateStore('s');
    const rules = store.getBroadcastState(mapState<string, number>('rules'));
    rules.put('a', 1);
    rules.put('b', 2);
    const snap = store.snapshot();
    rules.put('c', 3);
    rules.remove('a');
    assert.deepEqual(snap, { states: [['rules', [['a', 1], ['b', 2]]]] });
    assert.deepEqual(structuredClone(snap), snap);

    const restored = new BroadcastStateStore('s');
    restored.restore([snap, { states: [['rules', [['ignored', 0]]]] }]);
    const r = restored.getBroadcastState(mapState<string, number>('rules'));
    assert.deepEqual([...r.entries()], [['a', 1], ['b', 2]]);
    r.put('z', 9);
    assert.deepEqual(snap.states[0]?.[1].length, 2, 'restored state does not alias the snapshot');
  });

  it('rejects descriptors that are not map states', () => {
    const store = new BroadcastStateStore('s');
    const notAMap = valueState<number>('v') as unknown as MapStateDescriptor<string, number>;
    assert.throws(() => store.getBroadcastState(notAMap), (e: unknown) => e instanceof WeirError && e.code === 'ERR_STATE_UNKNOWN');
  });
});
