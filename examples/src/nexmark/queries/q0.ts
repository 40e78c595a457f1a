/**
 * Nexmark q0, pass-through: `SELECT auction, bidder, price, dateTime, extra FROM bid`.
 *
 * @module
 */

import { defineJob, resultSink, type DataStream, type StreamEnvironment } from '@weir/operators';
import type { Q0Row } from '../queries-reference.js';
import { nexmarkJobOptions } from './nexmark-job-args.js';
import { bidsOf, nexmarkStream, type NexmarkInput } from './nexmark-streams.js';

/** Adds q0 to `env` (steps `q0-bids`, `q0`): one row per bid, with the suite's columns. */
export function q0(env: StreamEnvironment, input: NexmarkInput): DataStream<Q0Row> {
  return bidsOf(nexmarkStream(env, input), 'q0-bids').map<Q0Row>('q0', (b) => ({
    auction: b.auction,
    bidder: b.bidder,
    price: b.price,
    dateTime: b.dateTime,
    extra: b.extra,
  }));
}

/** q0 as a job module: args `events` and `seed` (see `nexmarkJobOptions`); rows go to the result sink `q0`. */
export default defineJob((env, args) => {
  q0(env, nexmarkJobOptions(args)).sinkTo('q0-sink', resultSink<Q0Row>('q0'));
});
