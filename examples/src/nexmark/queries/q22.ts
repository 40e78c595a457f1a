/**
 * Nexmark q22, string functions: every bid with the first three directories of its URL.
 *
 * @module
 */

import { defineJob, resultSink, type DataStream, type StreamEnvironment } from '@weir/operators';
import type { Bid } from '../model.js';
import type { Q22Row } from '../queries-reference.js';
import { nexmarkJobOptions } from './nexmark-job-args.js';
import { bidsOf, nexmarkStream, type NexmarkInput } from './nexmark-streams.js';

/**
 * The q22 row of a bid: `dir1..dir3 = SPLIT_INDEX(url, '/', 3..5)`, the 0-based parts 3 to 5
 * of the URL split on every `/` (empty parts kept), `null` past the last part.
 */
function q22Row(b: Bid): Q22Row {
  const parts = b.url.split('/');
  return {
    auction: b.auction,
    bidder: b.bidder,
    price: b.price,
    channel: b.channel,
    dir1: parts[3] ?? null,
    dir2: parts[4] ?? null,
    dir3: parts[5] ?? null,
  };
}

/** Adds q22 to `env` (steps `q22-bids`, `q22`): one row per bid, see {@link q22Row}. */
export function q22(env: StreamEnvironment, input: NexmarkInput): DataStream<Q22Row> {
  return bidsOf(nexmarkStream(env, input), 'q22-bids').map('q22', q22Row);
}

/** q22 as a job module: args `events` and `seed`; rows go to the result sink `q22`. */
export default defineJob((env, args) => {
  q22(env, nexmarkJobOptions(args)).sinkTo('q22-sink', resultSink<Q22Row>('q22'));
});
