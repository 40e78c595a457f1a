import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { generatorWatermark } from './event-timing.js';
import { createGeneratorConfig, DEFAULT_GENERATOR_OPTIONS } from './generator-config.js';
import { eventTimestamp, generateEvent, nexmarkEvents } from './generator.js';
import type { Auction, Bid, NexmarkEvent, Person } from './model.js';
import {
  dollarsToEuros,
  q0,
  q1,
  q2,
  q3,
  q4,
  q5,
  q7,
  q8,
  q11,
  q19,
  q22,
  REFERENCE_QUERIES,
  type Q19Row,
  type ReferenceQueryName,
} from './queries-reference.js';
import { NexmarkRandom } from './random.js';
import { compareRows } from './row-order.js';

/** 2020-01-01T00:00:00Z: a multiple of every window size used here. */
const T0 = Date.UTC(2020, 0, 1);

function person(id: number, name: string, state: string, dateTime: number, city = 'Boise'): NexmarkEvent {
  const p: Person = { id, name, emailAddress: 'x@y.com', creditCard: '0000 0000 0000 0000', city, state, dateTime, extra: '' };
  return { kind: 'person', person: p };
}

function auction(id: number, seller: number, category: number, dateTime: number, expires = dateTime + 1000, reserve = 0): NexmarkEvent {
  const a: Auction = { id, itemName: 'item', description: 'desc', initialBid: 1, reserve, dateTime, expires, seller, category, extra: '' };
  return { kind: 'auction', auction: a };
}

function bid(
  auctionId: number,
  bidder: number,
  price: number,
  dateTime: number,
  extra = '',
  url = 'https://www.nexmark.com/a/b/c/item.htm?query=1',
): NexmarkEvent {
  const b: Bid = { auction: auctionId, bidder, price, channel: 'Google', url, dateTime, extra };
  return { kind: 'bid', bid: b };
}

function take(config = createGeneratorConfig(), count: number): NexmarkEvent[] {
  return Array.from(nexmarkEvents(createGeneratorConfig({ ...config, maxEvents: count })));
}

// Generated once: 50 000 events with the default settings.
const defaults = createGeneratorConfig({ maxEvents: 50_000 });
const stream = Array.from(nexmarkEvents(defaults));
const persons = stream.flatMap((e) => (e.kind === 'person' ? [e.person] : []));
const auctions = stream.flatMap((e) => (e.kind === 'auction' ? [e.auction] : []));
const bids = stream.flatMap((e) => (e.kind === 'bid' ? [e.bid] : []));

