/**
 * Nexmark q3, local item suggestion: auctions in category 10 with their seller, for sellers
 * in Oregon, Idaho or California. An unwindowed inner join, computed incrementally.
 *
 * @module
 */

import { defineJob, listState, resultSink, type DataStream, type KeyedCoProcessFn, type ListState, type StreamEnvironment } from '@weir/operators';
import type { Q3Row } from '../queries-reference.js';
import { nexmarkJobOptions } from './nexmark-job-args.js';
import { auctionsOf, nexmarkStream, personsOf, type NexmarkInput } from './nexmark-streams.js';

/** The states q3 keeps sellers from. */
const Q3_STATES: ReadonlySet<string> = new Set(['OR', 'ID', 'CA']);
/** The category q3 reports auctions of. */
const Q3_CATEGORY = 10;

/** What q3 keeps of a person: the id it joins on and the columns it reports. */
interface Seller {
  readonly id: number;
  readonly name: string;
  readonly city: string;
  readonly state: string;
}

/** What q3 keeps of an auction. */
interface SoldAuction {
  readonly id: number;
  readonly seller: number;
}

/**
 * The join of sellers (input 1) and their auctions (input 2), keyed by person id = seller.
 * Each side is kept in keyed list state and every arrival joins the other side's list, so
 * each (person, auction) pair is emitted exactly once, as soon as both are in, whatever their
 * order. Like the suite's regular join, the state is never cleared.
 */
function sellerAuctionJoinFn(): KeyedCoProcessFn<number, Seller, SoldAuction, Q3Row> {
  let sellers: ListState<Seller>;
  let auctions: ListState<number>;
  return {
    open(ctx) {
      sellers = ctx.getState(listState<Seller>('sellers'));
      auctions = ctx.getState(listState<number>('auctions'));
    },
    processElement1(s, _ctx, out) {
      for (const id of auctions.get()) out.collect({ name: s.name, city: s.city, state: s.state, id });
      sellers.add(s);
    },
    processElement2(a, _ctx, out) {
      for (const s of sellers.get()) out.collect({ name: s.name, city: s.city, state: s.state, id: a.id });
      auctions.add(a.id);
    },
  };
}

/** Adds q3 to `env` (steps `q3-persons`, `q3-sellers`, `q3-auctions`, `q3-category`, `q3`). */
export function q3(env: StreamEnvironment, input: NexmarkInput): DataStream<Q3Row> {
  const events = nexmarkStream(env, input);
  const sellers = personsOf(events, 'q3-persons').flatMap<Seller>('q3-sellers', (p, out) => {
    if (Q3_STATES.has(p.state)) out.collect({ id: p.id, name: p.name, city: p.city, state: p.state });
  });
  const auctions = auctionsOf(events, 'q3-auctions').flatMap<SoldAuction>('q3-category', (a, out) => {
    if (a.category === Q3_CATEGORY) out.collect({ id: a.id, seller: a.seller });
  });
  return sellers
    .keyBy((s) => s.id)
    .connect(auctions.keyBy((a) => a.seller))
    .process('q3', sellerAuctionJoinFn());
}

/** q3 as a job module: args `events` and `seed`; rows go to the result sink `q3`. */
export default defineJob((env, args) => {
  q3(env, nexmarkJobOptions(args)).sinkTo('q3-sink', resultSink<Q3Row>('q3'));
});
