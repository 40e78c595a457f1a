/**
 * Reference results of the Nexmark queries, computed by plain loops over an array of events
 * with no streaming framework: the oracle that streaming implementations and benchmark
 * baselines are compared against row for row.
 *
 * Queries follow the SQL of the nexmark/nexmark suite (`nexmark-flink/src/main/resources/queries/qN.sql`).
 * Conventions shared by every query here:
 *
 * - **Event time** is the record's `dateTime` (epoch ms). Windows are aligned to the epoch,
 *   **start inclusive, end exclusive**: an event at `t` is in tumbling window
 *   `[t − t mod size, t − t mod size + size)`.
 * - **Final results.** Each function returns what the query has produced once *all* input is
 *   in, i.e. after a bounded source ends and the final watermark (+∞) fires every window and
 *   timer. For queries whose streaming output is a changelog (q4 and q19 update earlier rows)
 *   that is the final table after applying all updates and retractions.
 * - **No late data.** Every event counts, whatever its position in the array. A streaming run
 *   agrees when no event arrives more than `WATERMARK_DELAY_MS` (4 s, see `generator.ts`) behind the largest event
 *   time seen before it, which holds for the generator whenever
 *   `outOfOrderGroupSize / eventsPerSecond` is under 4 s (the defaults: in order).
 * - **Canonical order.** Rows come sorted by the query's `orderBy` columns (see
 *   {@link REFERENCE_QUERIES} and `sortRows`), which list every column, so the order is total
 *   and identical rows are interchangeable.
 *
 * @module
 */

import type { Auction, Bid, NexmarkEvent, Person } from './model.js';
import { sortRows, type RowOrder } from './row-order.js';

/** Size of the q5 hopping windows and the q7 and q8 tumbling windows, 10 s. */
export const WINDOW_SIZE_MS = 10_000;
/** Slide of the q5 hopping windows, 2 s. */
export const HOP_SLIDE_MS = 2_000;
/** Gap that closes a q11 session, 10 s. */
export const SESSION_GAP_MS = 10_000;
/** Rows kept per auction by q19. */
export const TOP_N = 10;
/** q2 keeps bids whose auction id is a multiple of this. */
export const Q2_AUCTION_MODULUS = 123;

/** Start of the window of `size` ms containing `t`; floor-aligned, so also right for `t` < 0. */
function windowStart(t: number, size: number): number {
  return t - (((t % size) + size) % size);
}

function bidsOf(events: readonly NexmarkEvent[]): Bid[] {
  const out: Bid[] = [];
  for (const e of events) if (e.kind === 'bid') out.push(e.bid);
  return out;
}

function auctionsOf(events: readonly NexmarkEvent[]): Auction[] {
  const out: Auction[] = [];
  for (const e of events) if (e.kind === 'auction') out.push(e.auction);
  return out;
}

function personsOf(events: readonly NexmarkEvent[]): Person[] {
  const out: Person[] = [];
  for (const e of events) if (e.kind === 'person') out.push(e.person);
  return out;
}

/** Appends `value` to the list at `key`, creating it. */
function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

// ---------------------------------------------------------------------------------------------
// q0, q1, q2, q22: stateless

/** A q0 row: the bid columns the suite's q0 selects. */
export interface Q0Row {
  readonly auction: number;
  readonly bidder: number;
  readonly price: number;
  readonly dateTime: number;
  readonly extra: string;
}

const Q0_ORDER: RowOrder<Q0Row> = ['dateTime', 'auction', 'bidder', 'price', 'extra'];

/**
 * q0, pass-through: `SELECT auction, bidder, price, dateTime, extra FROM bid`. One row per
 * bid (channel and url are not selected).
 */
export function q0(events: readonly NexmarkEvent[]): Q0Row[] {
  return sortRows(
    bidsOf(events).map((b) => ({ auction: b.auction, bidder: b.bidder, price: b.price, dateTime: b.dateTime, extra: b.extra })),
    Q0_ORDER,
  );
}

