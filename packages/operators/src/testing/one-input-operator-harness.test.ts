import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defineOperator } from '../api/define-operator.js';
import { keyGroupOf, subtaskOfKeyGroup } from '../api/key.js';
import { OutputTag } from '../api/output-tag.js';
import type { StreamRecord } from '../api/stream-record.js';
import { WeirError } from '../errors/weir-error.js';
import type { KeyedProcessFn } from '../functions/process-fn.js';
import { keyedProcessOperator } from '../operators/keyed-process-operator.js';
import { processOperator } from '../operators/process-operator.js';
import { rollingReduceOperator } from '../operators/rolling-reduce-operator.js';
import type { ValueState } from '../state/keyed-state.js';
import { valueState } from '../state/state-descriptor.js';
import { ManualClock, MAX_WATERMARK } from '../time/time.js';
import { OneInputOperatorHarness } from './one-input-operator-harness.js';

interface Click {
  readonly user: string;
  readonly t: number;
}

/** Counts each user's clicks and reports them 10 ms (event time) after the user's last click. */
function sessionCounter(): KeyedProcessFn<string, Click, string> {
  let count: ValueState<number>;
  let timer: ValueState<number>;
  return {
    open(ctx) {
      count = ctx.getState(valueState<number>('count'));
      timer = ctx.getState(valueState<number>('timer'));
    },
    processElement(click, ctx) {
      count.update((count.value() ?? 0) + 1);
      const previous = timer.value();
      if (previous !== undefined) ctx.timers.deleteEventTimeTimer(previous);
      timer.update(click.t + 10);
      ctx.timers.registerEventTimeTimer(click.t + 10);
    },
    onTimer(timestamp, ctx, out) {
      out.collect(`${ctx.key}:${count.value()}`);
      count.clear();
      timer.clear();
    },
  };
}

const clicks: Click[] = [
  { user: 'ann', t: 1 },
  { user: 'bob', t: 2 },
  { user: 'ann', t: 5 },
  { user: 'bob', t: 20 },
  { user: 'ann', t: 21 },
  { user: 'ann', t: 22 },
];

