/**
 * Nexmark q8, monitor new users: people who opened an auction in the 10 s window they
 * registered in.
 *
 * @module
 */

import { defineJob, resultSink, tumblingEventTimeWindows, type AggregateFn, type DataStream, type StreamEnvironment } from '@weir/operators';
import { WINDOW_SIZE_MS, type Q8Row } from '../queries-reference.js';
import { nexmarkJobOptions } from './nexmark-job-args.js';
import { auctionsOf, nexmarkStream, personsOf, type NexmarkInput } from './nexmark-streams.js';

/** Either side of the join, keyed by person id: a person (with a name) or an auction of that seller (`name` null). */
interface PersonOrSale {
  readonly id: number;
  readonly name: string | null;
}

/** What a window keeps of one person id: the distinct names registered with it, and whether it sold anything. */
interface NewSellers {
  names: string[];
  sold: boolean;
}

/** Folds a window's persons and auctions of one id; the accumulator is changed in place, as `AggregateFn` allows. */
const newSellers: AggregateFn<PersonOrSale, NewSellers, NewSellers> = {
  createAccumulator: () => ({ names: [], sold: false }),
  add(v, acc) {
    if (v.name === null) acc.sold = true;
    else if (!acc.names.includes(v.name)) acc.names.push(v.name);
    return acc;
  },
  getResult: (acc) => acc,
  merge(a, b) {
    for (const name of b.names) if (!a.names.includes(name)) a.names.push(name);
    a.sold ||= b.sold;
    return a;
  },
};

/**
 * Adds q8 to `env` (steps `q8-persons`, `q8-people`, `q8-auctions`, `q8-sellers`, `q8`): a
 * windowed join of persons and auctions on `person.id = auction.seller` in tumbling 10 s
 * windows, as the union of both sides keyed by person id into one window: one row per
 * distinct (id, name, window) with at least one auction, when the window closes.
 */
export function q8(env: StreamEnvironment, input: NexmarkInput): DataStream<Q8Row> {
  const events = nexmarkStream(env, input);
  const people = personsOf(events, 'q8-persons').map<PersonOrSale>('q8-people', (p) => ({ id: p.id, name: p.name }));
  const sellers = auctionsOf(events, 'q8-auctions').map<PersonOrSale>('q8-sellers', (a) => ({ id: a.seller, name: null }));
  return people
    .union(sellers)
    .keyBy((v) => v.id)
    .window(tumblingEventTimeWindows(WINDOW_SIZE_MS))
    .aggregate<NewSellers, NewSellers, Q8Row>('q8', newSellers, {
      process(id, ctx, [window], out) {
        if (window === undefined || !window.sold) return;
        for (const name of window.names) out.collect({ id, name, windowStart: ctx.window.start });
      },
    });
}

/** q8 as a job module: args `events` and `seed`; rows go to the result sink `q8`. */
export default defineJob((env, args) => {
  q8(env, nexmarkJobOptions(args)).sinkTo('q8-sink', resultSink<Q8Row>('q8'));
});
