/**
 * Nexmark q4, average winning price per category.
 *
 * @module
 */

import {
  defineJob,
  listState,
  mapState,
  MAX_WATERMARK,
  resultSink,
  valueState,
  type DataStream,
  type KeyedCoProcessFn,
  type KeyedProcessFn,
  type ListState,
  type MapState,
  type StreamEnvironment,
  type ValueState,
} from '@weir/operators';
import type { Auction, Bid } from '../model.js';
import type { Q4Row } from '../queries-reference.js';
import { nexmarkJobOptions } from './nexmark-job-args.js';
import { auctionsOf, bidsOf, nexmarkStream, type NexmarkInput } from './nexmark-streams.js';

/** An auction event as the winning-bid join keeps it, with its best counting bid so far. */
interface OpenAuction {
  readonly dateTime: number;
  readonly expires: number;
  readonly category: number;
  /** The largest price of a bid in [dateTime, expires]; −∞ while there is none. */
  readonly best: number;
}

/** Pending bids are pruned when the watermark passes a multiple of this many ms. */
const PENDING_CLEANUP_MS = 1000;

/** The cleanup time of a bid stamped `t`: the first multiple of {@link PENDING_CLEANUP_MS} at or after it. */
const cleanupTime = (t: number): number => Math.ceil(t / PENDING_CLEANUP_MS) * PENDING_CLEANUP_MS;

/** A bid as kept for auctions that may still arrive. */
interface PendingBid {
  readonly dateTime: number;
  readonly price: number;
}

/**
 * A change of one category's sum of winning prices: a new auction (`count` 1) or a better
 * winning price of an (auction id, category) already counted (`count` 0, `sum` the increase).
 */
interface Q4WinnerDelta {
  readonly category: number;
  readonly sum: number;
  readonly count: 0 | 1;
}

/**
 * The winning bid of each closed auction: auctions (input 1) joined with bids (input 2) by
 * auction id. A bid counts for an auction event when `dateTime ≤ bid.dateTime ≤ expires`.
 * When the watermark reaches `expires` (an event-time timer), every bid that can count has
 * arrived, and the auction's winning price, if it had a counting bid, goes downstream as a
 * {@link Q4WinnerDelta}. As in the suite's `GROUP BY A.id, A.category`, several auction
 * events with one id and category count once, with their largest winning price.
 *
 * Bids wait in keyed state until the watermark passes their time, for auction events that
 * may still arrive (an auction can follow bids stamped in its first millisecond, and arrival
 * order across parallel source splits is free). One cleanup timer per key, at whole
 * {@link PENDING_CLEANUP_MS} of event time, prunes them: a timer per bid time would fire at
 * every watermark step for every busy auction. With a unique event per auction id this keeps
 * about 5 s of bids; what stays for good is the emitted winning price per (id, category).
 */