/** A q1 row: a q0 row with the price in euros. */
export type Q1Row = Q0Row;

/**
 * Dollars to euros as q1 does (`0.908 * price`, a `DECIMAL(23, 3)` in the suite):
 * `price * 908 / 1000`. The product is an exact integer below 2^53, so the result is the
 * double nearest the exact decimal; `price * 0.908` can differ from it in the last bit, so
 * any implementation compared with q1 must convert with this function.
 */
export function dollarsToEuros(price: number): number {
  return (price * 908) / 1000;
}

/** q1, currency conversion: every bid with `price` replaced by {@link dollarsToEuros}`(price)`. */
export function q1(events: readonly NexmarkEvent[]): Q1Row[] {
  return sortRows(
    bidsOf(events).map((b) => ({ auction: b.auction, bidder: b.bidder, price: dollarsToEuros(b.price), dateTime: b.dateTime, extra: b.extra })),
    Q0_ORDER,
  );
}

/** A q2 row. */
export interface Q2Row {
  readonly auction: number;
  readonly price: number;
}

const Q2_ORDER: RowOrder<Q2Row> = ['auction', 'price'];

/** q2, selection: `SELECT auction, price FROM bid WHERE MOD(auction, 123) = 0`, one row per matching bid. */
export function q2(events: readonly NexmarkEvent[]): Q2Row[] {
  const rows: Q2Row[] = [];
  for (const b of bidsOf(events)) if (b.auction % Q2_AUCTION_MODULUS === 0) rows.push({ auction: b.auction, price: b.price });
  return sortRows(rows, Q2_ORDER);
}

/** A q22 row; a `dir` is `null` when the URL has too few `/`-separated parts. */
export interface Q22Row {
  readonly auction: number;
  readonly bidder: number;
  readonly price: number;
  readonly channel: string;
  readonly dir1: string | null;
  readonly dir2: string | null;
  readonly dir3: string | null;
}

const Q22_ORDER: RowOrder<Q22Row> = ['auction', 'bidder', 'price', 'channel', 'dir1', 'dir2', 'dir3'];

/**
 * q22, URL directories: every bid with `dir1..dir3 = SPLIT_INDEX(url, '/', 3..5)`, i.e. the
 * 0-based parts 3, 4 and 5 of the URL split on every `/`, keeping empty parts (so for
 * `https://www.nexmark.com/a/b/c/item.htm` they are `a`, `b`, `c`), `null` past the last part.
 */
export function q22(events: readonly NexmarkEvent[]): Q22Row[] {
  const rows: Q22Row[] = [];
  for (const b of bidsOf(events)) {
    const parts = b.url.split('/');
    rows.push({
      auction: b.auction,
      bidder: b.bidder,
      price: b.price,
      channel: b.channel,
      dir1: parts[3] ?? null,
      dir2: parts[4] ?? null,
      dir3: parts[5] ?? null,
    });
  }
  return sortRows(rows, Q22_ORDER);
}

// ---------------------------------------------------------------------------------------------
// q3, q4: regular (non-windowed) joins

/** A q3 row: the seller's name, city and state, and the auction id. */
export interface Q3Row {
  readonly name: string;
  readonly city: string;
  readonly state: string;
  readonly id: number;
}

const Q3_ORDER: RowOrder<Q3Row> = ['id', 'name', 'city', 'state'];
const Q3_STATES: ReadonlySet<string> = new Set(['OR', 'ID', 'CA']);

/**
 * q3, local item suggestion: auctions in category 10 joined with their seller when the
 * seller's state is OR, ID or CA. An unwindowed inner join of two append-only inputs, so the
 * streaming output is append-only and, after all input, holds one row per matching
 * (auction, person) pair whatever their arrival order (a person arriving after their
 * auctions still joins them).
 */
