import { defineOperator } from '../api/define-operator.js';
import type { OneInputOperatorFactory } from '../api/operator-factory.js';
import type { Output } from '../api/output.js';
import type { FlatMapFn } from '../functions/simple-fns.js';

/** Emits any number of records per input record, each with the input's timestamp. */
export function flatMapOperator<I, O>(fn: FlatMapFn<I, O>): OneInputOperatorFactory<I, O> {
  return defineOperator<I, O>({
    name: 'FlatMap',
    create: () => {
      let out: Output<O> | undefined;
      let ts = Number.NaN;
      const collector = { collect: (v: O) => out!.collect(v, ts) };
      return {
        processElement(r, o) {
          out = o;
          ts = r.timestamp;
          fn(r.value, collector);
        },
      };
    },
  });
}
