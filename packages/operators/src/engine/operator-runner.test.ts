import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defineOperator, defineTwoInputOperator } from '../api/define-operator.js';
import type { Key } from '../api/key.js';
import type { OperatorContext, TaskInfo } from '../api/operator-context.js';
import type { OneInputOperatorFactory } from '../api/operator-factory.js';
import type { Output } from '../api/output.js';
import { WeirError } from '../errors/weir-error.js';
import { mapOperator } from '../operators/map-operator.js';
import { mapState, valueState } from '../state/state-descriptor.js';
import { ManualClock, MAX_WATERMARK, MIN_WATERMARK } from '../time/time.js';
import { OneInputOperatorRunner } from './one-input-operator-runner.js';
import type { OperatorSnapshot } from './operator-snapshot.js';
import { TwoInputOperatorRunner } from './two-input-operator-runner.js';

const taskInfo = (stepId = 'step'): TaskInfo => ({ stepId, subtaskIndex: 0, parallelism: 1, maxParallelism: 128, clock: new ManualClock(0) });

class ListOutput<T> implements Output<T> {
  readonly events: string[] = [];
  collect(value: T, timestamp: number): void {
    this.events.push(`${String(value)}@${timestamp}`);
  }
  collectSide(): void {}
  emitWatermark(watermark: number): void {
    this.events.push(`wm ${watermark}`);
  }
}

const isWeir = (code: string, stepId?: string) => (e: unknown) => e instanceof WeirError && e.code === code && (stepId === undefined || e.stepId === stepId);