describe('Nexmark generator', () => {
  it('generates the same events from equal configs, and each event from its number alone', () => {
    const again = Array.from(nexmarkEvents(createGeneratorConfig({ maxEvents: 50_000 })));
    assert.deepEqual(again, stream);
    // The iterable starts over on every iteration.
    assert.deepEqual(Array.from(nexmarkEvents(defaults)), stream);
    for (const n of [0, 1, 4, 49, 50, 12_345, 49_999]) assert.deepEqual(generateEvent(defaults, n), stream[n]);
    assert.deepEqual(JSON.parse(JSON.stringify(stream.slice(0, 100))), stream.slice(0, 100), 'events are plain JSON');
  });

  it('changes the random fields but not ids, kinds or times with the seed', () => {
    const other = take(createGeneratorConfig({ seed: 42 }), 500);
    let samePrice = 0;
    for (let n = 0; n < other.length; n++) {
      const a = stream[n] as NexmarkEvent;
      const b = other[n] as NexmarkEvent;
      assert.equal(b.kind, a.kind);
      assert.equal(eventTimestamp(b), eventTimestamp(a));
      if (a.kind === 'person' && b.kind === 'person') assert.equal(b.person.id, a.person.id);
      if (a.kind === 'auction' && b.kind === 'auction') assert.equal(b.auction.id, a.auction.id);
      if (a.kind === 'bid' && b.kind === 'bid' && a.bid.price === b.bid.price) samePrice++;
    }
    assert.ok(samePrice < 20, `${samePrice} bids kept their price under another seed`);
  });

  it('partitions the stream exactly into k splits by event number', () => {
    for (const k of [1, 2, 3, 7]) {
      const merged: NexmarkEvent[] = [];
      for (let i = 0; i < k; i++) {
        const split = Array.from(nexmarkEvents(defaults, { splitIndex: i, splitCount: k }));
        assert.equal(split.length, Math.ceil((stream.length - i) / k));
        split.forEach((e, j) => (merged[i + j * k] = e));
      }
      assert.deepEqual(merged, stream);
    }
    // Resuming split 1 of 3 at event 1000 continues exactly where it left off.
    const resumed = Array.from(nexmarkEvents(defaults, { splitIndex: 1, splitCount: 3, fromEventNumber: 1000 }));
    assert.deepEqual(resumed[0], stream[1000]);
    assert.deepEqual(resumed[1], stream[1003]);
    assert.throws(() => nexmarkEvents(defaults, { splitIndex: 3, splitCount: 3 }), RangeError);
    assert.throws(() => generateEvent(defaults, -1), RangeError);
  });

  it('generates persons, auctions and bids in proportions 1:3:46', () => {
    assert.equal(persons.length, 1000);
    assert.equal(auctions.length, 3000);
    assert.equal(bids.length, 46_000);
  });

  it('numbers persons and auctions from 1000 and keeps references near existing ids', () => {
    assert.deepEqual(
      persons.map((p) => p.id),
      persons.map((_, i) => 1000 + i),
    );
    assert.deepEqual(
      auctions.map((a) => a.id),
      auctions.map((_, i) => 1000 + i),
    );
    const lastPerson = 1000 + persons.length - 1;
    const lastAuction = 1000 + auctions.length - 1;
    for (const a of auctions) {
      assert.ok(a.category >= 10 && a.category <= 14, `category ${a.category}`);
      assert.ok(a.seller >= 1000 && a.seller <= lastPerson + 10, `seller ${a.seller}`);
      assert.ok(a.expires > a.dateTime && a.reserve > a.initialBid);
    }
    for (const b of bids) {
      assert.ok(b.auction >= 1000 && b.auction <= lastAuction + 10, `auction ${b.auction}`);
      assert.ok(b.bidder >= 1000 && b.bidder <= lastPerson + 10, `bidder ${b.bidder}`);
      assert.ok(b.price >= 100 && b.price <= 100_000_000 && Number.isInteger(b.price), `price ${b.price}`);
    }
    // All five categories and all hot/cold choices show up.
    assert.equal(new Set(auctions.map((a) => a.category)).size, 5);
    assert.ok(new Set(bids.map((b) => b.channel)).size > 1000);
    const hot = bids.filter((b) => b.channel === 'Google' || b.channel === 'Facebook' || b.channel === 'Baidu' || b.channel === 'Apple');
    assert.ok(Math.abs(hot.length / bids.length - 0.5) < 0.02, `hot channel share ${hot.length / bids.length}`);
  });

  it('pads events to about 200, 500 and 100 bytes', () => {
    const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
    const personSize = mean(persons.map((p) => 8 + p.name.length + p.emailAddress.length + p.creditCard.length + p.city.length + p.state.length + p.extra.length));
    const auctionSize = mean(auctions.map((a) => 8 + a.itemName.length + a.description.length + 40 + a.extra.length));
    const bidSize = mean(bids.map((b) => 32 + b.extra.length));
    assert.ok(Math.abs(personSize - 200) < 10, `person ${personSize}`);
    assert.ok(Math.abs(auctionSize - 500) < 10, `auction ${auctionSize}`);
    assert.ok(Math.abs(bidSize - 100) < 5, `bid ${bidSize}`);
    // Bid padding is 68 ± 20%, i.e. 54 to 81 letters.
    for (const b of bids.slice(0, 1000)) assert.ok(b.extra.length >= 54 && b.extra.length <= 81 && /^[a-z]+$/.test(b.extra));
  });

  it('stamps events in order at the configured rate', () => {
    let previous = -Infinity;
    for (const e of stream) {
      assert.ok(eventTimestamp(e) >= previous);
      previous = eventTimestamp(e);
    }
    assert.equal(eventTimestamp(stream[0] as NexmarkEvent), DEFAULT_GENERATOR_OPTIONS.baseTime);
    // 10 000 events per second: event n at baseTime + n / 10 ms.
    assert.equal(eventTimestamp(stream[49_999] as NexmarkEvent), T0 + 4999);
    const slow = createGeneratorConfig({ eventsPerSecond: 3 });
    assert.deepEqual(
      [0, 1, 2, 3, 4].map((n) => eventTimestamp(generateEvent(slow, n))),
      [T0, T0 + 333, T0 + 666, T0 + 1000, T0 + 1333],
    );
  });

  it('keeps out-of-order timestamps within the group bound', () => {
    const g = 100;
    const config = createGeneratorConfig({ maxEvents: 20_000, outOfOrderGroupSize: g, eventsPerSecond: 1000 });
    const events = Array.from(nexmarkEvents(config));
    const times = events.map(eventTimestamp);
    const bound = (g * config.interEventDelayUs) / 1000; // 100 ms
    let max = -Infinity;
    let disorder = 0;
    times.forEach((t, n) => {
      if (t < max) disorder++;
      assert.ok(t >= max - bound, `event ${n} at ${t} is more than ${bound} ms behind ${max}`);
      assert.ok(t >= generatorWatermark(config, n));
      max = Math.max(max, t);
    });
    assert.ok(disorder > 1000, `only ${disorder} events out of order`);
    // The shuffle permutes event ids and times within groups: same multiset as in order.
    const inOrder = Array.from(nexmarkEvents(createGeneratorConfig({ maxEvents: 20_000, eventsPerSecond: 1000 }))).map(eventTimestamp);
    assert.deepEqual([...times].sort((a, b) => a - b), inOrder);
    assert.equal(events.filter((e) => e.kind === 'person').length, 400);
  });

  it('validates its options', () => {
    assert.throws(() => createGeneratorConfig({ eventsPerSecond: 0 }), RangeError);
    assert.throws(() => createGeneratorConfig({ bidProportion: 1.5 }), RangeError);
    assert.throws(() => createGeneratorConfig({ maxEvents: -1 }), RangeError);
    assert.equal(createGeneratorConfig({ maxEvents: undefined }).maxEvents, 0);
    assert.ok(Object.isFrozen(createGeneratorConfig()));
  });
});

