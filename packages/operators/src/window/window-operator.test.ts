import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OutputTag } from '../api/output-tag.js';
import { WeirError } from '../errors/weir-error.js';
import type { AggregateFn, ReduceFn } from '../functions/aggregate-fn.js';
import { OneInputOperatorHarness } from '../testing/index.js';
import { ManualClock, MAX_WATERMARK } from '../time/time.js';
import {
  eventTimeSessionWindows,
  processingTimeSessionWindows,
  slidingEventTimeWindows,
  tumblingEventTimeWindows,
  tumblingProcessingTimeWindows,
  type WindowAssigner,
} from './window-assigner.js';
import type { ProcessWindowFn } from './window-fns.js';
import type { WindowOperatorConfig } from './window-operator-config.js';
import { windowOperator } from './window-operator.js';

interface Ev {
  readonly key: string;
  readonly n: number;
}
const ev = (key: string, n: number): Ev => ({ key, n });
const byKey = (e: Ev): string => e.key;

const sum: ReduceFn<Ev> = (a, b) => ({ key: a.key, n: a.n + b.n });

/** Sum and count, mutated in place (which AggregateFn allows), resulting in the average. */
interface Avg {
  sum: number;
  count: number;
}
const average: AggregateFn<Ev, Avg, number> = {
  createAccumulator: () => ({ sum: 0, count: 0 }),
  add(e, acc) {
    acc.sum += e.n;
    acc.count += 1;
    return acc;
  },
  getResult: (acc) => acc.sum / acc.count,
  merge(a, b) {
    a.sum += b.sum;
    a.count += b.count;
    return a;
  },
};

/** Describes a window: "key[start,end)=n1,n2,…". */
const describeWindow: ProcessWindowFn<Ev, string, string> = {
  process(key, ctx, elements, out) {
    out.collect(`${key}[${ctx.window.start},${ctx.window.end})=${elements.map((e) => e.n).join(',')}`);
  },
};

type Content = WindowOperatorConfig<Ev, unknown, unknown, string>['content'];

function config<OUT>(
  assigner: WindowAssigner,
  content: Content,
  extra: { allowedLateness?: number; lateDataTag?: OutputTag<Ev>; windowFn?: ProcessWindowFn<never, OUT, string> } = {},
): WindowOperatorConfig<Ev, unknown, OUT, string> {
  return {
    assigner,
    content,
    allowedLateness: extra.allowedLateness ?? 0,
    lateDataTag: extra.lateDataTag,
    windowFn: extra.windowFn as ProcessWindowFn<unknown, OUT, string> | undefined,
  };
}

async function open<OUT>(
  cfg: WindowOperatorConfig<Ev, unknown, OUT, string>,
  options: { clock?: ManualClock; restored?: ReturnType<OneInputOperatorHarness<Ev, OUT>['snapshot']> } = {},
): Promise<OneInputOperatorHarness<Ev, OUT>> {
  const h = new OneInputOperatorHarness<Ev, OUT>(windowOperator(cfg), { keySelector: byKey, stepId: 'win', ...options });
  await h.open();
  return h;
}

const reduceSum: Content = { kind: 'reduce', reduce: sum };
const aggregateAverage: Content = { kind: 'aggregate', aggregate: average as AggregateFn<Ev, unknown, unknown> };
const keepAll: Content = { kind: 'process' };

