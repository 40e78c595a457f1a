/**
 * The Nexmark event generator: a TypeScript port of the nexmark/nexmark suite's generator
 * (itself Apache Beam's `NexmarkGenerator`), with no I/O and no wall clock.
 *
 * @module
 */

import { nextAuction } from './auction-generator.js';
import { nextBid } from './bid-generator.js';
import { adjustedEventNumber, timestampForEventNumber } from './event-timing.js';
import type { GeneratorConfig } from './generator-config.js';
import type { NexmarkEvent } from './model.js';
import { nextPerson } from './person-generator.js';
import { NexmarkRandom } from './random.js';

/**
 * The watermark delay the suite declares on every table
 * (`WATERMARK FOR dateTime AS dateTime - INTERVAL '4' SECOND`): a source's watermark is the
 * largest event time seen minus this many milliseconds.
 */
export const WATERMARK_DELAY_MS = 4000;

/** Builds event number `n` with `rng`, which it reseeds; the shared core of the public functions. */
function buildEvent(config: GeneratorConfig, n: number, rng: NexmarkRandom): NexmarkEvent {
  const adjusted = adjustedEventNumber(config, n);
  const eventId = config.firstEventId + adjusted;
  const timestamp = timestampForEventNumber(config, adjusted);
  rng.reseed(eventId, config.seed);
  const rem = eventId % config.totalProportion;
  if (rem < config.personProportion) return { kind: 'person', person: nextPerson(config, eventId, rng, timestamp) };
  if (rem < config.personProportion + config.auctionProportion) {
    return { kind: 'auction', auction: nextAuction(config, eventId, adjusted, rng, timestamp) };
  }
  return { kind: 'bid', bid: nextBid(config, eventId, rng, timestamp) };
}

/**
 * Event number `n` (0-based position in the stream) of the stream that `config` describes.
 *
 * A pure function of `(config, n)`: the event's kind comes from its id
 * (`firstEventId + n`, permuted within out-of-order groups) modulo the 1:3:46 proportions,
 * its time from the rate, and every random field from a generator seeded with the id and
 * `config.seed`, so any process can produce any event, in any order, and get the same
 * result. `maxEvents` is not checked here; {@link nexmarkEvents} stops at it.
 *
 * @throws RangeError when `n` is not a non-negative safe integer.
 */
export function generateEvent(config: GeneratorConfig, n: number): NexmarkEvent {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`Nexmark event number must be a non-negative safe integer, got ${n}`);
  return buildEvent(config, n, new NexmarkRandom());
}

/** Which part of the stream {@link nexmarkEvents} yields. */
export interface NexmarkEventsOptions {
  /** This split's index, 0 ≤ `splitIndex` < `splitCount`. Default 0. */
  readonly splitIndex?: number;
  /** Number of parallel splits. Default 1 (the whole stream). */
  readonly splitCount?: number;
  /** First event number to consider, e.g. to resume after a checkpoint. Default 0. */
  readonly fromEventNumber?: number;
}

/** Iterates event numbers `n, n + step, …` below `end`, reusing one random generator. */
class NexmarkEventIterator implements IterableIterator<NexmarkEvent> {
  private readonly rng = new NexmarkRandom();
  private n: number;

  constructor(
    private readonly config: GeneratorConfig,
    first: number,
    private readonly step: number,
    private readonly end: number,
  ) {
    this.n = first;
  }

  next(): IteratorResult<NexmarkEvent, undefined> {
    const n = this.n;
    if (n >= this.end) return { done: true, value: undefined };
    this.n = n + this.step;
    return { done: false, value: buildEvent(this.config, n, this.rng) };
  }

  [Symbol.iterator](): this {
    return this;
  }
}

/**
 * The events of `config`'s stream in event-number order, each equal to
 * {@link generateEvent}`(config, n)`; stops before `config.maxEvents` unless that is 0
 * (unbounded). Each call to `[Symbol.iterator]()` starts over, so the iterable can be read
 * more than once.
 *
 * With `splitIndex: i, splitCount: k` it yields only the event numbers `n` with
 * `n % k === i`: the `k` splits partition the stream exactly, and interleaving them by event
 * number rebuilds it, whatever `k`. (The suite instead gives each of its `k` generators its
 * own id range and its own timeline; splitting one timeline keeps the stream, and so every
 * query result, independent of the parallelism.)
 *
 * @throws RangeError when the split or start is not an integer in range.
 */
export function nexmarkEvents(config: GeneratorConfig, options: NexmarkEventsOptions = {}): Iterable<NexmarkEvent> {
  const { splitIndex = 0, splitCount = 1, fromEventNumber = 0 } = options;
  if (!Number.isSafeInteger(splitCount) || splitCount < 1) throw new RangeError(`Nexmark splitCount must be an integer >= 1, got ${splitCount}`);
  if (!Number.isSafeInteger(splitIndex) || splitIndex < 0 || splitIndex >= splitCount) {
    throw new RangeError(`Nexmark splitIndex must be an integer in [0, ${splitCount}), got ${splitIndex}`);
  }
  if (!Number.isSafeInteger(fromEventNumber) || fromEventNumber < 0) {
    throw new RangeError(`Nexmark fromEventNumber must be a non-negative safe integer, got ${fromEventNumber}`);
  }
  // The first n >= fromEventNumber with n % splitCount === splitIndex.
  const first = fromEventNumber + ((splitIndex - (fromEventNumber % splitCount) + splitCount) % splitCount);
  const end = config.maxEvents > 0 ? config.maxEvents : Number.POSITIVE_INFINITY;
  return { [Symbol.iterator]: () => new NexmarkEventIterator(config, first, splitCount, end) };
}

/** The event time of `event` (its record's `dateTime`), epoch ms: the time every query windows on. */
export function eventTimestamp(event: NexmarkEvent): number {
  switch (event.kind) {
    case 'bid':
      return event.bid.dateTime;
    case 'auction':
      return event.auction.dateTime;
    case 'person':
      return event.person.dateTime;
  }
}
