/**
 * Nexmark q2, selection: `SELECT auction, price FROM bid WHERE MOD(auction, 123) = 0`.
 *
 * @module
 */

import { defineJob, resultSink, type DataStream, type StreamEnvironment } from '@weir/operators';
import { Q2_AUCTION_MODULUS, type Q2Row } from '../queries-reference.js';
import { nexmarkJobOptions } from './nexmark-job-args.js';
import { bidsOf, nexmarkStream, type NexmarkInput } from './nexmark-streams.js';

/** Adds q2 to `env` (steps `q2-bids`, `q2-filter`, `q2`): auction and price of the bids on every 123rd auction. */
export function q2(env: StreamEnvironment, input: NexmarkInput): DataStream<Q2Row> {
  return bidsOf(nexmarkStream(env, input), 'q2-bids')
    .filter('q2-filter', (b) => b.auction % Q2_AUCTION_MODULUS === 0)
    .map<Q2Row>('q2', (b) => ({ auction: b.auction, price: b.price }));
}

/** q2 as a job module: args `events` and `seed`; rows go to the result sink `q2`. */
export default defineJob((env, args) => {
  q2(env, nexmarkJobOptions(args)).sinkTo('q2-sink', resultSink<Q2Row>('q2'));
});
