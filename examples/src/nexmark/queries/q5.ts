/**
 * Nexmark q5, hot items: the auctions with the most bids in each sliding window.
 *
 * @module
 */

import {
  defineJob,
  resultSink,
  slidingEventTimeWindows,
  valueState,
  type AggregateFn,
  type DataStream,
  type KeyedProcessFn,
  type StreamEnvironment,
  type ValueState,
} from '@weir/operators';
import type { Bid } from '../model.js';
import { HOP_SLIDE_MS, WINDOW_SIZE_MS, type Q5Row } from '../queries-reference.js';
import { nexmarkJobOptions } from './nexmark-job-args.js';
import { bidsOf, nexmarkStream, type NexmarkInput } from './nexmark-streams.js';

/** Counts a window's bids. */
const countBids: AggregateFn<Bid, number, number> = {
  createAccumulator: () => 0,
  add: (_bid, n) => n + 1,
  getResult: (n) => n,
  merge: (a, b) => a + b,
};

/** The auctions with the largest count of a window so far (all of them on a tie). */
interface WindowLeaders {
  readonly num: number;
  readonly auctions: readonly number[];
}

/**
 * Keyed by window start: keeps the leading auctions of the window while the per-auction
 * counts arrive, and emits them when the watermark reaches the window's last millisecond
 * (the time the counts are stamped with): by then every parallel counter has fired the window.
 */
function windowLeadersFn(): KeyedProcessFn<number, Q5Row, Q5Row> {
  let leaders: ValueState<WindowLeaders>;
  return {
    open(ctx) {
      leaders = ctx.getState(valueState<WindowLeaders>('leaders'));
    },
    processElement(count, ctx) {
      const current = leaders.value();
      if (current === undefined) {
        leaders.update({ num: count.num, auctions: [count.auction] });
        ctx.timers.registerEventTimeTimer(count.windowEnd - 1);
      } else if (count.num > current.num) {
        leaders.update({ num: count.num, auctions: [count.auction] });
      } else if (count.num === current.num) {
        leaders.update({ num: current.num, auctions: [...current.auctions, count.auction] });
      }
    },
    onTimer(_time, ctx, out) {
      const current = leaders.value();
      if (current === undefined) return;
      const windowStart = ctx.key;
      for (const auction of current.auctions) out.collect({ windowStart, windowEnd: windowStart + WINDOW_SIZE_MS, auction, num: current.num });
      leaders.clear();
    },
  };
}

/**
 * Adds q5 to `env` (steps `q5-bids`, `q5-count`, `q5`): bids counted per auction in sliding
 * windows of 10 s every 2 s, then, per window (a second keyed stage, by window start), every
 * auction with the window's largest count. One row per (window, leading auction).
 */
export function q5(env: StreamEnvironment, input: NexmarkInput): DataStream<Q5Row> {
  return bidsOf(nexmarkStream(env, input), 'q5-bids')
    .keyBy((b) => b.auction)
    .window(slidingEventTimeWindows(WINDOW_SIZE_MS, HOP_SLIDE_MS))
    .aggregate<number, number, Q5Row>('q5-count', countBids, {
      process(auction, ctx, counts, out) {
        out.collect({ windowStart: ctx.window.start, windowEnd: ctx.window.end, auction, num: counts[0]! });
      },
    })
    .keyBy((c) => c.windowStart)
    .process('q5', windowLeadersFn());
}

/** q5 as a job module: args `events` and `seed`; rows go to the result sink `q5`. */
export default defineJob((env, args) => {
  q5(env, nexmarkJobOptions(args)).sinkTo('q5-sink', resultSink<Q5Row>('q5'));
});