describe('windowOperator: tumbling event-time windows', () => {
  it('reduce: fires each window when the watermark reaches end − 1, stamped end − 1, then frees its state', async () => {
    const h = await open<Ev>(config(tumblingEventTimeWindows(10), reduceSum));
    h.processElement(ev('a', 1), 1);
    h.processElement(ev('a', 2), 5);
    h.processElement(ev('b', 3), 7);
    h.processElement(ev('a', 4), 12);
    assert.equal(h.numKeyedStateEntries(), 2); // one window map per key
    h.processWatermark(8);
    assert.deepEqual(h.records(), []);
    h.processWatermark(9);
    assert.deepEqual(h.records(), [
      { value: ev('a', 3), timestamp: 9 },
      { value: ev('b', 3), timestamp: 9 },
    ]);
    h.processWatermark(19);
    assert.deepEqual(h.records().slice(2), [{ value: ev('a', 4), timestamp: 19 }]);
    assert.deepEqual(h.watermarks(), [8, 9, 19]);
    assert.equal(h.numKeyedStateEntries(), 0);
    assert.equal(h.numTimers(), 0);
    await h.close();
  });

  it('aggregate: emits the aggregate result directly, or hands [result] to the window function', async () => {
    const direct = await open<number>(config(tumblingEventTimeWindows(10), aggregateAverage));
    for (const [n, ts] of [[1, 0], [2, 3], [6, 9], [10, 10]] as const) direct.processElement(ev('a', n), ts);
    direct.processWatermark(MAX_WATERMARK);
    assert.deepEqual(direct.records(), [
      { value: 3, timestamp: 9 },
      { value: 10, timestamp: 19 },
    ]);

    const seen: unknown[] = [];
    const withFn = await open<string>(
      config(tumblingEventTimeWindows(10), aggregateAverage, {
        windowFn: {
          process(key, ctx, elements: readonly number[], out) {
            seen.push([...elements]);
            out.collect(`${key}@${ctx.window.start}:${elements[0]}`);
          },
        },
      }),
    );
    for (const [n, ts] of [[1, 0], [2, 3], [6, 9]] as const) withFn.processElement(ev('a', n), ts);
    withFn.processWatermark(9);
    assert.deepEqual(seen, [[3]]);
    assert.deepEqual(withFn.records(), [{ value: 'a@0:3', timestamp: 9 }]);
    assert.equal(withFn.numKeyedStateEntries(), 0);
  });

  it('process: the window function sees the key, the window and every element in arrival order', async () => {
    const h = await open<string>(config(tumblingEventTimeWindows(10), keepAll, { windowFn: describeWindow }));
    h.processElement(ev('a', 7), 7);
    h.processElement(ev('b', 1), 1);
    h.processElement(ev('a', 2), 2);
    h.processElement(ev('a', 15), 15);
    h.processWatermark(MAX_WATERMARK);
    assert.deepEqual(h.records(), [
      { value: 'a[0,10)=7,2', timestamp: 9 },
      { value: 'b[0,10)=1', timestamp: 9 },
      { value: 'a[10,20)=15', timestamp: 19 },
    ]);
    assert.equal(h.numKeyedStateEntries(), 0);
  });

  it('respects the offset and negative timestamps', async () => {
    const h = await open<string>(config(tumblingEventTimeWindows(10, 3), keepAll, { windowFn: describeWindow }));
    h.processElement(ev('a', 2), 2);
    h.processElement(ev('a', -7), -7);
    h.processElement(ev('a', 3), 3);
    h.processWatermark(MAX_WATERMARK);
    assert.deepEqual(h.values(), ['a[-7,3)=2,-7', 'a[3,13)=3']);
  });

  it('gives the window function a context with the watermark, processing time and side outputs', async () => {
    const tag = new OutputTag<string>('notes');
    const calls: string[] = [];
    const clock = new ManualClock(500);
    const h = await open<number>(
      config(tumblingEventTimeWindows(10), reduceSum, {
        windowFn: {
          open: (ctx) => {
            calls.push(`open ${ctx.stepId}`);
          },
          process(_key, ctx, elements: readonly Ev[], out) {
            ctx.output(tag, `wm=${ctx.currentWatermark()} now=${ctx.currentProcessingTime()}`);
            out.collect(elements[0]!.n);
          },
          close: () => {
            calls.push('close');
          },
        },
      }),
      { clock },
    );
    h.processElement(ev('a', 4), 4);
    h.processWatermark(12);
    assert.deepEqual(h.records(), [{ value: 4, timestamp: 9 }]);
    assert.deepEqual(h.sideOutput(tag), [{ value: 'wm=12 now=500', timestamp: 9 }]);
    await h.close();
    assert.deepEqual(calls, ['open win', 'close']);
  });
});

