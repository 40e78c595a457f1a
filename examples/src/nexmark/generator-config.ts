/**
 * The settings of the Nexmark generator, with the defaults of the nexmark/nexmark suite
 * (`NexmarkConfiguration` and `GeneratorConfig`).
 *
 * @module
 */

/**
 * Everything `generateEvent` (generator.ts) reads. A plain, frozen, JSON-serialisable object (numbers
 * only) so that it can be handed to the workers of a parallel source as is. Build it with
 * {@link createGeneratorConfig}, which fills the defaults and computes the derived fields;
 * two configs with equal fields generate equal events.
 */
export interface GeneratorConfig {
  /** Added to every event number to form the event id that picks the event's kind and seeds it. Default 0. */
  readonly firstEventId: number;
  /** Number of events in the stream; 0 means unbounded, as in Nexmark. Default 0. */
  readonly maxEvents: number;
  /**
   * Event-time rate: event number `n` is stamped `baseTime + n / eventsPerSecond` seconds
   * (rounded down to the millisecond). It only densifies event time; nothing here waits on
   * the wall clock. Default 10 000 (Nexmark's `firstEventRate`).
   */
  readonly eventsPerSecond: number;
  /** Event time of event number 0, epoch ms. Default 2020-01-01T00:00:00Z, aligned to every window size. */
  readonly baseTime: number;
  /** Seed mixed into every event's random stream; change it to get another, equally deterministic, stream. Default 0. */
  readonly seed: number;
  /** Persons per `totalProportion` events. Default 1. */
  readonly personProportion: number;
  /** Auctions per `totalProportion` events. Default 3. */
  readonly auctionProportion: number;
  /** Bids per `totalProportion` events. Default 46. */
  readonly bidProportion: number;
  /** Average size of a person event in bytes, reached by padding `extra`. Default 200. */
  readonly avgPersonByteSize: number;
  /** Average size of an auction event in bytes. Default 500. */
  readonly avgAuctionByteSize: number;
  /** Average size of a bid event in bytes. Default 100. */
  readonly avgBidByteSize: number;
  /** A bid goes to the current hot auction with probability 1 − 1/hotAuctionRatio. Default 2. */
  readonly hotAuctionRatio: number;
  /** An auction belongs to the current hot seller with probability 1 − 1/hotSellersRatio. Default 4. */
  readonly hotSellersRatio: number;
  /** A bid comes from the current hot bidder with probability 1 − 1/hotBiddersRatio. Default 4. */
  readonly hotBiddersRatio: number;
  /** Average number of auctions open at once; sets auction lengths and which auctions get bids. Default 100. */
  readonly numInFlightAuctions: number;
  /** Number of most recent people who place bids and open auctions. Default 1000. */
  readonly numActivePeople: number;
  /**
   * Events are shuffled in event time within consecutive groups of this many event numbers
   * (Nexmark's `outOfOrderGroupSize`): 1 means in order. The disorder is bounded by
   * `outOfOrderGroupSize / eventsPerSecond` seconds. Default 1.
   */
  readonly outOfOrderGroupSize: number;
  /** Derived: `personProportion + auctionProportion + bidProportion`. */
  readonly totalProportion: number;
  /** Derived: microseconds of event time between consecutive event numbers, `1e6 / eventsPerSecond`. */
  readonly interEventDelayUs: number;
}

/** The settable fields of {@link GeneratorConfig}; every one is optional and defaulted. */
export type GeneratorOptions = Partial<Omit<GeneratorConfig, 'totalProportion' | 'interEventDelayUs'>>;

/** Nexmark's defaults, except `baseTime` (the suite uses the wall clock; here it is fixed so that runs repeat). */
export const DEFAULT_GENERATOR_OPTIONS: Readonly<Required<GeneratorOptions>> = Object.freeze({
  firstEventId: 0,
  maxEvents: 0,
  eventsPerSecond: 10_000,
  baseTime: Date.UTC(2020, 0, 1),
  seed: 0,
  personProportion: 1,
  auctionProportion: 3,
  bidProportion: 46,
  avgPersonByteSize: 200,
  avgAuctionByteSize: 500,
  avgBidByteSize: 100,
  hotAuctionRatio: 2,
  hotSellersRatio: 4,
  hotBiddersRatio: 4,
  numInFlightAuctions: 100,
  numActivePeople: 1000,
  outOfOrderGroupSize: 1,
});

/** Fields that must be integers ≥ 1 (the others: see {@link createGeneratorConfig}). */
const POSITIVE_INTEGERS = [
  'personProportion',
  'auctionProportion',
  'bidProportion',
  'hotAuctionRatio',
  'hotSellersRatio',
  'hotBiddersRatio',
  'numInFlightAuctions',
  'numActivePeople',
  'outOfOrderGroupSize',
] as const;

/** Fields that must be integers ≥ 0. */
const NON_NEGATIVE_INTEGERS = ['firstEventId', 'maxEvents', 'baseTime', 'avgPersonByteSize', 'avgAuctionByteSize', 'avgBidByteSize'] as const;

/**
 * Builds a generator config from Nexmark's defaults and `options`, validated once here so
 * that the per-event code need not check anything.
 *
 * @throws RangeError when a count, ratio or size is not a safe integer in range, or
 *   `eventsPerSecond` is not a finite positive number.
 */
export function createGeneratorConfig(options: GeneratorOptions = {}): GeneratorConfig {
  const o: { -readonly [K in keyof GeneratorOptions]-?: number } = { ...DEFAULT_GENERATOR_OPTIONS };
  // Copy only the known keys, skipping explicit `undefined`s, so stray fields never reach the config.
  for (const key of Object.keys(DEFAULT_GENERATOR_OPTIONS) as (keyof GeneratorOptions)[]) {
    const value = options[key];
    if (value !== undefined) o[key] = value;
  }
  for (const key of POSITIVE_INTEGERS) {
    if (!Number.isSafeInteger(o[key]) || o[key] < 1) throw new RangeError(`Nexmark generator option ${key} must be an integer >= 1, got ${o[key]}`);
  }
  for (const key of NON_NEGATIVE_INTEGERS) {
    if (!Number.isSafeInteger(o[key]) || o[key] < 0) throw new RangeError(`Nexmark generator option ${key} must be an integer >= 0, got ${o[key]}`);
  }
  if (!Number.isSafeInteger(o.seed)) throw new RangeError(`Nexmark generator option seed must be a safe integer, got ${o.seed}`);
  if (!Number.isFinite(o.eventsPerSecond) || o.eventsPerSecond <= 0) {
    throw new RangeError(`Nexmark generator option eventsPerSecond must be a finite number > 0, got ${o.eventsPerSecond}`);
  }
  return Object.freeze({
    ...o,
    totalProportion: o.personProportion + o.auctionProportion + o.bidProportion,
    interEventDelayUs: 1_000_000 / o.eventsPerSecond,
  });
}
