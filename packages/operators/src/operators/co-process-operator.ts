import { defineTwoInputOperator } from '../api/define-operator.js';
import type { Key } from '../api/key.js';
import type { TwoInputOperatorFactory } from '../api/operator-factory.js';
import type { CoProcessFn, KeyedCoProcessFn, KeyedProcessContext, OnTimerContext } from '../functions/process-fn.js';
import { FnContext, fnLifecycle } from './fn-context.js';
import { fnInstance } from './fn-instance.js';

/** Runs a {@link CoProcessFn} over two connected streams. */
export function coProcessOperator<I1, I2, O>(userFn: CoProcessFn<I1, I2, O>): TwoInputOperatorFactory<I1, I2, O> {
  return defineTwoInputOperator<I1, I2, O>({
    name: 'CoProcess',
    create: () => {
      const fn = fnInstance(userFn);
      const c = new FnContext<O>();
      return {
        ...fnLifecycle(c, fn),
        processElement1(r, out) {
          c.out = out;
          c.timestamp = r.timestamp;
          fn.processElement1(r.value, c, c);
        },
        processElement2(r, out) {
          c.out = out;
          c.timestamp = r.timestamp;
          fn.processElement2(r.value, c, c);
        },
      };
    },
  });
}

/** Runs a {@link KeyedCoProcessFn} over two connected keyed streams. */
export function keyedCoProcessOperator<K extends Key, I1, I2, O>(userFn: KeyedCoProcessFn<K, I1, I2, O>): TwoInputOperatorFactory<I1, I2, O> {
  return defineTwoInputOperator<I1, I2, O>({
    name: 'KeyedCoProcess',
    requiresKeyedInput: true,
    create: () => {
      const fn = fnInstance(userFn);
      const c = new FnContext<O>();
      const ctx = c as unknown as OnTimerContext<K> & KeyedProcessContext<K>;
      return {
        ...fnLifecycle(c, fn),
        processElement1(r, out) {
          c.out = out;
          c.timestamp = r.timestamp;
          fn.processElement1(r.value, ctx, c);
        },
        processElement2(r, out) {
          c.out = out;
          c.timestamp = r.timestamp;
          fn.processElement2(r.value, ctx, c);
        },
        onTimer(timer, out) {
          if (fn.onTimer === undefined) return;
          c.forTimer(out, timer.timestamp, timer.domain);
          fn.onTimer(timer.timestamp, ctx, c);
        },
      };
    },
  });
}
