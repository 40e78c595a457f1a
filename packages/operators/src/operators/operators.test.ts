import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OutputTag } from '../api/output-tag.js';
import { WeirError } from '../errors/weir-error.js';
import { mapState, valueState } from '../state/state-descriptor.js';
import { MAX_WATERMARK } from '../time/time.js';
import type { ValueState } from '../state/keyed-state.js';
import type { SinkWriter } from '../sink/sink.js';
import { OneInputOperatorHarness, TwoInputOperatorHarness } from '../testing/index.js';
import { broadcastProcessOperator, keyedBroadcastProcessOperator } from './broadcast-process-operator.js';
import { coProcessOperator, keyedCoProcessOperator } from './co-process-operator.js';
import { filterOperator } from './filter-operator.js';
import { flatMapOperator } from './flat-map-operator.js';
import { keyedProcessOperator } from './keyed-process-operator.js';
import { mapOperator } from './map-operator.js';
import { processOperator } from './process-operator.js';
import { rollingAggregateOperator } from './rolling-aggregate-operator.js';
import { rollingReduceOperator } from './rolling-reduce-operator.js';
import { sinkOperator } from './sink-operator.js';

async function opened<H extends { open(): Promise<void> }>(h: H): Promise<H> {
  await h.open();
  return h;
}

