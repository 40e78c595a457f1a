import { defineOperator } from '../api/define-operator.js';
import type { OneInputOperatorFactory } from '../api/operator-factory.js';
import type { AggregateFn } from '../functions/aggregate-fn.js';
import type { AggregatingState } from '../state/keyed-state.js';
import { aggregatingState } from '../state/state-descriptor.js';

/** Feeds each key's records into an accumulator and emits the result after every record. */
export function rollingAggregateOperator<I, ACC, O>(fn: AggregateFn<I, ACC, O>): OneInputOperatorFactory<I, O> {
  return defineOperator<I, O>({
    name: 'Aggregate',
    requiresKeyedInput: true,
    create: () => {
      // Aggregating state owns the accumulator: `add` may mutate it in place, and the
      // backend copies it when it snapshots, so a checkpoint never changes afterwards.
      let acc: AggregatingState<I, O>;
      return {
        open(ctx) {
          acc = ctx.getState(aggregatingState('aggregate', fn));
        },
        processElement(r, out) {
          acc.add(r.value);
          out.collect(acc.get() as O, r.timestamp);
        },
      };
    },
  });
}