describe('windowOperator: sliding event-time windows', () => {
  it('puts each record into every window that contains it', async () => {
    const h = await open<string>(config(slidingEventTimeWindows(10, 5), keepAll, { windowFn: describeWindow }));
    h.processElement(ev('a', 3), 3);
    h.processElement(ev('a', 7), 7);
    h.processElement(ev('a', 12), 12);
    h.processWatermark(MAX_WATERMARK);
    assert.deepEqual(h.records(), [
      { value: 'a[-5,5)=3', timestamp: 4 },
      { value: 'a[0,10)=3,7', timestamp: 9 },
      { value: 'a[5,15)=7,12', timestamp: 14 },
      { value: 'a[10,20)=12', timestamp: 19 },
    ]);
    assert.equal(h.numKeyedStateEntries(), 0);
    assert.equal(h.numTimers(), 0);
  });

  it('reduce and aggregate fold each window separately', async () => {
    const reduced = await open<Ev>(config(slidingEventTimeWindows(10, 5), reduceSum));
    const averaged = await open<number>(config(slidingEventTimeWindows(10, 5), aggregateAverage));
    for (const [n, ts] of [[1, 1], [2, 6], [4, 11]] as const) {
      reduced.processElement(ev('a', n), ts);
      averaged.processElement(ev('a', n), ts);
    }
    reduced.processWatermark(MAX_WATERMARK);
    averaged.processWatermark(MAX_WATERMARK);
    assert.deepEqual(
      reduced.values().map((e) => e.n),
      [1, 3, 6, 4],
    );
    assert.deepEqual(averaged.values(), [1, 1.5, 3, 4]);
  });
});

describe('windowOperator: event-time session windows', () => {
  it('closes a session after the gap, per key', async () => {
    const h = await open<string>(config(eventTimeSessionWindows(10), keepAll, { windowFn: describeWindow }));
    h.processElement(ev('a', 0), 0);
    h.processElement(ev('a', 5), 5);
    h.processElement(ev('b', 3), 3);
    h.processElement(ev('a', 30), 30);
    h.processWatermark(14);
    assert.deepEqual(h.records(), [
      { value: 'b[3,13)=3', timestamp: 12 },
      { value: 'a[0,15)=0,5', timestamp: 14 },
    ]);
    h.processWatermark(MAX_WATERMARK);
    assert.deepEqual(h.values().slice(2), ['a[30,40)=30']);
    assert.equal(h.numKeyedStateEntries(), 0);
    assert.equal(h.numTimers(), 0);
  });

  it('merges two sessions bridged by a record; the merged sessions’ timers are deleted', async () => {
    const h = await open<string>(config(eventTimeSessionWindows(10), keepAll, { windowFn: describeWindow }));
    h.processElement(ev('a', 0), 0); // [0, 10)
    h.processElement(ev('a', 18), 18); // [18, 28)
    assert.equal(h.numTimers(), 2);
    h.processElement(ev('a', 9), 9); // [9, 19) bridges both: [0, 28)
    assert.equal(h.numTimers(), 1);
    h.processWatermark(9);
    h.processWatermark(27 - 1);
    assert.deepEqual(h.records(), []);
    h.processWatermark(27);
    assert.deepEqual(h.records(), [{ value: 'a[0,28)=0,18,9', timestamp: 27 }]);
    assert.equal(h.numKeyedStateEntries(), 0);
    assert.equal(h.numTimers(), 0);
  });

  it('merges contents with reduce and AggregateFn.merge', async () => {
    const reduced = await open<Ev>(config(eventTimeSessionWindows(10), reduceSum));
    const averaged = await open<number>(config(eventTimeSessionWindows(10), aggregateAverage));
    for (const h of [reduced, averaged] as OneInputOperatorHarness<Ev, unknown>[]) {
      h.processElement(ev('a', 1), 0);
      h.processElement(ev('a', 2), 2);
      h.processElement(ev('a', 4), 18);
      h.processElement(ev('a', 8), 11); // [11, 21) joins [0, 12) and [18, 28)
      h.processElement(ev('a', 100), 50);
      h.processWatermark(MAX_WATERMARK);
    }
    assert.deepEqual(reduced.records(), [
      { value: ev('a', 15), timestamp: 27 },
      { value: ev('a', 100), timestamp: 59 },
    ]);
    assert.deepEqual(averaged.records(), [
      { value: 15 / 4, timestamp: 27 },
      { value: 100, timestamp: 59 },
    ]);
  });

  it('merges windows that only touch, as Flink does', async () => {
    const h = await open<string>(config(eventTimeSessionWindows(10), keepAll, { windowFn: describeWindow }));
    h.processElement(ev('a', 0), 0); // [0, 10)
    h.processElement(ev('a', 10), 10); // [10, 20) touches it
    h.processElement(ev('a', 31), 31); // a gap of 11 after 20
    h.processWatermark(MAX_WATERMARK);
    assert.deepEqual(h.values(), ['a[0,20)=0,10', 'a[31,41)=31']);
  });

  it('extends a session with a record inside it without touching its timer', async () => {
    const h = await open<string>(config(eventTimeSessionWindows(10), keepAll, { windowFn: describeWindow }));
    h.processElement(ev('a', 0), 0);
    h.processElement(ev('a', 15), 15); // [15, 25)
    h.processElement(ev('a', 16), 16); // [16, 26) merges: [15, 26)
    h.processElement(ev('a', 20), 20); // [20, 30) merges: [15, 30)
    h.processElement(ev('a', 17), 17); // [17, 27) inside
    h.processWatermark(MAX_WATERMARK);
    assert.deepEqual(h.values(), ['a[0,10)=0', 'a[15,30)=15,16,20,17']);
  });
});