describe('OneInputOperatorRunner', () => {
  it('tags what a user function throws with ERR_USER_FUNCTION, the step and the cause', () => {
    const boom = new Error('boom');
    const runner = new OneInputOperatorRunner({
      factory: mapOperator<number, number>(() => {
        throw boom;
      }),
      taskInfo: taskInfo('parse'),
      output: new ListOutput<number>(),
    });
    assert.throws(
      () => runner.processElement({ value: 1, timestamp: 0 }),
      (e: unknown) => isWeir('ERR_USER_FUNCTION', 'parse')(e) && (e as Error).cause === boom && /parse/.test((e as Error).message),
    );
  });

  it('tags errors of operators not made with defineOperator too', () => {
    const boom = new TypeError('raw');
    const raw: OneInputOperatorFactory<number, number> = {
      kind: 'one-input',
      name: 'Raw',
      requiresKeyedInput: false,
      instantiate: () => ({
        processElement() {
          throw boom;
        },
        onTimer() {},
        open() {
          throw boom;
        },
      }),
    };
    const runner = new OneInputOperatorRunner({ factory: raw, taskInfo: taskInfo('raw'), output: new ListOutput<number>() });
    assert.throws(() => runner.processElement({ value: 1, timestamp: 0 }), (e: unknown) => isWeir('ERR_USER_FUNCTION', 'raw')(e) && (e as Error).cause === boom);
    return assert.rejects(runner.open(), (e: unknown) => isWeir('ERR_USER_FUNCTION', 'raw')(e) && (e as Error).cause === boom);
  });

  it('gives a non-keyed operator no keyed state, timers or key (ERR_STATE_NOT_KEYED naming the step)', async () => {
    let ctx: OperatorContext | undefined;
    const factory = defineOperator<number, number>({
      name: 'Counter',
      create: () => ({
        open(c) {
          ctx = c;
        },
        processElement() {
          ctx!.timers.registerEventTimeTimer(1);
        },
      }),
    });
    const runner = new OneInputOperatorRunner({ factory, taskInfo: taskInfo('count'), output: new ListOutput<number>() });
    await runner.open();
    assert.equal(runner.keyed, false);
    assert.throws(
      () => ctx!.getState(valueState<number>('count')),
      (e: unknown) => isWeir('ERR_STATE_NOT_KEYED', 'count')(e) && /count/.test((e as Error).message) && /Counter/.test((e as Error).message),
    );
    assert.throws(() => ctx!.currentKey(), isWeir('ERR_STATE_NOT_KEYED', 'count'));
    assert.throws(() => runner.processElement({ value: 1, timestamp: 0 }), isWeir('ERR_STATE_NOT_KEYED', 'count'));
    assert.equal(ctx!.timers.currentWatermark(), MIN_WATERMARK);
    assert.equal(ctx!.timers.currentProcessingTime(), 0);
    assert.deepEqual(runner.snapshot(1), { stepId: 'count' });
  });

  it('fails open of a non-keyed operator that declares keyed state', async () => {
    const factory = defineOperator<number, number>({
      name: 'Bad',
      create: () => ({
        open(ctx) {
          ctx.getState(valueState<number>('x'));
        },
        processElement() {},
      }),
    });
    const runner = new OneInputOperatorRunner({ factory, taskInfo: taskInfo('bad'), output: new ListOutput<number>() });
    await assert.rejects(runner.open(), isWeir('ERR_STATE_NOT_KEYED', 'bad'));
  });

  it('requires a key selector for a keyed operator', () => {
    const factory = defineOperator<number, number>({ name: 'Keyed', requiresKeyedInput: true, create: () => ({ processElement() {} }) });
    assert.throws(() => new OneInputOperatorRunner({ factory, taskInfo: taskInfo(), output: new ListOutput<number>() }), isWeir('ERR_GRAPH_KEYED_INPUT_REQUIRED', 'step'));
  });

  it('fires timers before the watermark, with their key current, and forwards watermarks only when they grow', async () => {
    const out = new ListOutput<string>();
    let ctx: OperatorContext | undefined;
    const factory = defineOperator<{ k: string; t: number }, string>({
      name: 'Timers',
      requiresKeyedInput: true,
      create: () => ({
        open(c) {
          ctx = c;
        },
        processElement(r) {
          ctx!.timers.registerEventTimeTimer(r.value.t);
        },
        onTimer(timer, o) {
          o.collect(`${String(ctx!.currentKey())}:${timer.key}:wm=${ctx!.currentWatermark()}`, timer.timestamp);
        },
      }),
    });
    const runner = new OneInputOperatorRunner({ factory, taskInfo: taskInfo(), output: out, keySelector: (v) => v.k });
    await runner.open();
    runner.processElement({ value: { k: 'a', t: 5 }, timestamp: 0 });
    runner.processElement({ value: { k: 'b', t: 3 }, timestamp: 0 });
    runner.processWatermark(4);
    runner.processWatermark(4);
    runner.processWatermark(2);
    runner.processWatermark(MAX_WATERMARK);
    assert.deepEqual(out.events, ['b:b:wm=4@3', 'wm 4', 'a:a:wm=Infinity@5', 'wm Infinity']);
    assert.equal(runner.currentWatermark(), MAX_WATERMARK);
  });

  it('lets an operator with processWatermark forward (or hold back) watermarks itself', async () => {
    const out = new ListOutput<number>();
    const factory = defineOperator<number, number>({
      name: 'Hold',
      create: () => ({
        processElement() {},
        processWatermark(wm, o) {
          if (wm % 2 === 0) o.emitWatermark(wm);
        },
      }),
    });
    const runner = new OneInputOperatorRunner({ factory, taskInfo: taskInfo(), output: out });
    await runner.open();
    for (const wm of [1, 2, 3, 4]) runner.processWatermark(wm);
    assert.deepEqual(out.events, ['wm 2', 'wm 4']);
  });

  it('restores keyed state, timers and operator state before open, and closes once', async () => {
    const calls: string[] = [];
    const factory = defineOperator<string, string>({
      name: 'Life',
      requiresKeyedInput: true,
      create: () => {
        let own = 0;
        let ctx: OperatorContext;
        return {
          restoreState(s) {
            calls.push(`restore ${String(s)}`);
            own = s as number;
          },
          open(c) {
            ctx = c;
            calls.push('open');
          },
          processElement(r) {
            own++;
            const seen = ctx.getState(mapState<string, number>('seen'));
            seen.put(r.value, (seen.get(r.value) ?? 0) + 1);
            ctx.timers.registerProcessingTimeTimer(100);
          },
          snapshotState: () => own,
          onTimer(t, o) {
            o.collect(`${t.key}:${ctx.getState(mapState<string, number>('seen')).get(String(t.key))}`, Number.NaN);
          },
          close() {
            calls.push('close');
          },
        };
      },
    });
    const first = new OneInputOperatorRunner({ factory, taskInfo: taskInfo(), output: new ListOutput<string>(), keySelector: (v) => v });
    await first.open();
    first.processElement({ value: 'x', timestamp: 0 });
    first.processElement({ value: 'x', timestamp: 0 });
    first.processElement({ value: 'y', timestamp: 0 });
    const snapshot = first.snapshot(7);
    assert.equal(snapshot.operatorState, 3);
    assert.deepEqual(structuredClone(snapshot), snapshot);
    await first.close();
    await first.close();
    assert.deepEqual(calls, ['open', 'close']);

    calls.length = 0;
    const out = new ListOutput<string>();
    const second = new OneInputOperatorRunner({ factory, taskInfo: taskInfo(), output: out, keySelector: (v) => v, restored: snapshot });
    await second.open();
    assert.deepEqual(calls, ['restore 3', 'open']);
    assert.equal(second.numKeyedStateEntries(), 2);
    assert.equal(second.nextProcessingTimer(), 100);
    second.advanceProcessingTime(100);
    assert.deepEqual(out.events, ['x:2@NaN', 'y:1@NaN']);
    assert.equal(second.nextProcessingTimer(), undefined);
  });

  it('refuses snapshots of another step, and keyed state for an operator that is no longer keyed', async () => {
    const factory = mapOperator<number, number>((x) => x);
    const other: OperatorSnapshot = { stepId: 'other' };
    await assert.rejects(new OneInputOperatorRunner({ factory, taskInfo: taskInfo(), output: new ListOutput<number>(), restored: other }).open(), isWeir('ERR_STATE_UNKNOWN'));
    const keyed: OperatorSnapshot = { stepId: 'step', keyed: { maxParallelism: 128, groups: [[1, [['v', 'value', [['k', 1]]]]]] } };
    await assert.rejects(new OneInputOperatorRunner({ factory, taskInfo: taskInfo(), output: new ListOutput<number>(), restored: keyed }).open(), isWeir('ERR_STATE_UNKNOWN', 'step'));
  });

  it('rejects a key selector that returns something other than a string or number', async () => {
    const runner = new OneInputOperatorRunner({
      factory: mapOperator<{ id: unknown }, number>(() => 1),
      taskInfo: taskInfo(),
      output: new ListOutput<number>(),
      keySelector: (v) => v.id as Key,
    });
    await runner.open();
    assert.throws(() => runner.processElement({ value: { id: { nested: true } }, timestamp: 0 }), isWeir('ERR_USER_FUNCTION', 'step'));
  });
});