describe('NexmarkRandom', () => {
  it('is deterministic per key and salt, and stays in range', () => {
    const a = new NexmarkRandom(7, 1);
    const b = new NexmarkRandom(0).reseed(7, 1);
    const c = new NexmarkRandom(7, 2);
    const xs = Array.from({ length: 8 }, () => a.nextUint32());
    assert.deepEqual(
      Array.from({ length: 8 }, () => b.nextUint32()),
      xs,
    );
    assert.notDeepEqual(
      Array.from({ length: 8 }, () => c.nextUint32()),
      xs,
    );
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < 100_000; i++) {
      const k = a.nextInt(10);
      counts[k] = (counts[k] ?? 0) + 1;
      const d = a.nextDouble();
      assert.ok(d >= 0 && d < 1);
    }
    for (const n of counts) assert.ok(Math.abs(n - 10_000) < 500, `bucket ${n}`);
    for (let i = 0; i < 1000; i++) assert.ok(a.nextLong(2 ** 40) < 2 ** 40);
  });

  it('gives neighbouring keys unrelated first draws', () => {
    const firsts = new Set<number>();
    const rng = new NexmarkRandom();
    for (let key = 0; key < 10_000; key++) firsts.add(rng.reseed(key).nextInt(1_000_000));
    assert.ok(firsts.size > 9900, `${firsts.size} distinct first draws`);
  });
});

