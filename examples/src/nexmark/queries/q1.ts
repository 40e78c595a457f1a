/**
 * Nexmark q1, currency conversion: every bid with its price in euros.
 *
 * @module
 */

import { defineJob, resultSink, type DataStream, type StreamEnvironment } from '@weir/operators';
import { dollarsToEuros, type Q1Row } from '../queries-reference.js';
import { nexmarkJobOptions } from './nexmark-job-args.js';
import { bidsOf, nexmarkStream, type NexmarkInput } from './nexmark-streams.js';

/**
 * Adds q1 to `env` (steps `q1-bids`, `q1`): q0's columns with `price` converted by
 * `dollarsToEuros` (`price * 908 / 1000`, the exact decimal's nearest double; `price * 0.908`
 * can differ in the last bit).
 */
export function q1(env: StreamEnvironment, input: NexmarkInput): DataStream<Q1Row> {
  return bidsOf(nexmarkStream(env, input), 'q1-bids').map<Q1Row>('q1', (b) => ({
    auction: b.auction,
    bidder: b.bidder,
    price: dollarsToEuros(b.price),
    dateTime: b.dateTime,
    extra: b.extra,
  }));
}

/** q1 as a job module: args `events` and `seed`; rows go to the result sink `q1`. */
export default defineJob((env, args) => {
  q1(env, nexmarkJobOptions(args)).sinkTo('q1-sink', resultSink<Q1Row>('q1'));
});
