import { defineTwoInputOperator } from '../api/define-operator.js';
import type { Key } from '../api/key.js';
import type { TwoInputOperatorFactory } from '../api/operator-factory.js';
import type {
  BroadcastContext,
  BroadcastProcessFn,
  KeyedBroadcastProcessFn,
  KeyedReadOnlyBroadcastContext,
  OnTimerContext,
  ReadOnlyBroadcastContext,
} from '../functions/process-fn.js';
import { FnContext, fnLifecycle } from './fn-context.js';
import { fnInstance } from './fn-instance.js';

/**
 * Runs a {@link BroadcastProcessFn}: input 1 is the regular stream (reads broadcast
 * state), input 2 the broadcast stream (writes it; every subtask sees every element).
 */
export function broadcastProcessOperator<I, B, O>(userFn: BroadcastProcessFn<I, B, O>): TwoInputOperatorFactory<I, B, O> {
  return defineTwoInputOperator<I, B, O>({
    name: 'BroadcastProcess',
    create: () => {
      const fn = fnInstance(userFn);
      const c = new FnContext<O>();
      const ro = c as unknown as ReadOnlyBroadcastContext;
      const rw = c as unknown as BroadcastContext;
      return {
        ...fnLifecycle(c, fn),
        processElement1(r, out) {
          c.out = out;
          c.timestamp = r.timestamp;
          fn.processElement(r.value, ro, c);
        },
        processElement2(r, out) {
          c.out = out;
          c.timestamp = r.timestamp;
          fn.processBroadcastElement(r.value, rw, c);
        },
      };
    },
  });
}

/** Runs a {@link KeyedBroadcastProcessFn}: keyed state and timers on input 1. */
export function keyedBroadcastProcessOperator<K extends Key, I, B, O>(
  userFn: KeyedBroadcastProcessFn<K, I, B, O>,
): TwoInputOperatorFactory<I, B, O> {
  return defineTwoInputOperator<I, B, O>({
    name: 'KeyedBroadcastProcess',
    requiresKeyedInput: true,
    create: () => {
      const fn = fnInstance(userFn);
      const c = new FnContext<O>();
      const keyed = c as unknown as KeyedReadOnlyBroadcastContext<K> & OnTimerContext<K>;
      const rw = c as unknown as BroadcastContext;
      return {
        ...fnLifecycle(c, fn),
        processElement1(r, out) {
          c.out = out;
          c.timestamp = r.timestamp;
          fn.processElement(r.value, keyed, c);
        },
        processElement2(r, out) {
          c.out = out;
          c.timestamp = r.timestamp;
          fn.processBroadcastElement(r.value, rw, c);
        },
        onTimer(timer, out) {
          if (fn.onTimer === undefined) return;
          c.forTimer(out, timer.timestamp, timer.domain);
          fn.onTimer(timer.timestamp, keyed, c);
        },
      };
    },
  });
}
