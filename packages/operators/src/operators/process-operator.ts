import { defineOperator } from '../api/define-operator.js';
import type { OneInputOperatorFactory } from '../api/operator-factory.js';
import type { ProcessFn } from '../functions/process-fn.js';
import { FnContext, fnLifecycle } from './fn-context.js';
import { fnInstance } from './fn-instance.js';

/** Runs a {@link ProcessFn} over a non-keyed stream. */
export function processOperator<I, O>(userFn: ProcessFn<I, O>): OneInputOperatorFactory<I, O> {
  return defineOperator<I, O>({
    name: 'Process',
    create: () => {
      const fn = fnInstance(userFn);
      const c = new FnContext<O>();
      return {
        ...fnLifecycle(c, fn),
        processElement(r, out) {
          c.out = out;
          c.timestamp = r.timestamp;
          fn.processElement(r.value, c, c);
        },
      };
    },
  });
}