describe('built-in operators (through the operator harness)', () => {
  it('map keeps timestamps', async () => {
    const h = await opened(new OneInputOperatorHarness(mapOperator((x: number) => x * 10)));
    h.processElement(1, 100);
    h.processElement(2, 200);
    assert.deepEqual(h.records(), [{ value: 10, timestamp: 100 }, { value: 20, timestamp: 200 }]);
  });

  it('filter keeps matching records and forwards watermarks', async () => {
    const h = await opened(new OneInputOperatorHarness(filterOperator((x: number) => x > 1)));
    h.processElement(1, 1);
    h.processElement(2, 2);
    h.processWatermark(5);
    assert.deepEqual(h.values(), [2]);
    assert.deepEqual(h.watermarks(), [5]);
  });

  it('flatMap emits any number of records with the input timestamp', async () => {
    const h = await opened(new OneInputOperatorHarness(flatMapOperator((s: string, out: { collect(v: string): void }) => s.split(',').forEach((p) => out.collect(p)))));
    h.processElement('a,b', 7);
    h.processElement('', 8);
    assert.deepEqual(h.records(), [{ value: 'a', timestamp: 7 }, { value: 'b', timestamp: 7 }, { value: '', timestamp: 8 }]);
  });

  it('process emits to side outputs and reads the watermark', async () => {
    const big = new OutputTag<number>('big');
    const h = await opened(
      new OneInputOperatorHarness(
        processOperator<number, string>({
          processElement(v, ctx, out) {
            if (v > 10) ctx.output(big, v);
            else out.collect(`${v}@${ctx.timestamp}/wm${ctx.currentWatermark()}`);
          },
        }),
      ),
    );
    h.processWatermark(3);
    h.processElement(5, 4);
    h.processElement(50, 6);
    assert.deepEqual(h.values(), ['5@4/wm3']);
    assert.deepEqual(h.sideOutput(big), [{ value: 50, timestamp: 6 }]);
  });

  it('keyed process: state per key and event-time timers in order with their key', async () => {
    const fired: string[] = [];
    let sum: ValueState<number>;
    const h = await opened(
      new OneInputOperatorHarness(
        keyedProcessOperator<string, { k: string; v: number }, string>({
          open(ctx) {
            sum = ctx.getState(valueState<number>('sum'));
          },
          processElement(e, ctx, out) {
            sum.update((sum.value() ?? 0) + e.v);
            ctx.timers.registerEventTimeTimer(ctx.timestamp + 10);
            out.collect(`${ctx.key}:${sum.value()}`);
          },
          onTimer(ts, ctx, out) {
            fired.push(`${ctx.key}@${ts}`);
            out.collect(`timer ${ctx.key} ${sum.value()}`);
          },
        }),
        { keySelector: (e) => e.k },
      ),
    );
    h.processElement({ k: 'a', v: 1 }, 5);
    h.processElement({ k: 'b', v: 2 }, 1);
    h.processElement({ k: 'a', v: 3 }, 5);
    h.processWatermark(20);
    assert.deepEqual(fired, ['b@11', 'a@15']);
    assert.deepEqual(h.values(), ['a:1', 'b:2', 'a:4', 'timer b 2', 'timer a 4']);
    assert.equal(h.records().at(-1)!.timestamp, 15, 'event-time timer output carries the timer time');
  });

  it('keyed process: processing-time timers fire on the injected clock', async () => {
    const h = await opened(
      new OneInputOperatorHarness(
        keyedProcessOperator<string, string, string>({
          processElement(v, ctx) {
            ctx.timers.registerProcessingTimeTimer(ctx.currentProcessingTime() + 100);
            ctx.timers.registerProcessingTimeTimer(ctx.currentProcessingTime() + 100);
          },
          onTimer(ts, ctx, out) {
            out.collect(`${ctx.key}@${ts}:${ctx.domain}`);
          },
        }),
        { keySelector: (v) => v },
      ),
    );
    h.processElement('x');
    h.setProcessingTime(99);
    assert.deepEqual(h.values(), []);
    h.setProcessingTime(100);
    assert.deepEqual(h.values(), ['x@100:processing-time'], 'registered twice, fired once');
  });

  it('rolling reduce and aggregate emit the running result per key and survive a snapshot', async () => {
    const reduce = await opened(new OneInputOperatorHarness(rollingReduceOperator((a: number, b: number) => a + b), { keySelector: (v) => v % 2 }));
    for (const v of [1, 2, 3, 4]) reduce.processElement(v);
    assert.deepEqual(reduce.values(), [1, 2, 4, 6]);

    const avg = { createAccumulator: () => ({ s: 0, n: 0 }), add: (v: number, a: { s: number; n: number }) => ((a.s += v), (a.n += 1), a), getResult: (a: { s: number; n: number }) => a.s / a.n, merge: (a: { s: number; n: number }) => a };
    const agg = await opened(new OneInputOperatorHarness(rollingAggregateOperator(avg), { keySelector: () => 'k' }));
    agg.processElement(2);
    agg.processElement(4);
    const snap = agg.snapshot(1);
    agg.processElement(100);
    assert.deepEqual(agg.values(), [2, 3, 35.333333333333336]);
    const restored = await opened(new OneInputOperatorHarness(rollingAggregateOperator(avg), { keySelector: () => 'k', restored: snap }));
    restored.processElement(6);
    assert.deepEqual(restored.values(), [4], 'the snapshot was not changed by the later in-place add');
  });

  it('co-process handles both inputs', async () => {
    const h = await opened(
      new TwoInputOperatorHarness(
        coProcessOperator<number, string, string>({
          processElement1: (v, _c, out) => out.collect(`n${v}`),
          processElement2: (v, _c, out) => out.collect(`s${v}`),
        }),
      ),
    );
    h.processElement1(1);
    h.processElement2('x');
    assert.deepEqual(h.values(), ['n1', 'sx']);
  });

  it('keyed co-process joins two inputs on their key with shared state', async () => {
    type Person = { id: number; name: string };
    type Order = { id: number; amount: number };
    let name: ValueState<string>;
    const h = await opened(
      new TwoInputOperatorHarness(
        keyedCoProcessOperator<number, Person, Order, string>({
          open(ctx) {
            name = ctx.getState(valueState<string>('name'));
          },
          processElement1(p) {
            name.update(p.name);
          },
          processElement2(o, ctx, out) {
            out.collect(`${ctx.key}:${name.value() ?? '?'}:${o.amount}`);
          },
        }),
        { keySelector1: (p) => p.id, keySelector2: (o) => o.id },
      ),
    );
    h.processElement2({ id: 1, amount: 5 });
    h.processElement1({ id: 1, name: 'Ada' });
    h.processElement2({ id: 1, amount: 7 });
    h.processElement2({ id: 2, amount: 9 });
    assert.deepEqual(h.values(), ['1:?:5', '1:Ada:7', '2:?:9']);
  });

  it('broadcast process: broadcast side writes state, the other side reads it', async () => {
    const rates = mapState<string, number>('rates');
    const h = await opened(
      new TwoInputOperatorHarness(
        broadcastProcessOperator<{ cur: string; amount: number }, { cur: string; rate: number }, number>({
          processElement(e, ctx, out) {
            out.collect(e.amount * (ctx.getBroadcastState(rates).get(e.cur) ?? 0));
          },
          processBroadcastElement(r, ctx) {
            ctx.getBroadcastState(rates).put(r.cur, r.rate);
          },
        }),
      ),
    );
    h.processElement1({ cur: 'EUR', amount: 10 });
    h.processElement2({ cur: 'EUR', rate: 2 });
    h.processElement1({ cur: 'EUR', amount: 10 });
    assert.deepEqual(h.values(), [0, 20]);
    const restored = await opened(
      new TwoInputOperatorHarness(
        broadcastProcessOperator<{ cur: string; amount: number }, { cur: string; rate: number }, number>({
          processElement: (e, ctx, out) => out.collect(e.amount * (ctx.getBroadcastState(rates).get(e.cur) ?? 0)),
          processBroadcastElement() {},
        }),
        { restored: h.snapshot(1) },
      ),
    );
    restored.processElement1({ cur: 'EUR', amount: 3 });
    assert.deepEqual(restored.values(), [6], 'broadcast state is checkpointed');
  });

  it('keyed broadcast process: keyed state and timers on the keyed side', async () => {
    const rules = mapState<string, number>('rules');
    const h = await opened(
      new TwoInputOperatorHarness(
        keyedBroadcastProcessOperator<string, { k: string; v: number }, { name: string; limit: number }, string>({
          processElement(e, ctx, out) {
            const limit = ctx.getBroadcastState(rules).get('limit') ?? Infinity;
            if (e.v > limit) out.collect(`${ctx.key} over ${limit}`);
            ctx.timers.registerEventTimeTimer(100);
          },
          processBroadcastElement(r, ctx) {
            ctx.getBroadcastState(rules).put(r.name, r.limit);
          },
          onTimer(ts, ctx, out) {
            out.collect(`check ${ctx.key} at ${ts}`);
          },
        }),
        { keySelector1: (e) => e.k },
      ),
    );
    h.processElement2({ name: 'limit', limit: 5 });
    h.processElement1({ k: 'a', v: 9 }, 1);
    h.processElement1({ k: 'b', v: 1 }, 1);
    h.processWatermark(MAX_WATERMARK);
    assert.deepEqual(h.values(), ['a over 5', 'check a at 100', 'check b at 100']);
  });

  it('sink operator opens one writer, writes every record and flushes at the end of input', async () => {
    const calls: string[] = [];
    const h = await opened(
      new OneInputOperatorHarness(
        sinkOperator<number>({
          name: 'probe',
          createWriter: (ctx): SinkWriter<number> => ({
            open: () => void calls.push(`open ${ctx.stepId} ${ctx.subtaskIndex}/${ctx.parallelism}`),
            write: (v, t) => void calls.push(`write ${v}@${t}`),
            flush: () => void calls.push('flush'),
            close: () => void calls.push('close'),
          }),
        }),
        { stepId: 'out' },
      ),
    );
    h.processElement(1, 10);
    await h.finish();
    await h.close();
    assert.deepEqual(calls, ['open out 0/1', 'write 1@10', 'flush', 'close']);
  });

  it('tags a user function error with the step id and keeps the cause', async () => {
    const h = await opened(new OneInputOperatorHarness(mapOperator((): number => { throw new SyntaxError('bad input'); }), { stepId: 'parse' }));
    assert.throws(() => h.processElement(1), (err: unknown) => {
      assert.ok(err instanceof WeirError);
      assert.equal(err.code, 'ERR_USER_FUNCTION');
      assert.equal(err.stepId, 'parse');
      assert.ok(err.cause instanceof SyntaxError);
      return true;
    });
  });
});