describe('windowOperator: processing-time windows', () => {
  it('tumbling: assigns by the clock and fires when the clock reaches end − 1', async () => {
    const clock = new ManualClock(1000);
    const h = await open<Ev>(config(tumblingProcessingTimeWindows(10), reduceSum), { clock });
    h.processElement(ev('a', 1)); // no timestamp needed
    h.setProcessingTime(1005);
    h.processElement(ev('a', 2), 1); // the event timestamp is ignored
    h.processElement(ev('b', 5));
    h.setProcessingTime(1008);
    assert.deepEqual(h.records(), []);
    assert.equal(h.nextProcessingTimer(), 1009);
    h.setProcessingTime(1009);
    assert.deepEqual(h.records(), [
      { value: ev('a', 3), timestamp: 1009 },
      { value: ev('b', 5), timestamp: 1009 },
    ]);
    h.setProcessingTime(1012);
    h.processElement(ev('a', 7));
    h.processWatermark(5000); // watermarks do not fire processing-time windows
    assert.equal(h.records().length, 2);
    h.setProcessingTime(1030);
    assert.deepEqual(h.records().slice(2), [{ value: ev('a', 7), timestamp: 1019 }]);
    assert.equal(h.numKeyedStateEntries(), 0);
    assert.equal(h.numTimers(), 0);
  });

  it('session: merges by processing time', async () => {
    const clock = new ManualClock(0);
    const h = await open<string>(config(processingTimeSessionWindows(10), keepAll, { windowFn: describeWindow }), { clock });
    h.processElement(ev('a', 1));
    h.setProcessingTime(8);
    h.processElement(ev('a', 2));
    assert.equal(h.nextProcessingTimer(), 17); // the merged window's timer replaced [0, 10)'s
    h.setProcessingTime(16);
    assert.deepEqual(h.values(), []);
    h.setProcessingTime(17);
    assert.deepEqual(h.records(), [{ value: 'a[0,18)=1,2', timestamp: 17 }]);
    assert.equal(h.numKeyedStateEntries(), 0);
  });
});