describe('TwoInputOperatorRunner', () => {
  it('treats an input without key selector on a keyed operator as a broadcast input with no key', async () => {
    const out = new ListOutput<string>();
    const factory = defineTwoInputOperator<{ user: string; item: string }, { item: string; price: number }, string>({
      name: 'Enrich',
      requiresKeyedInput: true,
      create: () => {
        let ctx: OperatorContext;
        return {
          open(c) {
            ctx = c;
          },
          processElement1(r, o) {
            const count = ctx.getState(valueState<number>('count'));
            count.update((count.value() ?? 0) + 1);
            const price = ctx.getBroadcastState(mapState<string, number>('prices')).get(r.value.item);
            o.collect(`${r.value.user}#${count.value()}:${r.value.item}=${price}`, r.timestamp);
          },
          processElement2(r) {
            assert.throws(() => ctx.currentKey(), isWeir('ERR_STATE_NOT_KEYED', 'enrich'));
            assert.throws(() => ctx.getState(valueState<number>('count')).value(), isWeir('ERR_STATE_NOT_KEYED', 'enrich'));
            ctx.getBroadcastState(mapState<string, number>('prices')).put(r.value.item, r.value.price);
          },
        };
      },
    });
    const runner = new TwoInputOperatorRunner({ factory, taskInfo: taskInfo('enrich'), output: out, keySelector1: (v) => v.user });
    await runner.open();
    runner.processElement2({ value: { item: 'apple', price: 3 }, timestamp: 0 });
    runner.processElement1({ value: { user: 'ann', item: 'apple' }, timestamp: 1 });
    runner.processElement2({ value: { item: 'pear', price: 5 }, timestamp: 0 });
    runner.processElement1({ value: { user: 'ann', item: 'pear' }, timestamp: 2 });
    runner.processElement1({ value: { user: 'bob', item: 'kiwi' }, timestamp: 3 });
    assert.deepEqual(out.events, ['ann#1:apple=3@1', 'ann#2:pear=5@2', 'bob#1:kiwi=undefined@3']);

    const snap = runner.snapshot(1);
    assert.deepEqual(snap.broadcast, { states: [['prices', [['apple', 3], ['pear', 5]]]] });
    const out2 = new ListOutput<string>();
    const restored = new TwoInputOperatorRunner({ factory, taskInfo: taskInfo('enrich'), output: out2, keySelector1: (v) => v.user, restored: snap });
    await restored.open();
    restored.processElement1({ value: { user: 'ann', item: 'pear' }, timestamp: 4 });
    assert.deepEqual(out2.events, ['ann#3:pear=5@4']);
  });

  it('requires a key selector on some input of a keyed operator', () => {
    const factory = defineTwoInputOperator<number, number, number>({
      name: 'KeyedCo',
      requiresKeyedInput: true,
      create: () => ({ processElement1() {}, processElement2() {} }),
    });
    assert.throws(() => new TwoInputOperatorRunner({ factory, taskInfo: taskInfo(), output: new ListOutput<number>() }), isWeir('ERR_GRAPH_KEYED_INPUT_REQUIRED'));
  });

  it('tags errors of either input with the step', async () => {
    const factory = defineTwoInputOperator<number, number, number>({
      name: 'Co',
      create: () => ({
        processElement1() {
          throw new Error('one');
        },
        processElement2() {
          throw new Error('two');
        },
      }),
    });
    const runner = new TwoInputOperatorRunner({ factory, taskInfo: taskInfo('co'), output: new ListOutput<number>() });
    await runner.open();
    assert.throws(() => runner.processElement1({ value: 1, timestamp: 0 }), (e: unknown) => isWeir('ERR_USER_FUNCTION', 'co')(e) && (e as Error & { cause: Error }).cause.message === 'one');
    assert.throws(() => runner.processElement2({ value: 1, timestamp: 0 }), (e: unknown) => isWeir('ERR_USER_FUNCTION', 'co')(e) && (e as Error & { cause: Error }).cause.message === 'two');
  });
});
