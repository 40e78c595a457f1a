import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WeirError } from '../errors/weir-error.js';
import { TwoInputOperatorHarness } from '../testing/index.js';
import type { OperatorHarnessOptions } from '../testing/index.js';
import { intervalJoinOperator } from './interval-join-operator.js';
import type { IntervalJoinBounds, ProcessJoinFn } from './interval-join.js';

interface Side {
  readonly key: string;
  readonly id: string;
}
const side = (key: string, id: string): Side => ({ key, id });
const byKey = (s: Side): string => s.key;

/** "left+right (leftTs,rightTs)" for each pair. */
const pairUp: ProcessJoinFn<Side, Side, string> = (l, r, ctx, out) => {
  out.collect(`${l.id}+${r.id} (${ctx.leftTimestamp},${ctx.rightTimestamp})`);
};

const bounds = (lowerBound: number, upperBound: number, lowerBoundInclusive = true, upperBoundInclusive = true): IntervalJoinBounds => ({
  lowerBound,
  upperBound,
  lowerBoundInclusive,
  upperBoundInclusive,
});

async function open(b: IntervalJoinBounds, options: OperatorHarnessOptions = {}): Promise<TwoInputOperatorHarness<Side, Side, string>> {
  const h = new TwoInputOperatorHarness(intervalJoinOperator(b, pairUp), { keySelector1: byKey, keySelector2: byKey, stepId: 'join', ...options });
  await h.open();
  return h;
}

/** Right records at these timestamps, then one left record at 5: which of them it joins. */
async function joinedAround5(b: IntervalJoinBounds, rightTimestamps: readonly number[]): Promise<number[]> {
  const h = await open(b);
  for (const t of rightTimestamps) h.processElement2(side('k', `r${t}`), t);
  h.processElement1(side('k', 'l'), 5);
  return h.records().map((r) => Number(/\(5,(-?\d+)\)/.exec(r.value)![1]));
}