export function q3(events: readonly NexmarkEvent[]): Q3Row[] {
  const sellers = new Map<number, Person[]>();
  for (const p of personsOf(events)) if (Q3_STATES.has(p.state)) pushTo(sellers, p.id, p);
  const rows: Q3Row[] = [];
  for (const a of auctionsOf(events)) {
    if (a.category !== 10) continue;
    for (const p of sellers.get(a.seller) ?? []) rows.push({ name: p.name, city: p.city, state: p.state, id: a.id });
  }
  return sortRows(rows, Q3_ORDER);
}

/** A q4 row: a category and the average winning price of its auctions. */
export interface Q4Row {
  readonly category: number;
  /** Average of the winning prices, truncated to an integer as Flink's `AVG` over `BIGINT`. */
  readonly averagePrice: number;
}

/** Options of {@link q4}. */
export interface Q4Options {
  /**
   * Count only bids at or above the auction's reserve, as Beam's original Nexmark q4
   * (`WinningBids`) does. Default `false`: the nexmark/nexmark SQL has no reserve condition.
   */
  readonly requireReserve?: boolean;
}

const Q4_ORDER: RowOrder<Q4Row> = ['category', 'averagePrice'];

/** ⌊sum / count⌋ for non-negative integers, exact even where the float quotient rounds up. */
function integerAverage(sum: number, count: number): number {
  let q = Math.floor(sum / count);
  while (q * count > sum) q--;
  while ((q + 1) * count <= sum) q++;
  return q;
}

/**
 * q4, average winning price per category:
 *
 * ```sql
 * SELECT category, AVG(final) FROM (
 *   SELECT MAX(B.price) AS final, A.category FROM auction A, bid B
 *   WHERE A.id = B.auction AND B.dateTime BETWEEN A.dateTime AND A.expires
 *   GROUP BY A.id, A.category) GROUP BY category
 * ```
 *
 * A bid counts for an auction when `auction.dateTime ≤ bid.dateTime ≤ auction.expires`
 * (both ends inclusive) and, with `requireReserve`, `bid.price ≥ auction.reserve`. An
 * auction's winning price is its largest counting bid; auctions with none are left out, and
 * categories with no such auction have no row. The streaming output is an upsert stream
 * keyed by category; this is its final state after all input, one row per category,
 * `averagePrice` = ⌊Σ winning prices / number of auctions⌋. Unwindowed: arrival order and
 * the watermark play no part.
 */
export function q4(events: readonly NexmarkEvent[], options: Q4Options = {}): Q4Row[] {
  const requireReserve = options.requireReserve ?? false;
  const bidsByAuction = new Map<number, Bid[]>();
  for (const b of bidsOf(events)) pushTo(bidsByAuction, b.auction, b);
  // GROUP BY A.id, A.category: one winning price per (id, category), even for repeated auction events.
  const winners = new Map<string, { category: number; final: number }>();
  for (const a of auctionsOf(events)) {
    let final = -Infinity;
    for (const b of bidsByAuction.get(a.id) ?? []) {
      if (b.dateTime < a.dateTime || b.dateTime > a.expires) continue;
      if (requireReserve && b.price < a.reserve) continue;
      if (b.price > final) final = b.price;
    }
    if (final === -Infinity) continue;
    const key = `${a.id}/${a.category}`;
    const seen = winners.get(key);
    if (seen === undefined) winners.set(key, { category: a.category, final });
    else if (final > seen.final) seen.final = final;
  }
  const perCategory = new Map<number, { sum: number; count: number }>();
  for (const { category, final } of winners.values()) {
    const acc = perCategory.get(category);
    if (acc === undefined) perCategory.set(category, { sum: final, count: 1 });
    else {
      acc.sum += final;
      acc.count++;
    }
  }
  const rows: Q4Row[] = [];
  for (const [category, { sum, count }] of perCategory) rows.push({ category, averagePrice: integerAverage(sum, count) });
  return sortRows(rows, Q4_ORDER);
}

// ---------------------------------------------------------------------------------------------
// q5, q7, q8, q11: windows