describe('reference queries', () => {
  it('q0 passes every bid through, in event-time order, without channel and url', () => {
    const events = [person(1, 'Ann', 'OR', T0), bid(5, 1, 300, T0 + 2, 'x'), bid(6, 1, 100, T0 + 1, 'y')];
    assert.deepEqual(q0(events), [
      { auction: 6, bidder: 1, price: 100, dateTime: T0 + 1, extra: 'y' },
      { auction: 5, bidder: 1, price: 300, dateTime: T0 + 2, extra: 'x' },
    ]);
  });

  it('q1 converts prices to euros exactly', () => {
    const rows = q1([bid(1, 2, 1000, T0), bid(1, 2, 1, T0 + 1), bid(1, 2, 12_345, T0 + 2)]);
    assert.deepEqual(
      rows.map((r) => r.price),
      [908, 0.908, 11_209.26],
    );
    assert.equal(dollarsToEuros(3), 2.724);
  });

  it('q2 keeps bids on every 123rd auction', () => {
    const events = [bid(123, 1, 10, T0), bid(124, 1, 20, T0), bid(246, 1, 30, T0), bid(123, 2, 5, T0 + 1), auction(123, 1, 10, T0)];
    assert.deepEqual(q2(events), [
      { auction: 123, price: 5 },
      { auction: 123, price: 10 },
      { auction: 246, price: 30 },
    ]);
  });

  it('q3 joins category-10 auctions with sellers in OR, ID or CA, whatever the arrival order', () => {
    const events = [
      auction(2003, 1002, 10, T0), // arrives before its seller
      person(1000, 'Ann', 'OR', T0, 'Portland'),
      person(1001, 'Bob', 'WA', T0, 'Seattle'),
      person(1002, 'Cy', 'CA', T0, 'Los Angeles'),
      auction(2000, 1000, 10, T0 + 1),
      auction(2001, 1001, 10, T0 + 1), // WA
      auction(2002, 1002, 11, T0 + 1), // category 11
      auction(2004, 1005, 10, T0 + 1), // no such person
    ];
    assert.deepEqual(q3(events), [
      { name: 'Ann', city: 'Portland', state: 'OR', id: 2000 },
      { name: 'Cy', city: 'Los Angeles', state: 'CA', id: 2003 },
    ]);
  });

  it('q4 averages the winning bids within [dateTime, expires] per category, truncating', () => {
    const events = [
      auction(1, 100, 10, T0, T0 + 1000, 50),
      auction(2, 100, 10, T0, T0 + 1000, 40),
      auction(3, 100, 11, T0, T0 + 1000, 10),
      auction(4, 100, 12, T0, T0 + 1000),
      bid(1, 7, 40, T0),
      bid(1, 7, 60, T0 + 1000), // on expires: counts
      bid(1, 7, 100, T0 + 1001), // after expires
      bid(2, 7, 31, T0 + 10),
      bid(3, 7, 7, T0 - 1), // before the auction opens
      bid(3, 7, 9, T0),
      bid(4, 7, 99, T0 + 5000), // after expires: auction 4 has no winner
    ];
    assert.deepEqual(q4(events), [
      { category: 10, averagePrice: 45 }, // (60 + 31) / 2 = 45.5
      { category: 11, averagePrice: 9 },
    ]);
    // Beam's variant: bids under the reserve cannot win (31 < 40, 9 < 10).
    assert.deepEqual(q4(events, { requireReserve: true }), [{ category: 10, averagePrice: 60 }]);
  });

  it('q5 reports the auctions with the most bids in each 10 s window sliding by 2 s', () => {
    const events = [
      bid(1, 9, 1, T0),
      bid(1, 9, 1, T0 + 1000),
      bid(2, 9, 1, T0 + 3000),
      bid(3, 9, 1, T0 + 3500),
      bid(1, 9, 1, T0 + 10_000), // not in [T0, T0 + 10 s)
    ];
    const w = (start: number, auctionId: number, num: number) => ({ windowStart: T0 + start, windowEnd: T0 + start + 10_000, auction: auctionId, num });
    assert.deepEqual(q5(events), [
      w(-8000, 1, 2),
      w(-6000, 1, 2),
      w(-4000, 1, 2),
      w(-2000, 1, 2),
      w(0, 1, 2),
      w(2000, 1, 1), // a three-way tie
      w(2000, 2, 1),
      w(2000, 3, 1),
      w(4000, 1, 1),
      w(6000, 1, 1),
      w(8000, 1, 1),
      w(10_000, 1, 1),
    ]);
  });

  it('q7 reports the bids at each 10 s window maximum, window end inclusive', () => {
    const events = [
      bid(1, 1, 5, T0 + 1),
      bid(2, 2, 9, T0 + 2),
      bid(3, 3, 9, T0 + 9999),
      bid(4, 4, 9, T0 + 10_000), // on the first window's end: matches it and its own window
      bid(5, 5, 3, T0 + 10_001),
      bid(6, 6, 2, T0 + 20_000),
    ];
    const row = (start: number, b: number, price: number, at: number) => ({
      windowStart: T0 + start,
      windowEnd: T0 + start + 10_000,
      auction: b,
      bidder: b,
      price,
      dateTime: T0 + at,
      extra: '',
    });
    assert.deepEqual(q7(events), [row(0, 2, 9, 2), row(0, 3, 9, 9999), row(0, 4, 9, 10_000), row(10_000, 4, 9, 10_000), row(20_000, 6, 2, 20_000)]);
  });

  it('q8 reports people who opened an auction in the 10 s window they joined in', () => {
    const events = [
      auction(50, 3, 10, T0 + 4000), // before the person, same window
      person(1, 'Ann', 'OR', T0 + 1000),
      person(2, 'Bob', 'OR', T0 + 9999),
      person(3, 'Cy', 'CA', T0 + 5000),
      person(4, 'Di', 'CA', T0 + 5000),
      auction(51, 1, 10, T0 + 9999),
      auction(52, 1, 11, T0 + 2000), // a second auction: still one row
      auction(53, 2, 10, T0 + 10_000), // next window
    ];
    assert.deepEqual(q8(events), [
      { id: 1, name: 'Ann', windowStart: T0 },
      { id: 3, name: 'Cy', windowStart: T0 },
    ]);
  });

  it('q11 counts bids per session, a gap of exactly 10 s staying in the session', () => {
    const events = [
      bid(1, 1, 1, T0 + 15_000),
      bid(1, 1, 1, T0),
      bid(1, 2, 1, T0 + 100),
      bid(1, 1, 1, T0 + 25_001), // 10.001 s after the previous bid: new session
      bid(1, 1, 1, T0 + 5000),
    ];
    assert.deepEqual(q11(events), [
      { bidder: 1, bidCount: 3, startTime: T0, endTime: T0 + 25_000 },
      { bidder: 1, bidCount: 1, startTime: T0 + 25_001, endTime: T0 + 35_001 },
      { bidder: 2, bidCount: 1, startTime: T0 + 100, endTime: T0 + 10_100 },
    ]);
  });

  it('q19 keeps the top 10 bids of each auction, ties broken by earlier time', () => {
    const prices = [5, 12, 3, 8, 1, 12, 7, 2, 9, 4, 6];
    const events = prices.map((price, i) => bid(7, 100 + i, price, T0 + (price === 12 ? 10 - i : 100 + i)));
    events.push(bid(8, 1, 50, T0));
    const rows = q19(events);
    const summary = rows.map((r: Q19Row) => [r.auction, r.rankNumber, r.price, r.bidder]);
    assert.deepEqual(summary, [
      [7, 1, 12, 105], // the later-listed 12 is the earlier bid
      [7, 2, 12, 101],
      [7, 3, 9, 108],
      [7, 4, 8, 103],
      [7, 5, 7, 106],
      [7, 6, 6, 110],
      [7, 7, 5, 100],
      [7, 8, 4, 109],
      [7, 9, 3, 102],
      [7, 10, 2, 107],
      [8, 1, 50, 1],
    ]);
    assert.equal(rows[0]?.url, 'https://www.nexmark.com/a/b/c/item.htm?query=1');
  });

  it('q22 splits the URL into its three directories', () => {
    const events = [bid(1, 2, 3, T0, '', 'https://www.nexmark.com/ab/c_d/efg/item.htm?query=1&channel_id=7'), bid(1, 2, 4, T0, '', 'https://x/y')];
    assert.deepEqual(q22(events), [
      { auction: 1, bidder: 2, price: 3, channel: 'Google', dir1: 'ab', dir2: 'c_d', dir3: 'efg' },
      { auction: 1, bidder: 2, price: 4, channel: 'Google', dir1: 'y', dir2: null, dir3: null },
    ]);
  });

  it('run on generated events, return canonically sorted rows, and find joins', () => {
    const events = stream.slice(0, 20_000);
    const sizes: Partial<Record<ReferenceQueryName, number>> = {};
    for (const [name, query] of Object.entries(REFERENCE_QUERIES) as [ReferenceQueryName, (typeof REFERENCE_QUERIES)[ReferenceQueryName]][]) {
      const rows: object[] = query.run(events);
      const orderBy = query.orderBy as readonly (keyof object)[];
      for (let i = 1; i < rows.length; i++) assert.ok(compareRows(rows[i - 1] as object, rows[i] as object, orderBy) <= 0, `${name} row ${i} out of order`);
      sizes[name] = rows.length;
    }
    const bidCount = events.filter((e) => e.kind === 'bid').length;
    assert.equal(sizes.q0, bidCount);
    assert.equal(sizes.q22, bidCount);
    for (const name of ['q2', 'q3', 'q4', 'q5', 'q7', 'q8', 'q11', 'q19'] as const) assert.ok((sizes[name] ?? 0) > 0, `${name} found no rows`);
    for (const row of q22(events)) assert.ok(row.dir1 !== null && row.dir2 !== null && row.dir3 !== null);
  });
});