describe('intervalJoinOperator', () => {
  it('joins pairs with right.ts − left.ts in [lower, upper], stamped with the later timestamp', async () => {
    const h = await open(bounds(-2, 2));
    h.processElement1(side('k', 'l5'), 5);
    h.processElement2(side('k', 'r3'), 3);
    h.processElement2(side('k', 'r7'), 7);
    h.processElement2(side('k', 'r8'), 8);
    h.processElement2(side('k', 'r2'), 2);
    h.processElement2(side('k', 'r5'), 5);
    assert.deepEqual(h.records(), [
      { value: 'l5+r3 (5,3)', timestamp: 5 },
      { value: 'l5+r7 (5,7)', timestamp: 7 },
      { value: 'l5+r5 (5,5)', timestamp: 5 },
    ]);
  });

  it('respects the inclusivity of each bound', async () => {
    const around = [2, 3, 4, 5, 6, 7, 8];
    assert.deepEqual(await joinedAround5(bounds(-2, 2), around), [3, 4, 5, 6, 7]);
    assert.deepEqual(await joinedAround5(bounds(-2, 2, false, false), around), [4, 5, 6]);
    assert.deepEqual(await joinedAround5(bounds(-2, 2, false, true), around), [4, 5, 6, 7]);
    assert.deepEqual(await joinedAround5(bounds(-2, 2, true, false), around), [3, 4, 5, 6]);
    assert.deepEqual(await joinedAround5(bounds(1, 3), around), [6, 7, 8]);
    assert.deepEqual(await joinedAround5(bounds(-3, -1, false, true), around), [3, 4]);
    assert.deepEqual(await joinedAround5(bounds(0, 0), around), [5]);
  });

  it('finds the same pairs whichever side arrives first', async () => {
    const b = bounds(-1, 3, false, true);
    const leftFirst = await open(b);
    const rightFirst = await open(b);
    const lefts = [1, 4, 9];
    const rights = [0, 1, 2, 4, 7, 12];
    for (const t of lefts) leftFirst.processElement1(side('k', `l${t}`), t);
    for (const t of rights) leftFirst.processElement2(side('k', `r${t}`), t);
    for (const t of rights) rightFirst.processElement2(side('k', `r${t}`), t);
    for (const t of lefts) rightFirst.processElement1(side('k', `l${t}`), t);
    const sorted = (h: TwoInputOperatorHarness<Side, Side, string>): string[] => h.values().sort();
    const expected = ['l1+r1 (1,1)', 'l1+r2 (1,2)', 'l1+r4 (1,4)', 'l4+r4 (4,4)', 'l4+r7 (4,7)', 'l9+r12 (9,12)'];
    assert.deepEqual(sorted(leftFirst), expected);
    assert.deepEqual(sorted(rightFirst), expected);
  });

  it('handles out-of-order arrival, duplicate timestamps and keys', async () => {
    const h = await open(bounds(0, 5));
    h.processElement2(side('k', 'ra'), 10);
    h.processElement2(side('k', 'rb'), 10);
    h.processElement2(side('other', 'rx'), 10);
    h.processElement1(side('k', 'l1'), 7);
    h.processElement1(side('k', 'l2'), 5);
    h.processElement1(side('k', 'l3'), 4);
    assert.deepEqual(h.values(), ['l1+ra (7,10)', 'l1+rb (7,10)', 'l2+ra (5,10)', 'l2+rb (5,10)']);
    h.processElement1(side('other', 'lx'), 6);
    assert.deepEqual(h.values().slice(4), ['lx+rx (6,10)']);
  });

  it('passes the pair’s timestamps and emits with the later one', async () => {
    const seen: unknown[] = [];
    const h = new TwoInputOperatorHarness(
      intervalJoinOperator<Side, Side, string>(bounds(-10, 10), (l, r, ctx, out) => {
        seen.push([ctx.leftTimestamp, ctx.rightTimestamp, ctx.timestamp]);
        out.collect(`${l.id}${r.id}`);
      }),
      { keySelector1: byKey, keySelector2: byKey },
    );
    await h.open();
    h.processElement1(side('k', 'l'), 20);
    h.processElement2(side('k', 'r'), 13);
    h.processElement1(side('k', 'm'), 11);
    assert.deepEqual(seen, [
      [20, 13, 20],
      [11, 13, 13],
    ]);
    assert.deepEqual(h.records(), [
      { value: 'lr', timestamp: 20 },
      { value: 'mr', timestamp: 13 },
    ]);
  });

  it('drops records whose timestamp is below the watermark (Flink’s rule) without buffering them', async () => {
    const h = await open(bounds(-5, 5));
    h.processElement2(side('k', 'r8'), 8);
    h.processWatermark(10);
    assert.equal(h.numKeyedStateEntries(), 1);
    h.processElement1(side('k', 'late'), 9);
    assert.deepEqual(h.values(), []);
    assert.equal(h.numKeyedStateEntries(), 1); // the late left record was not buffered
    h.processElement1(side('k', 'l10'), 10); // not late: the timestamp equals the watermark
    assert.deepEqual(h.values(), ['l10+r8 (10,8)']);
    assert.deepEqual(h.watermarks(), [10]);
  });

  it('frees each buffered timestamp once nothing can join it any more', async () => {
    const h = await open(bounds(-2, 3));
    h.processElement1(side('k', 'l5'), 5); // kept until 5 + 3
    h.processElement2(side('k', 'r5'), 5); // kept until 5 + 2
    assert.equal(h.numKeyedStateEntries(), 2);
    assert.equal(h.numTimers(), 2);
    h.processWatermark(7);
    assert.equal(h.numKeyedStateEntries(), 1); // the right buffer is gone
    h.processElement2(side('k', 'r8'), 8); // still joins l5 (8 − 5 = 3)
    h.processWatermark(8);
    h.processElement2(side('k', 'r9'), 9); // l5 is gone
    assert.deepEqual(h.values(), ['l5+r5 (5,5)', 'l5+r8 (5,8)']);
    h.processWatermark(11);
    assert.equal(h.numKeyedStateEntries(), 0);
    assert.equal(h.numTimers(), 0);
  });

  it('keeps buffers of bounds entirely before or after the left record only as long as needed', async () => {
    // Right records only up to 1 ms before the left one: a left record can be freed at its own timestamp.
    const before = await open(bounds(-4, -1));
    before.processElement1(side('k', 'l'), 10);
    before.processElement2(side('k', 'r'), 10);
    before.processWatermark(9);
    assert.equal(before.numKeyedStateEntries(), 2);
    before.processWatermark(10);
    assert.equal(before.numKeyedStateEntries(), 1); // left freed at 10
    before.processWatermark(14);
    assert.equal(before.numKeyedStateEntries(), 0); // right freed at 10 + 4
    // Fractional timestamps are freed exactly too.
    const fractional = await open(bounds(-0.2, 0.1));
    fractional.processElement1(side('k', 'l'), 0.1);
    fractional.processElement2(side('k', 'r'), 0.3);
    fractional.processWatermark(0.6);
    assert.equal(fractional.numKeyedStateEntries(), 0);
    assert.equal(fractional.numTimers(), 0);
  });

  it('continues from a snapshot: buffers and cleanup timers are restored, and unchanged by later records', async () => {
    const b = bounds(-5, 5);
    const first = await open(b);
    first.processElement1(side('k', 'l1'), 10);
    first.processElement2(side('k', 'r1'), 12);
    const snapshot = first.snapshot(3);
    first.processElement1(side('k', 'l2'), 10); // appended to the list buffered at 10
    for (let attempt = 0; attempt < 2; attempt++) {
      const restored = await open(b, { restored: snapshot });
      restored.processElement2(side('k', 'r2'), 14);
      restored.processElement1(side('k', 'l3'), 10);
      assert.deepEqual(restored.values(), ['l1+r2 (10,14)', 'l3+r1 (10,12)', 'l3+r2 (10,14)']);
      restored.processWatermark(100);
      assert.equal(restored.numKeyedStateEntries(), 0);
      assert.equal(restored.numTimers(), 0);
    }
  });

  it('rejects records without timestamps and empty intervals', async () => {
    const h = await open(bounds(-1, 1));
    const noTimestamp = (err: unknown): boolean => err instanceof WeirError && err.code === 'ERR_WINDOW_NO_TIMESTAMP' && err.stepId === 'join';
    assert.throws(() => h.processElement1(side('k', 'l')), noTimestamp);
    assert.throws(() => h.processElement2(side('k', 'r')), noTimestamp);
    const invalid = (err: unknown): boolean => err instanceof WeirError && err.code === 'ERR_CONFIG_INVALID';
    assert.throws(() => intervalJoinOperator(bounds(2, 1), pairUp), invalid);
    assert.throws(() => intervalJoinOperator(bounds(1, 1, true, false), pairUp), invalid);
    assert.throws(() => intervalJoinOperator(bounds(Number.NEGATIVE_INFINITY, 1), pairUp), invalid);
    const factory = intervalJoinOperator(bounds(1, 1), pairUp);
    assert.equal(factory.name, 'IntervalJoin');
    assert.equal(factory.requiresKeyedInput, true);
  });
});
