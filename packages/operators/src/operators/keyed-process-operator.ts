import { defineOperator } from '../api/define-operator.js';
import type { Key } from '../api/key.js';
import type { OneInputOperatorFactory } from '../api/operator-factory.js';
import type { KeyedProcessContext, KeyedProcessFn, OnTimerContext } from '../functions/process-fn.js';
import { FnContext, fnLifecycle } from './fn-context.js';
import { fnInstance } from './fn-instance.js';

/** Runs a {@link KeyedProcessFn} over a keyed stream: keyed state, timers, `onTimer`. */
export function keyedProcessOperator<K extends Key, I, O>(userFn: KeyedProcessFn<K, I, O>): OneInputOperatorFactory<I, O> {
  return defineOperator<I, O>({
    name: 'KeyedProcess',
    requiresKeyedInput: true,
    create: () => {
      const fn = fnInstance(userFn);
      const c = new FnContext<O>();
      const ctx = c as unknown as OnTimerContext<K> & KeyedProcessContext<K>;
      return {
        ...fnLifecycle(c, fn),
        processElement(r, out) {
          c.out = out;
          c.timestamp = r.timestamp;
          fn.processElement(r.value, ctx, c);
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
