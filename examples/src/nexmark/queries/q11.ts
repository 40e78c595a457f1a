/**
 * Nexmark q11, user sessions: each bidder's bids grouped into sessions.
 *
 * @module
 */

import { defineJob, eventTimeSessionWindows, resultSink, type AggregateFn, type DataStream, type StreamEnvironment } from '@weir/operators';
import type { Bid } from '../model.js';
import { SESSION_GAP_MS, type Q11Row } from '../queries-reference.js';
import { nexmarkJobOptions } from './nexmark-job-args.js';
import { bidsOf, nexmarkStream, type NexmarkInput } from './nexmark-streams.js';

/** Counts a session's bids. */
const countBids: AggregateFn<Bid, number, number> = {
  createAccumulator: () => 0,
  add: (_bid, n) => n + 1,
  getResult: (n) => n,
  merge: (a, b) => a + b,
};

/**
 * Adds q11 to `env` (steps `q11-bids`, `q11`): per bidder, event-time session windows with a
 * 10 s gap (a bid opens [t, t + 10 s); windows that overlap or touch merge), one row per
 * session when it closes: its bid count, first bid time (`startTime`) and last bid time plus
 * the gap (`endTime`, exclusive).
 */
export function q11(env: StreamEnvironment, input: NexmarkInput): DataStream<Q11Row> {
  return bidsOf(nexmarkStream(env, input), 'q11-bids')
    .keyBy((b) => b.bidder)
    .window(eventTimeSessionWindows(SESSION_GAP_MS))
    .aggregate<number, number, Q11Row>('q11', countBids, {
      process(bidder, ctx, counts, out) {
        out.collect({ bidder, bidCount: counts[0]!, startTime: ctx.window.start, endTime: ctx.window.end });
      },
    });
}

/** q11 as a job module: args `events` and `seed`; rows go to the result sink `q11`. */
export default defineJob((env, args) => {
  q11(env, nexmarkJobOptions(args)).sinkTo('q11-sink', resultSink<Q11Row>('q11'));
});
