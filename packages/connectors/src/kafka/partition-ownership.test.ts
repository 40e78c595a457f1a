import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PartitionOwnership } from './partition-ownership.js';

const owned = (o: PartitionOwnership, partitions: number) => Array.from({ length: partitions }, (_, q) => q).filter((q) => o.owns(q));

describe('PartitionOwnership', () => {
  it('gives every partition exactly one owner on a fresh start and after rescales 2 → 3 → 1, with its offset', () => {
    const P = 7;
    const old = [0, 1].map((s) => PartitionOwnership.initial(s, 2));
    assert.deepEqual(owned(old[0]!, P), [0, 2, 4, 6]);
    const states = old.map((o) => o.state(owned(o, P).map((q) => ({ topic: 't', partition: q, offset: 100 + q }))));
    for (const p of [3, 1]) {
      const readers = Array.from({ length: p }, (_, s) => PartitionOwnership.restore(states.filter((_, i) => i % p === s), 'src'));
      const owners = Array.from({ length: P }, (_, q) => readers.filter((r) => r.owns(q)).length);
      assert.deepEqual(owners, Array<number>(P).fill(1), `parallelism ${p}`);
      for (const r of readers) for (const q of owned(r, P)) assert.equal(r.restoredOffset('t', q), 100 + q);
    }
    // A subtask that got no state owns nothing.
    assert.deepEqual(owned(PartitionOwnership.restore([], 'src'), P), []);
  });

  it('refuses malformed state', () => {
    assert.throws(() => PartitionOwnership.restore([{ v: 2 }], 'src'), { code: 'ERR_STATE_UNKNOWN' });
  });
});
