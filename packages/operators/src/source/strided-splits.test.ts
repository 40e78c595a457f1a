import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WeirError } from '../errors/weir-error.js';
import { StridedSplits } from './strided-splits.js';

const drain = (s: StridedSplits, end: number, max = 3): number[] => {
  const out: number[] = [];
  while (s.read(max, end, (i) => out.push(i)));
  return out;
};

describe('StridedSplits', () => {
  it('partitions an index range over parallel readers', () => {
    assert.deepEqual(drain(StridedSplits.initial(1, 3), 10), [1, 4, 7]);
  });

  it('emits taken-over splits in increasing index order, so event time that grows with the index stays in order', () => {
    const a = StridedSplits.initial(0, 2);
    a.read(4, 20, () => {}); // 0 2 4 6 → next 8
    const b = StridedSplits.initial(1, 2);
    b.read(1, 20, () => {}); // 1 → next 3
    const merged = StridedSplits.restore([a.snapshot(), b.snapshot()], 'test');
    assert.deepEqual(drain(merged, 20), [3, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
  });

  it('snapshots plain data that later reads do not change', () => {
    const s = StridedSplits.initial(0, 1);
    const snap = s.snapshot();
    s.read(5, 10, () => {});
    assert.deepEqual(snap, [{ offset: 0, stride: 1, next: 0 }]);
  });

  it('refuses malformed positions', () => {
    for (const bad of [null, {}, [{ offset: 2, stride: 2, next: 2 }], [{ offset: 0, stride: 2, next: 3 }], [{ offset: 0, stride: 0, next: 0 }]]) {
      assert.throws(() => StridedSplits.restore([bad], 'test'), (e: unknown) => e instanceof WeirError && e.code === 'ERR_STATE_UNKNOWN');
    }
  });
});
