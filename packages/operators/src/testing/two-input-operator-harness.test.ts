import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WeirError } from '../errors/weir-error.js';
import { keyedBroadcastProcessOperator } from '../operators/broadcast-process-operator.js';
import { keyedCoProcessOperator } from '../operators/co-process-operator.js';
import type { ValueState } from '../state/keyed-state.js';
import { mapState, valueState } from '../state/state-descriptor.js';
import { MAX_WATERMARK } from '../time/time.js';
import { TwoInputOperatorHarness } from './two-input-operator-harness.js';

interface Order {
  readonly id: string;
  readonly amount: number;
}
interface Payment {
  readonly orderId: string;
}

describe('TwoInputOperatorHarness', () => {
  it('runs a keyed co-process join with timers, across a snapshot and restore', async () => {
    const factory = () => {
      let order: ValueState<Order>;
      let deadline: ValueState<number>;
      return keyedCoProcessOperator<string, Order, Payment, string>({
        open(ctx) {
          order = ctx.getState(valueState<Order>('order'));
          deadline = ctx.getState(valueState<number>('deadline'));
        },
        processElement1(o, ctx) {
          order.update(o);
          deadline.update(ctx.timestamp + 100);
          ctx.timers.registerEventTimeTimer(ctx.timestamp + 100);
        },
        processElement2(_p, ctx, out) {
          const o = order.value();
          if (o === undefined) return;
          out.collect(`paid ${o.id} ${o.amount}`);
          ctx.timers.deleteEventTimeTimer(deadline.value()!);
          order.clear();
          deadline.clear();
        },
        onTimer(_timestamp, ctx, out) {
          if (order.value() !== undefined) out.collect(`unpaid ${ctx.key}`);
          order.clear();
          deadline.clear();
        },
      });
    };
    const options = { keySelector1: (o: Order) => o.id, keySelector2: (p: Payment) => p.orderId };
    const h = new TwoInputOperatorHarness(factory(), options);
    await h.open();
    h.processElement1({ id: 'o1', amount: 10 }, 1000);
    h.processElement1({ id: 'o2', amount: 20 }, 1000);
    h.processElement2({ orderId: 'o1' }, 1050);
    const snapshot = h.snapshot(1);
    assert.deepEqual(h.values(), ['paid o1 10']);

    const restored = new TwoInputOperatorHarness(factory(), { ...options, restored: snapshot });
    await restored.open();
    assert.equal(restored.numKeyedStateEntries(), 2);
    assert.equal(restored.numTimers(), 1);
    restored.processWatermark(MAX_WATERMARK);
    assert.deepEqual(restored.records(), [{ value: 'unpaid o2', timestamp: 1100 }]);
    assert.deepEqual(restored.watermarks(), [MAX_WATERMARK]);
  });

  it('runs a keyed broadcast operator: input 2 is the broadcast input', async () => {
    const thresholds = mapState<string, number>('thresholds');
    const h = new TwoInputOperatorHarness(
      keyedBroadcastProcessOperator<string, { sensor: string; value: number }, { sensor: string; max: number }, string>({
        processElement(r, ctx, out) {
          const max = ctx.getBroadcastState(thresholds).get(r.sensor);
          if (max !== undefined && r.value > max) out.collect(`${ctx.key} ${r.value} > ${max}`);
        },
        processBroadcastElement(rule, ctx) {
          ctx.getBroadcastState(thresholds).put(rule.sensor, rule.max);
        },
      }),
      { keySelector1: (r) => r.sensor, stepId: 'alerts' },
    );
    await h.open();
    h.processElement1({ sensor: 's1', value: 50 });
    h.processElement2({ sensor: 's1', max: 40 });
    h.processElement1({ sensor: 's1', value: 50 });
    h.processElement1({ sensor: 's1', value: 30 });
    assert.deepEqual(h.values(), ['s1 50 > 40']);
    const snap = h.snapshot();
    assert.deepEqual(snap.broadcast, { states: [['thresholds', [['s1', 40]]]] });
  });

  it('keeps keyed state out of reach of the broadcast input', async () => {
    const h = new TwoInputOperatorHarness(
      keyedBroadcastProcessOperator<string, string, string, string>({
        processElement() {},
        processBroadcastElement(_v, ctx) {
          (ctx as unknown as { timers: { registerEventTimeTimer(t: number): void } }).timers.registerEventTimeTimer(1);
        },
      }),
      { keySelector1: (v: string) => v, stepId: 'b' },
    );
    await h.open();
    assert.throws(() => h.processElement2('x'), (e: unknown) => e instanceof WeirError && e.code === 'ERR_STATE_NOT_KEYED' && e.stepId === 'b');
  });
});
