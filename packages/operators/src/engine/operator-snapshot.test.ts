import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { keyGroupOf, keyGroupRange } from '../api/key.js';
import { WeirError } from '../errors/weir-error.js';
import { operatorSnapshotForSubtask, type OperatorSnapshot } from './operator-snapshot.js';

const snap = (subtask: number, keys: string[], extra: Partial<OperatorSnapshot> = {}): OperatorSnapshot => {
  const groups = new Map<number, string[]>();
  for (const k of keys) {
    const g = keyGroupOf(k, 128);
    const [first, last] = keyGroupRange(subtask, 128, 2);
    if (g < first || g > last) continue;
    groups.set(g, [...(groups.get(g) ?? []), k]);
  }
  const sorted = [...groups].sort(([a], [b]) => a - b);
  return {
    stepId: 'step',
    keyed: { maxParallelism: 128, groups: sorted.map(([g, ks]) => [g, [['v', 'value', ks.map((k) => [k, k] as const)]]] as const) },
    timers: { maxParallelism: 128, groups: sorted.map(([g, ks]) => [g, ks.map((k, i) => [1, k, '', i] as const), []] as const) },
    ...extra,
  };
};

describe('operatorSnapshotForSubtask', () => {
  const keys = Array.from({ length: 100 }, (_, i) => `k${i}`);

  it('gives each new subtask exactly the keys and timers of the key groups it owns', () => {
    const olds = [snap(0, keys), snap(1, keys)];
    const owner = new Map<string, number>();
    for (let i = 0; i < 3; i++) {
      const s = operatorSnapshotForSubtask(olds, i, 3, 128)!;
      const [first, last] = keyGroupRange(i, 128, 3);
      const stateKeys = s.keyed!.groups.flatMap(([g, states]) => {
        assert.ok(g >= first && g <= last);
        return states.flatMap(([, , entries]) => entries.map(([k]) => String(k)));
      });
      const timerKeys = s.timers!.groups.flatMap(([, e]) => e.map(([, k]) => String(k)));
      assert.deepEqual([...stateKeys].sort(), [...timerKeys].sort());
      for (const k of stateKeys) {
        assert.equal(owner.has(k), false, `${k} given twice`);
        owner.set(k, i);
      }
    }
    assert.equal(owner.size, keys.length);
  });

  it('keeps operator state at the same parallelism, and broadcast state from the first subtask', () => {
    const broadcast = { states: [['rules', [['a', 1]]]] } as const;
    const olds = [snap(0, keys, { operatorState: 'zero', broadcast }), snap(1, keys, { operatorState: 'one', broadcast })];
    assert.equal(operatorSnapshotForSubtask(olds, 1, 2, 128)?.operatorState, 'one');
    assert.deepEqual(operatorSnapshotForSubtask(olds, 1, 2, 128)?.broadcast, broadcast);
    assert.equal(operatorSnapshotForSubtask([], 0, 2, 128), undefined);
  });

  it('spreads non-keyed operator state over the new subtasks when rescaling, and refuses mixes of steps', () => {
    const olds = [snap(0, keys, { operatorState: 'zero' }), snap(1, keys, { operatorState: 'one' }), snap(2, keys, { operatorState: 'two' })];
    // 3 → 2: old 0 and 2 go to new 0, old 1 to new 1.
    assert.deepEqual(operatorSnapshotForSubtask(olds, 0, 2, 128)?.operatorStates, ['zero', 'two']);
    assert.deepEqual(operatorSnapshotForSubtask(olds, 1, 2, 128)?.operatorStates, ['one']);
    // 3 → 4: new 3 takes over nothing.
    assert.deepEqual(operatorSnapshotForSubtask(olds, 3, 4, 128)?.operatorStates, []);
    assert.equal(operatorSnapshotForSubtask(olds, 0, 2, 128)?.operatorState, undefined);
    assert.throws(
      () => operatorSnapshotForSubtask([snap(0, keys), { stepId: 'other' }], 0, 2, 128),
      (e: unknown) => e instanceof WeirError && e.code === 'ERR_STATE_UNKNOWN',
    );
  });
});