/** A q5 row: an auction with the most bids in a window. The window columns are added to the suite's `auction, num`. */
export interface Q5Row {
  readonly windowStart: number;
  readonly windowEnd: number;
  readonly auction: number;
  /** Number of bids on `auction` in the window. */
  readonly num: number;
}

const Q5_ORDER: RowOrder<Q5Row> = ['windowStart', 'windowEnd', 'auction', 'num'];

/**
 * q5, hot items: hopping windows of {@link WINDOW_SIZE_MS} (10 s) sliding by
 * {@link HOP_SLIDE_MS} (2 s), `[k·2 s, k·2 s + 10 s)` for every integer k, so each bid is in
 * exactly 5 windows. Per window, bids are counted per auction; the rows are every auction
 * whose count equals the window's largest count (ties all reported). Only windows holding
 * at least one bid exist. Each window's rows are final when it fires; after all input every
 * window has fired.
 */
export function q5(events: readonly NexmarkEvent[]): Q5Row[] {
  const counts = new Map<number, Map<number, number>>();
  for (const b of bidsOf(events)) {
    for (let start = windowStart(b.dateTime, HOP_SLIDE_MS); start > b.dateTime - WINDOW_SIZE_MS; start -= HOP_SLIDE_MS) {
      let perAuction = counts.get(start);
      if (perAuction === undefined) counts.set(start, (perAuction = new Map()));
      perAuction.set(b.auction, (perAuction.get(b.auction) ?? 0) + 1);
    }
  }
  const rows: Q5Row[] = [];
  for (const [start, perAuction] of counts) {
    let max = 0;
    for (const n of perAuction.values()) if (n > max) max = n;
    for (const [auction, num] of perAuction) {
      if (num === max) rows.push({ windowStart: start, windowEnd: start + WINDOW_SIZE_MS, auction, num });
    }
  }
  return sortRows(rows, Q5_ORDER);
}

/** A q7 row: a bid at its window's highest price. The window columns are added to the suite's bid columns. */
export interface Q7Row {
  readonly windowStart: number;
  readonly windowEnd: number;
  readonly auction: number;
  readonly bidder: number;
  readonly price: number;
  readonly dateTime: number;
  readonly extra: string;
}

const Q7_ORDER: RowOrder<Q7Row> = ['windowStart', 'windowEnd', 'dateTime', 'auction', 'bidder', 'price', 'extra'];

/**
 * q7, highest bid: tumbling windows `[k·10 s, (k+1)·10 s)`; per window the largest price
 * `M`, then, as in the suite's SQL, every bid `B` with `B.price = M` and
 * `windowStart ≤ B.dateTime ≤ windowEnd` (**both ends inclusive**). So a bid stamped exactly
 * `windowEnd`, which belongs to the next window, is also reported for this window when its
 * price equals this window's maximum, and then appears once per window it matches. A
 * streaming implementation must therefore hold a window's result until the watermark
 * reaches `windowEnd` itself, not `windowEnd − 1`.
 */
export function q7(events: readonly NexmarkEvent[]): Q7Row[] {
  const bids = bidsOf(events);
  const maxByWindow = new Map<number, number>();
  for (const b of bids) {
    const start = windowStart(b.dateTime, WINDOW_SIZE_MS);
    const max = maxByWindow.get(start);
    if (max === undefined || b.price > max) maxByWindow.set(start, b.price);
  }
  const rows: Q7Row[] = [];
  for (const b of bids) {
    const own = windowStart(b.dateTime, WINDOW_SIZE_MS);
    // Its own window, and the previous one when the bid sits exactly on that window's end.
    const candidates = b.dateTime === own ? [own, own - WINDOW_SIZE_MS] : [own];
    for (const start of candidates) {
      if (maxByWindow.get(start) !== b.price) continue;
      rows.push({
        windowStart: start,
        windowEnd: start + WINDOW_SIZE_MS,
        auction: b.auction,
        bidder: b.bidder,
        price: b.price,
        dateTime: b.dateTime,
        extra: b.extra,
      });
    }
  }
  return sortRows(rows, Q7_ORDER);
}

