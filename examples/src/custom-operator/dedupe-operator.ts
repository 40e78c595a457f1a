import { defineOperator, valueState, type OneInputOperatorFactory, type ValueState } from '@weir/operators';

/**
 * A custom operator: drops records whose key was already seen within `ttlMs` of processing
 * time. It is made with `defineOperator`, like every built-in operator, and keeps its
 * memory in declared keyed state with a TTL, so it is checkpointed and expires by itself.
 * Apply it to a stream keyed by the identity to de-duplicate on.
 */
export function dedupeOperator<T>(ttlMs: number): OneInputOperatorFactory<T, T> {
  return defineOperator<T, T>({
    name: 'Dedupe',
    requiresKeyedInput: true,
    create: () => {
      let seen: ValueState<true>;
      return {
        open(ctx) {
          seen = ctx.getState(valueState<true>('seen', { ttl: { ttlMs } }));
        },
        processElement(record, out) {
          if (seen.value() === true) return;
          seen.update(true);
          out.collect(record.value, record.timestamp);
        },
      };
    },
  });
}
