import { collectionSource, defineJob, resultSink } from '@weir/operators';
import { dedupeOperator } from './dedupe-operator.js';

/** An event that may be delivered more than once. */
export interface Delivery {
  readonly eventId: string;
  readonly payload: number;
}

/** Events with duplicates, as an at-least-once upstream delivers them. */
export const DELIVERIES: readonly Delivery[] = [
  { eventId: 'a', payload: 1 },
  { eventId: 'b', payload: 2 },
  { eventId: 'a', payload: 1 },
  { eventId: 'c', payload: 3 },
  { eventId: 'b', payload: 2 },
  { eventId: 'd', payload: 4 },
];

/** De-duplicates deliveries by event id with the custom operator; results go to `unique`. */
export default defineJob((env) => {
  env
    .fromSource('deliveries', collectionSource(DELIVERIES, 'deliveries'))
    .keyBy((d) => d.eventId)
    .transform('dedupe', dedupeOperator<Delivery>(60_000))
    .sinkTo('unique', resultSink<Delivery>('unique'));
});
