/**
 * The Nexmark records: people who register, auctions they open, bids placed on them.
 *
 * Field names and meanings follow the nexmark/nexmark suite (`com.github.nexmark.flink.model`).
 * Every timestamp is epoch milliseconds (a `number`, not a `Date`), ids are integers well
 * inside `Number.MAX_SAFE_INTEGER`, and every record is a plain object with only numbers and
 * strings so that it survives `JSON.stringify`, `structuredClone` and the binary codec that
 * carries records between worker threads.
 *
 * @module
 */

/** A person registering on the auction site (`event_type = 0` in the suite). */
export interface Person {
  /** Unique person id, from {@link FIRST_PERSON_ID} upwards. */
  readonly id: number;
  /** "First Last", drawn from small fixed lists. */
  readonly name: string;
  readonly emailAddress: string;
  /** Four groups of four digits separated by spaces. */
  readonly creditCard: string;
  readonly city: string;
  /** A US state code; one of AZ, CA, ID, OR, WA, WY. */
  readonly state: string;
  /** Event time, epoch milliseconds. */
  readonly dateTime: number;
  /** Random letters padding the event to its configured average size. */
  readonly extra: string;
}

/** An auction opened by a seller (`event_type = 1` in the suite). */
export interface Auction {
  /** Unique auction id, from {@link FIRST_AUCTION_ID} upwards. */
  readonly id: number;
  readonly itemName: string;
  readonly description: string;
  /** Opening price, in cents (as every Nexmark price). */
  readonly initialBid: number;
  /** The seller's reserve price, in cents; always above `initialBid`. */
  readonly reserve: number;
  /** Event time (the auction opens), epoch milliseconds. */
  readonly dateTime: number;
  /** When the auction closes, epoch milliseconds; always after `dateTime`. */
  readonly expires: number;
  /** Person id of the seller. */
  readonly seller: number;
  /** Category id, {@link FIRST_CATEGORY_ID} to {@link FIRST_CATEGORY_ID} + 4. */
  readonly category: number;
  readonly extra: string;
}

/** A bid on an auction (`event_type = 2` in the suite); 46 of every 50 events. */
export interface Bid {
  /** Auction id the bid is for. May name an auction not generated yet (Nexmark's id "lead"). */
  readonly auction: number;
  /** Person id of the bidder. */
  readonly bidder: number;
  /** Price in cents, 100 to 100 000 000, log-uniform. */
  readonly price: number;
  /** Where the bid came from: a hot channel (`Google`, …) or `channel-<n>`. */
  readonly channel: string;
  /** `https://www.nexmark.com/<d1>/<d2>/<d3>/item.htm?query=1…`, fixed per channel. */
  readonly url: string;
  /** Event time, epoch milliseconds. */
  readonly dateTime: number;
  readonly extra: string;
}

/** First person id: ids start here so that small runs still find joins. */
export const FIRST_PERSON_ID = 1000;
/** First auction id. */
export const FIRST_AUCTION_ID = 1000;
/** First category id; auctions use five categories, 10 to 14. */
export const FIRST_CATEGORY_ID = 10;
/** Number of auction categories. */
export const NUM_CATEGORIES = 5;

/** A {@link Person} event. */
export interface PersonEvent {
  readonly kind: 'person';
  readonly person: Person;
}

/** An {@link Auction} event. */
export interface AuctionEvent {
  readonly kind: 'auction';
  readonly auction: Auction;
}

/** A {@link Bid} event. */
export interface BidEvent {
  readonly kind: 'bid';
  readonly bid: Bid;
}

/**
 * One event of the Nexmark stream, tagged by `kind`.
 *
 * A wrapper rather than a flat `{ kind, ...fields }` record, on purpose: the suite's own
 * `Event` is a wrapper too, the three records stay usable on their own (q0 forwards
 * `event.bid` as is, with no copy that strips a `kind` field), and every event object has
 * the same two-field shape, which keeps the `kind` check monomorphic in V8. The price is one
 * small extra object per event; generating 200k events with this shape measured no slower
 * than with a flat one (about 70 ms against 90 ms, the flat shapes being more polymorphic).
 */
export type NexmarkEvent = PersonEvent | AuctionEvent | BidEvent;

/** The `kind` tag of a {@link NexmarkEvent}. */
export type NexmarkEventKind = NexmarkEvent['kind'];