/** A q8 row: a person who opened an auction in the window they registered in. */
export interface Q8Row {
  readonly id: number;
  readonly name: string;
  /** Start of the shared 10 s window (the suite's `stime`). */
  readonly windowStart: number;
}

const Q8_ORDER: RowOrder<Q8Row> = ['windowStart', 'id', 'name'];

/**
 * q8, monitor new users: tumbling windows `[k·10 s, (k+1)·10 s)`. A row for each distinct
 * (person id, name, window) such that the person event and at least one auction with
 * `seller = id` fall in the same window. Distinct as in the SQL's `GROUP BY`: several
 * auctions in the window still give one row.
 */
export function q8(events: readonly NexmarkEvent[]): Q8Row[] {
  const sellerWindows = new Set<string>();
  for (const a of auctionsOf(events)) sellerWindows.add(`${a.seller}/${windowStart(a.dateTime, WINDOW_SIZE_MS)}`);
  const rows = new Map<string, Q8Row>();
  for (const p of personsOf(events)) {
    const start = windowStart(p.dateTime, WINDOW_SIZE_MS);
    if (!sellerWindows.has(`${p.id}/${start}`)) continue;
    rows.set(JSON.stringify([p.id, p.name, start]), { id: p.id, name: p.name, windowStart: start });
  }
  return sortRows([...rows.values()], Q8_ORDER);
}

/** A q11 row: one bidder's session. */
export interface Q11Row {
  readonly bidder: number;
  readonly bidCount: number;
  /** Time of the session's first bid. */
  readonly startTime: number;
  /** Time of its last bid plus the 10 s gap (exclusive end, Flink's `SESSION_END`). */
  readonly endTime: number;
}

const Q11_ORDER: RowOrder<Q11Row> = ['bidder', 'startTime', 'endTime', 'bidCount'];

/**
 * q11, user sessions: per bidder, each bid opens a window `[t, t + 10 s)` and overlapping
 * **or touching** windows merge (Flink's session windows merge when
 * `start ≤ otherEnd && end ≥ otherStart`). Equivalently: sort a bidder's bid times; a new
 * session starts where the next bid is **more than** 10 s after the previous one; a gap of
 * exactly 10 s stays in the session. One row per session after all input.
 */
export function q11(events: readonly NexmarkEvent[]): Q11Row[] {
  const timesByBidder = new Map<number, number[]>();
  for (const b of bidsOf(events)) pushTo(timesByBidder, b.bidder, b.dateTime);
  const rows: Q11Row[] = [];
  for (const [bidder, times] of timesByBidder) {
    times.sort((x, y) => x - y);
    let start = times[0] as number;
    let end = start + SESSION_GAP_MS;
    let count = 0;
    for (const t of times) {
      if (t > end) {
        rows.push({ bidder, bidCount: count, startTime: start, endTime: end });
        start = t;
        count = 0;
      }
      end = t + SESSION_GAP_MS;
      count++;
    }
    rows.push({ bidder, bidCount: count, startTime: start, endTime: end });
  }
  return sortRows(rows, Q11_ORDER);
}

// ---------------------------------------------------------------------------------------------
// q19: top-N

/** A q19 row: a bid and its rank within its auction. */
export interface Q19Row {
  readonly auction: number;
  readonly bidder: number;
  readonly price: number;
  readonly channel: string;
  readonly url: string;
  readonly dateTime: number;
  readonly extra: string;
  /** 1 for the auction's highest bid, up to {@link TOP_N}. */
  readonly rankNumber: number;
}

const Q19_ORDER: RowOrder<Q19Row> = ['auction', 'rankNumber', 'bidder', 'price', 'channel', 'url', 'dateTime', 'extra'];

