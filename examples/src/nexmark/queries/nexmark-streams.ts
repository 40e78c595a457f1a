/**
 * What every Nexmark query builds on: where its events come from, and the steps that split
 * the event stream into its three record types.
 *
 * @module
 */

import { DataStream, type StreamEnvironment } from '@weir/operators';
import { createGeneratorConfig, type GeneratorOptions } from '../generator-config.js';
import type { Auction, Bid, NexmarkEvent, Person } from '../model.js';
import { nexmarkSource, nexmarkWatermarks } from '../nexmark-source.js';

/**
 * The input of a query: a stream of Nexmark events already in the environment (with event
 * timestamps and watermarks, e.g. from {@link nexmarkSource} and {@link nexmarkWatermarks}),
 * or generator options, from which the query adds its own source, step `nexmark`.
 */
export type NexmarkInput = DataStream<NexmarkEvent> | GeneratorOptions;

/** The event stream of `input`: the stream itself, or a new generator source with the standard watermarks. */
export function nexmarkStream(env: StreamEnvironment, input: NexmarkInput): DataStream<NexmarkEvent> {
  if (input instanceof DataStream) return input;
  return env.fromSource('nexmark', nexmarkSource(createGeneratorConfig(input)), nexmarkWatermarks());
}

/** The bids of an event stream, as step `stepId` (a flatMap that keeps each event's timestamp). */
export function bidsOf(events: DataStream<NexmarkEvent>, stepId: string): DataStream<Bid> {
  return events.flatMap<Bid>(stepId, (e, out) => {
    if (e.kind === 'bid') out.collect(e.bid);
  });
}

/** The auctions of an event stream, as step `stepId`. */
export function auctionsOf(events: DataStream<NexmarkEvent>, stepId: string): DataStream<Auction> {
  return events.flatMap<Auction>(stepId, (e, out) => {
    if (e.kind === 'auction') out.collect(e.auction);
  });
}

/** The persons of an event stream, as step `stepId`. */
export function personsOf(events: DataStream<NexmarkEvent>, stepId: string): DataStream<Person> {
  return events.flatMap<Person>(stepId, (e, out) => {
    if (e.kind === 'person') out.collect(e.person);
  });
}

/** Start of the epoch-aligned window of `size` ms containing `t` (floor-aligned, so also right for `t` < 0). */
export function windowStartOf(t: number, size: number): number {
  return t - (((t % size) + size) % size);
}