function winningBidFn(): KeyedCoProcessFn<number, Auction, Bid, Q4WinnerDelta> {
  let open: ValueState<readonly OpenAuction[]>;
  let pending: ListState<PendingBid>;
  let won: MapState<number, number>;
  return {
    open(ctx) {
      open = ctx.getState(valueState<readonly OpenAuction[]>('open-auctions'));
      pending = ctx.getState(listState<PendingBid>('pending-bids'));
      won = ctx.getState(mapState<number, number>('winning-price-by-category'));
    },
    processElement1(a, ctx) {
      let best = Number.NEGATIVE_INFINITY;
      for (const b of pending.get()) if (b.dateTime >= a.dateTime && b.dateTime <= a.expires && b.price > best) best = b.price;
      const auction: OpenAuction = { dateTime: a.dateTime, expires: a.expires, category: a.category, best };
      open.update([...(open.value() ?? []), auction]);
      ctx.timers.registerEventTimeTimer(a.expires);
    },
    processElement2(b, ctx) {
      const auctions = open.value();
      if (auctions !== undefined) {
        let changed: OpenAuction[] | undefined;
        for (let i = 0; i < auctions.length; i++) {
          const a = auctions[i]!;
          if (b.dateTime < a.dateTime || b.dateTime > a.expires || b.price <= a.best) continue;
          changed ??= auctions.slice();
          changed[i] = { ...a, best: b.price };
        }
        if (changed !== undefined) open.update(changed);
      }
      // Only an auction stamped at or before the bid can count it, and all those have arrived once the watermark passed the bid.
      if (b.dateTime > ctx.currentWatermark()) {
        if (pending.get().length === 0) ctx.timers.registerEventTimeTimer(cleanupTime(b.dateTime));
        pending.add({ dateTime: b.dateTime, price: b.price });
      }
    },
    onTimer(time, ctx, out) {
      const auctions = open.value();
      if (auctions !== undefined && auctions.some((a) => a.expires <= time)) {
        const stillOpen: OpenAuction[] = [];
        for (const a of auctions) {
          if (a.expires > time) stillOpen.push(a);
          else if (a.best > Number.NEGATIVE_INFINITY) {
            const previous = won.get(a.category);
            if (previous === undefined) {
              won.put(a.category, a.best);
              out.collect({ category: a.category, sum: a.best, count: 1 });
            } else if (a.best > previous) {
              won.put(a.category, a.best);
              out.collect({ category: a.category, sum: a.best - previous, count: 0 });
            }
          }
        }
        if (stillOpen.length > 0) open.update(stillOpen);
        else open.clear();
      }
      const waiting = pending.get();
      if (waiting.length > 0 && waiting.some((b) => b.dateTime <= time)) {
        const kept = waiting.filter((b) => b.dateTime > time);
        pending.update(kept);
        if (kept.length > 0) ctx.timers.registerEventTimeTimer(cleanupTime(kept.reduce((min, b) => Math.min(min, b.dateTime), Number.POSITIVE_INFINITY)));
      }
    },
  };
}

/** ⌊sum / count⌋ for non-negative integers, exact even where the float quotient rounds up. */
function integerAverage(sum: number, count: number): number {
  let q = Math.floor(sum / count);
  while (q * count > sum) q--;
  while ((q + 1) * count <= sum) q++;
  return q;
}

/**
 * The average winning price of each category, from the winners' deltas keyed by category.
 * Its streaming output would be an upsert per delta; this emits only the final row of each
 * category, when the watermark reaches the end of input (an event-time timer at
 * `MAX_WATERMARK`), so on unbounded input it emits nothing. The average is truncated to an
 * integer, as Flink's `AVG` over `BIGINT`.
 */
function categoryAverageFn(): KeyedProcessFn<number, Q4WinnerDelta, Q4Row> {
  let total: ValueState<{ readonly sum: number; readonly count: number }>;
  return {
    open(ctx) {
      total = ctx.getState(valueState<{ readonly sum: number; readonly count: number }>('winning-price-total'));
    },
    processElement(delta, ctx) {
      const t = total.value();
      if (t === undefined) ctx.timers.registerEventTimeTimer(MAX_WATERMARK);
      total.update({ sum: (t?.sum ?? 0) + delta.sum, count: (t?.count ?? 0) + delta.count });
    },
    onTimer(_time, ctx, out) {
      const t = total.value();
      if (t !== undefined && t.count > 0) out.collect({ category: ctx.key, averagePrice: integerAverage(t.sum, t.count) });
    },
  };
}

/**
 * Adds q4 to `env` (steps `q4-auctions`, `q4-bids`, `q4-winners`, `q4`), with the suite's
 * SQL semantics (no reserve condition): the average winning price of the closed auctions of
 * each category, one final row per category at the end of input. See `q4` in
 * queries-reference.ts for the exact definition.
 */
export function q4(env: StreamEnvironment, input: NexmarkInput): DataStream<Q4Row> {
  const events = nexmarkStream(env, input);
  const auctions = auctionsOf(events, 'q4-auctions').keyBy((a) => a.id);
  const bids = bidsOf(events, 'q4-bids').keyBy((b) => b.auction);
  return auctions
    .connect(bids)
    .process('q4-winners', winningBidFn())
    .keyBy((d) => d.category)
    .process('q4', categoryAverageFn());
}

/** q4 as a job module: args `events` and `seed`; rows go to the result sink `q4`. */
export default defineJob((env, args) => {
  q4(env, nexmarkJobOptions(args)).sinkTo('q4-sink', resultSink<Q4Row>('q4'));
});
