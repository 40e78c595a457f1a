import { defineOperator } from '../api/define-operator.js';
import type { OneInputOperatorFactory } from '../api/operator-factory.js';
import type { MapFn } from '../functions/simple-fns.js';

/** Applies `fn` to every record, keeping its timestamp. */
export function mapOperator<I, O>(fn: MapFn<I, O>): OneInputOperatorFactory<I, O> {
  return defineOperator<I, O>({
    name: 'Map',
    create: () => ({ processElement: (r, out) => out.collect(fn(r.value), r.timestamp) }),
  });
}