describe('windowOperator: allowed lateness and late data', () => {
  const late = new OutputTag<Ev>('late');

  it('a late record within the allowed lateness updates the window, which fires again at once', async () => {
    const h = await open<Ev>(config(tumblingEventTimeWindows(10), reduceSum, { allowedLateness: 5, lateDataTag: late }));
    h.processElement(ev('a', 1), 3);
    h.processWatermark(9);
    assert.deepEqual(h.records(), [{ value: ev('a', 1), timestamp: 9 }]);
    h.processElement(ev('a', 2), 4);
    assert.deepEqual(h.records().slice(1), [{ value: ev('a', 3), timestamp: 9 }]);
    h.processWatermark(13);
    h.processElement(ev('a', 4), 8);
    assert.deepEqual(h.records().slice(2), [{ value: ev('a', 7), timestamp: 9 }]);
    assert.equal(h.numKeyedStateEntries(), 1);
    h.processWatermark(14); // end − 1 + lateness: the window's state is freed
    assert.equal(h.numKeyedStateEntries(), 0);
    assert.equal(h.numTimers(), 0);
    h.processElement(ev('a', 8), 5);
    assert.equal(h.records().length, 3);
    assert.deepEqual(h.sideOutput(late), [{ value: ev('a', 8), timestamp: 5 }]);
    assert.equal(h.numKeyedStateEntries(), 0);
  });

  it('a window first seen within its lateness fires at once and is cleaned up later', async () => {
    const h = await open<string>(config(tumblingEventTimeWindows(10), keepAll, { allowedLateness: 5, windowFn: describeWindow }));
    h.processWatermark(12);
    h.processElement(ev('a', 5), 5);
    assert.deepEqual(h.records(), [{ value: 'a[0,10)=5', timestamp: 9 }]);
    assert.equal(h.numTimers(), 1); // the cleanup timer only
    h.processWatermark(14);
    assert.equal(h.numKeyedStateEntries(), 0);
    assert.equal(h.numTimers(), 0);
    assert.equal(h.records().length, 1);
  });

  it('a record late for every window goes to the side output', async () => {
    const h = await open<Ev>(config(tumblingEventTimeWindows(10), reduceSum, { lateDataTag: late }));
    h.processElement(ev('a', 1), 3);
    h.processWatermark(9);
    h.processElement(ev('a', 2), 5);
    h.processElement(ev('b', 3), 0);
    assert.deepEqual(h.records(), [{ value: ev('a', 1), timestamp: 9 }]);
    assert.deepEqual(h.sideOutput(late), [
      { value: ev('a', 2), timestamp: 5 },
      { value: ev('b', 3), timestamp: 0 },
    ]);
    assert.equal(h.numKeyedStateEntries(), 0);
  });

  it('a record late for every window is dropped without a late-data tag', async () => {
    const h = await open<Ev>(config(tumblingEventTimeWindows(10), reduceSum));
    h.processWatermark(20);
    h.processElement(ev('a', 2), 5);
    h.processWatermark(MAX_WATERMARK);
    assert.deepEqual(h.records(), []);
    assert.equal(h.numKeyedStateEntries(), 0);
    assert.equal(h.numTimers(), 0);
  });

  it('a sliding-window record late for only some of its windows is not late data', async () => {
    const h = await open<string>(config(slidingEventTimeWindows(10, 5), keepAll, { lateDataTag: late, windowFn: describeWindow }));
    h.processWatermark(10);
    h.processElement(ev('a', 7), 7); // [0, 10) is late, [5, 15) is not
    h.processWatermark(MAX_WATERMARK);
    assert.deepEqual(h.values(), ['a[5,15)=7']);
    assert.deepEqual(h.sideOutput(late), []);
  });

  it('a session merged into a window the watermark has passed fires at once', async () => {
    const h = await open<string>(config(eventTimeSessionWindows(10), keepAll, { allowedLateness: 20, lateDataTag: late, windowFn: describeWindow }));
    h.processElement(ev('a', 0), 0);
    h.processWatermark(9);
    assert.deepEqual(h.values(), ['a[0,10)=0']);
    h.processElement(ev('a', -1), -1); // [-1, 9) merges: [-1, 10), already due
    assert.deepEqual(h.values().slice(1), ['a[-1,10)=0,-1']);
    h.processWatermark(15);
    h.processElement(ev('a', 8), 8); // [8, 18) merges: [-1, 18), not due yet
    assert.equal(h.values().length, 2);
    h.processWatermark(17);
    assert.deepEqual(h.values().slice(2), ['a[-1,18)=0,-1,8']);
    h.processWatermark(37); // 17 + 20: cleanup
    assert.equal(h.numKeyedStateEntries(), 0);
    assert.equal(h.numTimers(), 0);
    h.processElement(ev('a', 1), 1); // [1, 11) is late and merges with nothing
    assert.deepEqual(h.sideOutput(late), [{ value: ev('a', 1), timestamp: 1 }]);
  });
});

