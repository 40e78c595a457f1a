/**
 * B1, engine overhead on stateless queries: Nexmark q0, q1, q2 and q22 on the same-thread
 * mini-cluster (`executeInline`) at parallelism 1, reading events generated beforehand into
 * memory, into a counting and checksumming sink; against a hand-written loop over the same
 * array that builds the same rows and checksums them the same way.
 *
 * @module
 */

import { StreamEnvironment, type DataStream } from '@weir/operators';
import { executeInline } from '@weir/runtime';
import {
  createGeneratorConfig,
  dollarsToEuros,
  nexmarkArraySource,
  nexmarkEvents,
  nexmarkWatermarks,
  q0,
  q1,
  q2,
  q22,
  Q2_AUCTION_MODULUS,
  type NexmarkEvent,
  type NexmarkInput,
  type Q0Row,
  type Q1Row,
  type Q2Row,
  type Q22Row,
} from '@weir/examples/nexmark';
import { Checksum, checksumSink, type Outcome } from './checksum-sink.js';
import type { BenchCase } from './harness.js';
import { stringSig } from './row-hash.js';

/** Options of {@link b1Cases}. */
export interface B1Options {
  /** Events generated (once, untimed) and read by every run. */
  readonly events: number;
  /** Generator seed. Default 0. */
  readonly seed?: number;
}

/*
 * Row hashes (see row-hash.ts): weighted sums of the columns, exact in doubles. q1's prices
 * are decimals with three places, hashed as thousandths.
 */
const hashQ0 = (r: Q0Row): number => r.auction * 1_000_003 + r.bidder * 7_919 + r.price * 31 + r.dateTime * 13 + stringSig(r.extra);
const hashQ1 = (r: Q1Row): number => r.auction * 1_000_003 + r.bidder * 7_919 + Math.round(r.price * 1000) * 31 + r.dateTime * 13 + stringSig(r.extra);
const hashQ2 = (r: Q2Row): number => r.auction * 1_000_003 + r.price * 31;
const hashQ22 = (r: Q22Row): number =>
  r.auction * 1_000_003 + r.bidder * 7_919 + r.price * 31 + stringSig(r.channel) * 3 + stringSig(r.dir1) * 5 + stringSig(r.dir2) * 7 + stringSig(r.dir3) * 11;

/** Runs `query` once on the events at parallelism 1 in this thread, into a checksumming sink. */
async function runFramework<Row>(
  events: readonly NexmarkEvent[],
  query: (env: StreamEnvironment, input: NexmarkInput) => DataStream<Row>,
  hash: (row: Row) => number,
): Promise<Outcome> {
  const env = new StreamEnvironment({ parallelism: 1 });
  const out = new Checksum();
  query(env, env.fromSource('nexmark', nexmarkArraySource(events), nexmarkWatermarks())).sinkTo('checksum', checksumSink(hash, out));
  await executeInline(env).done;
  return out;
}

/*
 * The baselines: what a programmer would write by hand for each query, one loop over the
 * array, building the same rows as the query (so both sides pay for the same objects) and
 * checksumming them with the same hash as the framework's sink.
 */

function q0Loop(events: readonly NexmarkEvent[]): Outcome {
  const out = new Checksum();
  for (const e of events) {
    if (e.kind !== 'bid') continue;
    const b = e.bid;
    out.add(hashQ0({ auction: b.auction, bidder: b.bidder, price: b.price, dateTime: b.dateTime, extra: b.extra }));
  }
  return out;
}

function q1Loop(events: readonly NexmarkEvent[]): Outcome {
  const out = new Checksum();
  for (const e of events) {
    if (e.kind !== 'bid') continue;
    const b = e.bid;
    out.add(hashQ1({ auction: b.auction, bidder: b.bidder, price: dollarsToEuros(b.price), dateTime: b.dateTime, extra: b.extra }));
  }
  return out;
}

function q2Loop(events: readonly NexmarkEvent[]): Outcome {
  const out = new Checksum();
  for (const e of events) {
    if (e.kind !== 'bid' || e.bid.auction % Q2_AUCTION_MODULUS !== 0) continue;
    out.add(hashQ2({ auction: e.bid.auction, price: e.bid.price }));
  }
  return out;
}

function q22Loop(events: readonly NexmarkEvent[]): Outcome {
  const out = new Checksum();
  for (const e of events) {
    if (e.kind !== 'bid') continue;
    const b = e.bid;
    const parts = b.url.split('/');
    out.add(
      hashQ22({ auction: b.auction, bidder: b.bidder, price: b.price, channel: b.channel, dir1: parts[3] ?? null, dir2: parts[4] ?? null, dir3: parts[5] ?? null }),
    );
  }
  return out;
}

/** Generates the events (not timed) and returns the four B1 cases over them. */
export function b1Cases(options: B1Options): BenchCase[] {
  const events = Array.from(nexmarkEvents(createGeneratorConfig({ maxEvents: options.events, seed: options.seed ?? 0 })));
  const n = events.length;
  return [
    { id: 'B1', name: 'q0', events: n, framework: () => runFramework(events, q0, hashQ0), baseline: () => q0Loop(events) },
    { id: 'B1', name: 'q1', events: n, framework: () => runFramework(events, q1, hashQ1), baseline: () => q1Loop(events) },
    { id: 'B1', name: 'q2', events: n, framework: () => runFramework(events, q2, hashQ2), baseline: () => q2Loop(events) },
    { id: 'B1', name: 'q22', events: n, framework: () => runFramework(events, q22, hashQ22), baseline: () => q22Loop(events) },
  ];
}
