import { defineOperator } from '../api/define-operator.js';
import type { OneInputOperatorFactory } from '../api/operator-factory.js';
import type { ReduceFn } from '../functions/aggregate-fn.js';
import type { ValueState } from '../state/keyed-state.js';
import { valueState } from '../state/state-descriptor.js';

/** Folds each key's records with `fn` and emits the running result after every record. */
export function rollingReduceOperator<T>(fn: ReduceFn<T>): OneInputOperatorFactory<T, T> {
  return defineOperator<T, T>({
    name: 'Reduce',
    requiresKeyedInput: true,
    create: () => {
      let acc: ValueState<T>;
      return {
        open(ctx) {
          acc = ctx.getState(valueState<T>('reduce'));
        },
        processElement(r, out) {
          const current = acc.value();
          const next = current === undefined ? r.value : fn(current, r.value);
          acc.update(next);
          out.collect(next, r.timestamp);
        },
      };
    },
  });
}
