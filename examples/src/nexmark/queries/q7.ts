/**
 * Nexmark q7, highest bid: the bids at the highest price of each tumbling window.
 *
 * @module
 */

import {
  defineJob,
  mapState,
  resultSink,
  valueState,
  type DataStream,
  type KeyedProcessFn,
  type MapState,
  type StreamEnvironment,
  type TimerService,
  type ValueState,
} from '@weir/operators';
import type { Bid } from '../model.js';
import { WINDOW_SIZE_MS, type Q7Row } from '../queries-reference.js';
import { nexmarkJobOptions } from './nexmark-job-args.js';
import { bidsOf, nexmarkStream, windowStartOf, type NexmarkInput } from './nexmark-streams.js';

/**
 * The candidates of one window, from some of its bids: the largest price `max` among the
 * bids of the window itself (−∞ when there are none), the bids at that price (`tops`), and
 * the bids stamped exactly at the window's end (`boundary`), which belong to the next window
 * but are reported for this one too when their price equals its maximum (the SQL's
 * `BETWEEN windowStart AND windowEnd`). A boundary bid below `max` can never be reported and
 * is dropped.
 */
interface Q7Candidates {
  readonly windowStart: number;
  readonly max: number;
  readonly tops: readonly Bid[];
  readonly boundary: readonly Bid[];
}

const NONE = Number.NEGATIVE_INFINITY;

/** `c` with `bid` counted as a bid of the window itself. */
function withOwnBid(c: Q7Candidates, bid: Bid): Q7Candidates {
  if (bid.price > c.max) return { windowStart: c.windowStart, max: bid.price, tops: [bid], boundary: c.boundary.filter((b) => b.price >= bid.price) };
  if (bid.price === c.max) return { ...c, tops: [...c.tops, bid] };
  return c;
}

/** `c` with `bid` as a bid at the window's end. */
function withBoundaryBid(c: Q7Candidates, bid: Bid): Q7Candidates {
  return bid.price >= c.max ? { ...c, boundary: [...c.boundary, bid] } : c;
}

/** `a` merged with the candidates `b` of the same window from other bids. */
function merged(a: Q7Candidates, b: Q7Candidates): Q7Candidates {
  const max = Math.max(a.max, b.max);
  const tops = a.max === b.max ? [...a.tops, ...b.tops] : a.max > b.max ? a.tops : b.tops;
  const boundary = [...a.boundary, ...b.boundary].filter((bid) => bid.price >= max);
  return { windowStart: a.windowStart, max, tops, boundary };
}

const empty = (windowStart: number): Q7Candidates => ({ windowStart, max: NONE, tops: [], boundary: [] });

/**
 * The local phase, keyed by auction (so it runs in parallel): each key's candidates per
 * window, emitted when the watermark reaches the window's end itself, not end − 1, since a
 * bid stamped exactly at the end may still arrive until then.
 */
function localCandidatesFn(): KeyedProcessFn<number, Bid, Q7Candidates> {
  let windows: MapState<number, Q7Candidates>;
  /** Applies `change` to the candidates of the window starting at `start`, registering the timer of a new window. */
  function update(start: number, bid: Bid, change: (c: Q7Candidates, bid: Bid) => Q7Candidates, timers: TimerService): void {
    const current = windows.get(start);
    if (current === undefined) timers.registerEventTimeTimer(start + WINDOW_SIZE_MS);
    const next = change(current ?? empty(start), bid);
    if (next !== current) windows.put(start, next);
  }
  return {
    open(ctx) {
      windows = ctx.getState(mapState<number, Q7Candidates>('candidates'));
    },
    processElement(bid, ctx) {
      const start = windowStartOf(bid.dateTime, WINDOW_SIZE_MS);
      update(start, bid, withOwnBid, ctx.timers);
      if (bid.dateTime === start) update(start - WINDOW_SIZE_MS, bid, withBoundaryBid, ctx.timers);
    },
    onTimer(end, _ctx, out) {
      const start = end - WINDOW_SIZE_MS;
      const c = windows.get(start);
      if (c === undefined) return;
      windows.remove(start);
      if (c.max !== NONE || c.boundary.length > 0) out.collect(c);
    },
  };
}

/** The global phase, keyed by window start: merges the local candidates and emits the window's rows at its end. */
function highestBidsFn(): KeyedProcessFn<number, Q7Candidates, Q7Row> {
  let window: ValueState<Q7Candidates>;
  return {
    open(ctx) {
      window = ctx.getState(valueState<Q7Candidates>('candidates'));
    },
    processElement(c, ctx) {
      const current = window.value();
      if (current === undefined) ctx.timers.registerEventTimeTimer(c.windowStart + WINDOW_SIZE_MS);
      window.update(current === undefined ? c : merged(current, c));
    },
    onTimer(_end, _ctx, out) {
      const c = window.value();
      if (c === undefined) return;
      window.clear();
      if (c.max === NONE) return;
      const windowStart = c.windowStart;
      const windowEnd = windowStart + WINDOW_SIZE_MS;
      for (const b of [...c.tops, ...c.boundary]) {
        if (b.price !== c.max) continue;
        out.collect({ windowStart, windowEnd, auction: b.auction, bidder: b.bidder, price: b.price, dateTime: b.dateTime, extra: b.extra });
      }
    },
  };
}

/**
 * Adds q7 to `env` (steps `q7-bids`, `q7-local`, `q7`): tumbling windows of 10 s; per window
 * the highest price, then every bid at that price stamped in [windowStart, windowEnd], both
 * ends inclusive as in the suite's SQL (so a bid exactly at a window's end is also reported
 * for that window when its price is that window's maximum). Two phases: candidates per
 * auction and window in parallel, then per window.
 */
export function q7(env: StreamEnvironment, input: NexmarkInput): DataStream<Q7Row> {
  return bidsOf(nexmarkStream(env, input), 'q7-bids')
    .keyBy((b) => b.auction)
    .process('q7-local', localCandidatesFn())
    .keyBy((c) => c.windowStart)
    .process('q7', highestBidsFn());
}

/** q7 as a job module: args `events` and `seed`; rows go to the result sink `q7`. */
export default defineJob((env, args) => {
  q7(env, nexmarkJobOptions(args)).sinkTo('q7-sink', resultSink<Q7Row>('q7'));
});