/**
 * The total order that ranks q19 bids within an auction: price descending, then earlier
 * `dateTime`, then bidder, channel, url and extra ascending. The SQL's
 * `ROW_NUMBER() OVER (PARTITION BY auction ORDER BY price DESC)` leaves ties to arrival
 * order, which parallel sources make nondeterministic; a streaming implementation must rank
 * with this order to match the reference.
 */
export function compareQ19Bids(a: Bid, b: Bid): number {
  if (a.price !== b.price) return b.price - a.price;
  if (a.dateTime !== b.dateTime) return a.dateTime - b.dateTime;
  if (a.bidder !== b.bidder) return a.bidder - b.bidder;
  if (a.channel !== b.channel) return a.channel < b.channel ? -1 : 1;
  if (a.url !== b.url) return a.url < b.url ? -1 : 1;
  if (a.extra !== b.extra) return a.extra < b.extra ? -1 : 1;
  return 0;
}

/**
 * q19, top-10 bids per auction: every bid column plus `rankNumber`, keeping the
 * {@link TOP_N} first bids of each auction under {@link compareQ19Bids}, ranked 1 to 10
 * (a row number, not a dense rank: equal bids get distinct numbers). The streaming output
 * is an updating top-N; this is its final state after all input.
 */
export function q19(events: readonly NexmarkEvent[]): Q19Row[] {
  const bidsByAuction = new Map<number, Bid[]>();
  for (const b of bidsOf(events)) pushTo(bidsByAuction, b.auction, b);
  const rows: Q19Row[] = [];
  for (const bids of bidsByAuction.values()) {
    bids.sort(compareQ19Bids);
    const n = Math.min(bids.length, TOP_N);
    for (let i = 0; i < n; i++) {
      const b = bids[i] as Bid;
      rows.push({ auction: b.auction, bidder: b.bidder, price: b.price, channel: b.channel, url: b.url, dateTime: b.dateTime, extra: b.extra, rankNumber: i + 1 });
    }
  }
  return sortRows(rows, Q19_ORDER);
}

// ---------------------------------------------------------------------------------------------

/** A reference query: how to compute it and how its rows are ordered. */
export interface ReferenceQuery<Row extends object> {
  /** Computes the final, sorted result over all `events`. */
  readonly run: (events: readonly NexmarkEvent[]) => Row[];
  /** The canonical order of the rows (every column, most significant first); sort streaming output with it before comparing. */
  readonly orderBy: RowOrder<Row>;
}

/**
 * Every reference query by its benchmark case name, with its canonical row order. q4 runs
 * with its defaults (the suite's SQL, no reserve condition).
 */
export const REFERENCE_QUERIES = Object.freeze({
  q0: { run: q0, orderBy: Q0_ORDER } satisfies ReferenceQuery<Q0Row>,
  q1: { run: q1, orderBy: Q0_ORDER } satisfies ReferenceQuery<Q1Row>,
  q2: { run: q2, orderBy: Q2_ORDER } satisfies ReferenceQuery<Q2Row>,
  q3: { run: q3, orderBy: Q3_ORDER } satisfies ReferenceQuery<Q3Row>,
  q4: { run: (events: readonly NexmarkEvent[]) => q4(events), orderBy: Q4_ORDER } satisfies ReferenceQuery<Q4Row>,
  q5: { run: q5, orderBy: Q5_ORDER } satisfies ReferenceQuery<Q5Row>,
  q7: { run: q7, orderBy: Q7_ORDER } satisfies ReferenceQuery<Q7Row>,
  q8: { run: q8, orderBy: Q8_ORDER } satisfies ReferenceQuery<Q8Row>,
  q11: { run: q11, orderBy: Q11_ORDER } satisfies ReferenceQuery<Q11Row>,
  q19: { run: q19, orderBy: Q19_ORDER } satisfies ReferenceQuery<Q19Row>,
  q22: { run: q22, orderBy: Q22_ORDER } satisfies ReferenceQuery<Q22Row>,
});

/** The name of a reference query, `q0` to `q22`. */
export type ReferenceQueryName = keyof typeof REFERENCE_QUERIES;