describe('OneInputOperatorHarness', () => {
  it('runs a keyed process operator: state, event-time timers, watermarks', async () => {
    const h = new OneInputOperatorHarness(keyedProcessOperator(sessionCounter()), { keySelector: (c: Click) => c.user });
    await h.open();
    for (const c of clicks.slice(0, 3)) h.processElement(c, c.t);
    h.processWatermark(12);
    assert.deepEqual(h.records(), [{ value: 'bob:1', timestamp: 12 }]);
    assert.equal(h.numTimers(), 1);
    h.processWatermark(15);
    assert.deepEqual(h.values(), ['bob:1', 'ann:2']);
    assert.deepEqual(h.watermarks(), [12, 15]);
    assert.equal(h.numKeyedStateEntries(), 0);
    h.clearOutput();
    for (const c of clicks.slice(3)) h.processElement(c, c.t);
    h.processWatermark(MAX_WATERMARK);
    assert.deepEqual(h.values(), ['bob:1', 'ann:2']);
    assert.deepEqual(
      h.records().map((r) => r.timestamp),
      [30, 32],
    );
    await h.finish();
    await h.close();
  });

  it('gives the same output after a snapshot and restore in the middle', async () => {
    const uninterrupted = new OneInputOperatorHarness(keyedProcessOperator(sessionCounter()), { keySelector: (c: Click) => c.user });
    await uninterrupted.open();
    for (const c of clicks) uninterrupted.processElement(c, c.t);
    uninterrupted.processWatermark(MAX_WATERMARK);

    for (let cut = 0; cut <= clicks.length; cut++) {
      const first = new OneInputOperatorHarness(keyedProcessOperator(sessionCounter()), { keySelector: (c: Click) => c.user });
      await first.open();
      for (const c of clicks.slice(0, cut)) first.processElement(c, c.t);
      const snapshot = first.snapshot();
      const before = first.values();
      await first.close();

      const second = new OneInputOperatorHarness(keyedProcessOperator(sessionCounter()), { keySelector: (c: Click) => c.user, restored: snapshot });
      await second.open();
      for (const c of clicks.slice(cut)) second.processElement(c, c.t);
      second.processWatermark(MAX_WATERMARK);
      assert.deepEqual([...before, ...second.values()], uninterrupted.values(), `cut at ${cut}`);
    }
  });

  it('runs a rolling reduce and redistributes its state to another parallelism', async () => {
    const sum = () => rollingReduceOperator<number>((a, b) => a + b);
    const key = (v: number) => `k${v % 5}`;
    const olds = await Promise.all(
      [0, 1].map(async (subtaskIndex) => {
        const h = new OneInputOperatorHarness(sum(), { keySelector: key, parallelism: 2, subtaskIndex });
        await h.open();
        return h;
      }),
    );
    // Each value goes to the subtask that owns its key, as the runtime's hash partitioner does.
    const owner = (v: number, p: number) => subtaskOfKeyGroup(keyGroupOf(key(v), 128), 128, p);
    for (let v = 0; v < 20; v++) olds[owner(v, 2)]!.processElement(v, v);
    assert.deepEqual(
      olds.flatMap((h) => h.records()).sort((a, b) => a.timestamp - b.timestamp).slice(0, 6).map((r) => r.value),
      [0, 1, 2, 3, 4, 5],
    );
    assert.equal(olds[0]!.numKeyedStateEntries() + olds[1]!.numKeyedStateEntries(), 5);
    const snapshots = olds.map((h) => h.snapshot(3));

    const news = await Promise.all(
      [0, 1, 2].map(async (subtaskIndex) => {
        const h = new OneInputOperatorHarness(sum(), { keySelector: key, parallelism: 3, subtaskIndex, restored: snapshots });
        await h.open();
        return h;
      }),
    );
    assert.equal(news.reduce((n, h) => n + h.numKeyedStateEntries(), 0), 5);
    for (let v = 100; v < 105; v++) news[owner(v, 3)]!.processElement(v, v);
    const totals = news.flatMap((h) => h.values()).sort((a, b) => a - b);
    // Before: k0 = 0+5+10+15 = 30, k1 = 34, k2 = 38, k3 = 42, k4 = 46; then k0 += 100, k1 += 101, …
    assert.deepEqual(totals, [130, 135, 140, 145, 150]);
  });

  it('collects side outputs and copies output records', async () => {
    const odd = new OutputTag<number>('odd');
    const h = new OneInputOperatorHarness(
      processOperator<number, number>({
        processElement(v, ctx, out) {
          if (v % 2 === 1) ctx.output(odd, v);
          else out.collect(v);
        },
      }),
    );
    await h.open();
    for (let v = 0; v < 5; v++) h.processElement(v, v * 10);
    assert.deepEqual(h.values(), [0, 2, 4]);
    assert.deepEqual(h.sideOutput(odd), [
      { value: 1, timestamp: 10 },
      { value: 3, timestamp: 30 },
    ]);
    assert.deepEqual(h.sideOutput(new OutputTag<number>('none')), []);
    const records = h.records();
    records.pop();
    assert.equal(h.records().length, 3, 'records() returns a copy');
    h.clearOutput();
    assert.deepEqual([h.values(), h.sideOutput(odd), h.watermarks()], [[], [], []]);
  });

  it('reuses one input record, like the runtime: keeping the record instead of its value shows', async () => {
    let kept: StreamRecord<number> | undefined;
    const h = new OneInputOperatorHarness(
      defineOperator<number, number>({
        name: 'KeepsRecord',
        create: () => ({
          processElement(r) {
            kept ??= r;
          },
        }),
      }),
    );
    await h.open();
    h.processElement(1, 1);
    h.processElement(2, 2);
    assert.equal(kept?.value, 2);
  });

  it('fires processing-time timers when the manual clock moves', async () => {
    const clock = new ManualClock(1000);
    const h = new OneInputOperatorHarness(
      keyedProcessOperator<string, string, string>({
        processElement(v, ctx) {
          ctx.timers.registerProcessingTimeTimer(ctx.currentProcessingTime() + 50);
        },
        onTimer(timestamp, ctx, out) {
          out.collect(`${ctx.key}@${timestamp}/${ctx.domain}`);
        },
      }),
      { keySelector: (v: string) => v, clock },
    );
    await h.open();
    h.processElement('a');
    h.setProcessingTime(1020);
    h.processElement('b');
    assert.equal(h.nextProcessingTimer(), 1050);
    h.setProcessingTime(1049);
    assert.deepEqual(h.values(), []);
    h.setProcessingTime(1100);
    assert.deepEqual(h.records(), [
      { value: 'a@1050/processing-time', timestamp: Number.NaN },
      { value: 'b@1070/processing-time', timestamp: Number.NaN },
    ]);
    assert.throws(() => h.setProcessingTime(10), RangeError);
  });

  it('reports user errors with the step id and the cause', async () => {
    const boom = new Error('bad click');
    const h = new OneInputOperatorHarness(
      keyedProcessOperator<string, Click, string>({
        processElement() {
          throw boom;
        },
      }),
      { keySelector: (c: Click) => c.user, stepId: 'sessions' },
    );
    await h.open();
    assert.throws(
      () => h.processElement({ user: 'ann', t: 1 }),
      (e: unknown) => e instanceof WeirError && e.code === 'ERR_USER_FUNCTION' && e.stepId === 'sessions' && e.cause === boom,
    );
  });

  it('refuses records before open, and bad options', async () => {
    const h = new OneInputOperatorHarness(rollingReduceOperator<number>((a, b) => a + b), { keySelector: (v: number) => v });
    assert.throws(() => h.processElement(1), /open/);
    assert.throws(() => new OneInputOperatorHarness(rollingReduceOperator<number>((a, b) => a + b)), (e: unknown) => e instanceof WeirError && e.code === 'ERR_GRAPH_KEYED_INPUT_REQUIRED');
    assert.throws(() => new OneInputOperatorHarness(rollingReduceOperator<number>((a, b) => a + b), { keySelector: (v: number) => v, subtaskIndex: 2, parallelism: 2 }), RangeError);
  });
});
