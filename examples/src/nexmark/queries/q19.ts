/**
 * Nexmark q19, top-N: the ten highest bids of each auction.
 *
 * @module
 */

import { defineJob, MAX_WATERMARK, resultSink, valueState, type DataStream, type KeyedProcessFn, type StreamEnvironment, type ValueState } from '@weir/operators';
import type { Bid } from '../model.js';
import { compareQ19Bids, TOP_N, type Q19Row } from '../queries-reference.js';
import { nexmarkJobOptions } from './nexmark-job-args.js';
import { bidsOf, nexmarkStream, type NexmarkInput } from './nexmark-streams.js';

/**
 * Keyed by auction: keeps the auction's {@link TOP_N} first bids under `compareQ19Bids`
 * (price descending, then the reference's tie-breakers, so ranks do not depend on arrival
 * order), sorted. Its streaming output would be an updating top-N; this emits only the final
 * ranking of each auction, when the watermark reaches the end of input (an event-time timer
 * at `MAX_WATERMARK`), so on unbounded input it emits nothing.
 */
function topBidsFn(): KeyedProcessFn<number, Bid, Q19Row> {
  let top: ValueState<readonly Bid[]>;
  return {
    open(ctx) {
      top = ctx.getState(valueState<readonly Bid[]>('top-bids'));
    },
    processElement(bid, ctx) {
      const current = top.value();
      if (current === undefined) {
        top.update([bid]);
        ctx.timers.registerEventTimeTimer(MAX_WATERMARK);
        return;
      }
      // Most bids rank below a full list's last: check that before copying anything.
      if (current.length >= TOP_N && compareQ19Bids(bid, current[current.length - 1]!) >= 0) return;
      let i = current.length;
      while (i > 0 && compareQ19Bids(bid, current[i - 1]!) < 0) i--;
      const next = [...current.slice(0, i), bid, ...current.slice(i, TOP_N - 1)];
      top.update(next);
    },
    onTimer(_time, _ctx, out) {
      const bids = top.value() ?? [];
      bids.forEach((b, i) =>
        out.collect({ auction: b.auction, bidder: b.bidder, price: b.price, channel: b.channel, url: b.url, dateTime: b.dateTime, extra: b.extra, rankNumber: i + 1 }),
      );
      top.clear();
    },
  };
}

/** Adds q19 to `env` (steps `q19-bids`, `q19`): every bid column plus `rankNumber` (1 to 10) for each auction's top bids. */
export function q19(env: StreamEnvironment, input: NexmarkInput): DataStream<Q19Row> {
  return bidsOf(nexmarkStream(env, input), 'q19-bids')
    .keyBy((b) => b.auction)
    .process('q19', topBidsFn());
}

/** q19 as a job module: args `events` and `seed`; rows go to the result sink `q19`. */
export default defineJob((env, args) => {
  q19(env, nexmarkJobOptions(args)).sinkTo('q19-sink', resultSink<Q19Row>('q19'));
});
