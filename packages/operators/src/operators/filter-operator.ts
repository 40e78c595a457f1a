import { defineOperator } from '../api/define-operator.js';
import type { OneInputOperatorFactory } from '../api/operator-factory.js';
import type { FilterFn } from '../functions/simple-fns.js';

/** Keeps the records for which `fn` returns true. */
export function filterOperator<T>(fn: FilterFn<T>): OneInputOperatorFactory<T, T> {
  return defineOperator<T, T>({
    name: 'Filter',
    create: () => ({
      processElement(r, out) {
        if (fn(r.value)) out.collect(r.value, r.timestamp);
      },
    }),
  });
}