describe('windowOperator: snapshot and restore', () => {
  type Step = readonly [value: Ev, timestamp: number] | number;
  const firstHalf: Step[] = [
    [ev('a', 1), 1],
    [ev('b', 2), 2],
    [ev('a', 3), 12],
    [ev('a', 4), 4],
    3,
    [ev('b', 5), 14],
    [ev('c', 6), 21],
    [ev('a', 7), 6],
    9,
  ];
  // Starts by sending the last watermark again, as sources do after a restore (a restored
  // operator's watermark starts from the beginning); the uninterrupted run ignores it.
  const secondHalf: Step[] = [
    9,
    [ev('b', 8), 9],
    [ev('a', 9), 25],
    [ev('c', 10), 23],
    [ev('a', 11), 13],
    [ev('b', 13), 5],
    19,
    [ev('b', 12), 30],
    [ev('c', 14), 27],
    MAX_WATERMARK,
  ];
  const run = (h: OneInputOperatorHarness<Ev, unknown>, steps: readonly Step[]): void => {
    for (const s of steps) {
      if (typeof s === 'number') h.processWatermark(s);
      else h.processElement(s[0], s[1]);
    }
  };

  for (const [name, assigner, content, windowFn] of [
    ['tumbling, process', tumblingEventTimeWindows(10), keepAll, describeWindow],
    ['sliding, aggregate', slidingEventTimeWindows(10, 5), aggregateAverage, undefined],
    ['session, process', eventTimeSessionWindows(5), keepAll, describeWindow],
    ['session, aggregate', eventTimeSessionWindows(5), aggregateAverage, undefined],
    ['session, reduce', eventTimeSessionWindows(5), reduceSum, undefined],
  ] as const) {
    it(`${name}: a restored harness finishes with the same output as an uninterrupted one`, async () => {
      const cfg = config<unknown>(assigner, content, windowFn === undefined ? {} : { windowFn });
      const whole = await open(cfg);
      run(whole, [...firstHalf, ...secondHalf]);
      const expected = whole.records();
      assert.ok(expected.length > 3);

      const first = await open(cfg);
      run(first, firstHalf);
      const emittedBefore = first.records();
      const snapshot = first.snapshot(1);
      // Keep going after the snapshot: in-place updates must not leak into it.
      run(first, secondHalf);
      assert.deepEqual(first.records(), expected);

      for (let attempt = 0; attempt < 2; attempt++) {
        // Restoring twice from one snapshot also proves that a restored operator does not change the snapshot.
        const restored = await open(cfg, { restored: snapshot });
        run(restored, secondHalf);
        await restored.finish();
        assert.deepEqual([...emittedBefore, ...restored.records()], expected);
        assert.equal(restored.numKeyedStateEntries(), 0);
        await restored.close();
      }
    });
  }

  it('processing-time windows fire after a restore from their restored timers', async () => {
    const cfg = config<Ev>(tumblingProcessingTimeWindows(10), reduceSum);
    const first = await open(cfg, { clock: new ManualClock(100) });
    first.processElement(ev('a', 1));
    first.processElement(ev('a', 2));
    const snapshot = first.snapshot(7);
    const restored = await open(cfg, { clock: new ManualClock(105), restored: snapshot });
    restored.processElement(ev('a', 4));
    restored.setProcessingTime(109);
    assert.deepEqual(restored.records(), [{ value: ev('a', 7), timestamp: 109 }]);
  });
});

describe('windowOperator: errors', () => {
  it('rejects a record without a timestamp in an event-time window', async () => {
    const h = await open<Ev>(config(tumblingEventTimeWindows(10), reduceSum));
    assert.throws(
      () => h.processElement(ev('a', 1)),
      (err: unknown) =>
        err instanceof WeirError &&
        err.code === 'ERR_WINDOW_NO_TIMESTAMP' &&
        err.stepId === 'win' &&
        err.domain === 'user' &&
        /without a timestamp/.test(err.message) &&
        /WatermarkStrategy/.test(err.message),
    );
    assert.equal(h.numKeyedStateEntries(), 0);
  });

  it('rejects a negative allowed lateness and a process window without a window function', () => {
    const invalid = (err: unknown): boolean => err instanceof WeirError && err.code === 'ERR_CONFIG_INVALID';
    assert.throws(() => windowOperator(config(tumblingEventTimeWindows(10), reduceSum, { allowedLateness: -1 })), invalid);
    assert.throws(() => windowOperator(config(tumblingEventTimeWindows(10), reduceSum, { allowedLateness: Number.NaN })), invalid);
    assert.throws(() => windowOperator(config(tumblingEventTimeWindows(10), keepAll)), invalid);
  });

  it('tags errors of the window function with the step id', async () => {
    const h = await open<string>(
      config(tumblingEventTimeWindows(10), keepAll, {
        windowFn: {
          process() {
            throw new Error('boom');
          },
        },
      }),
    );
    h.processElement(ev('a', 1), 1);
    assert.throws(
      () => h.processWatermark(9),
      (err: unknown) => err instanceof WeirError && err.code === 'ERR_USER_FUNCTION' && err.stepId === 'win',
    );
  });

  it('names the operator after its assigner', () => {
    assert.equal(windowOperator(config(tumblingEventTimeWindows(10), reduceSum)).name, 'TumblingWindow');
    assert.equal(windowOperator(config(slidingEventTimeWindows(10, 5), reduceSum)).name, 'SlidingWindow');
    assert.equal(windowOperator(config(eventTimeSessionWindows(10), reduceSum)).name, 'SessionWindow');
    assert.equal(windowOperator(config(eventTimeSessionWindows(10), reduceSum)).requiresKeyedInput, true);
  });
});
