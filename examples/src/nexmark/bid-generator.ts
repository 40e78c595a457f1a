/**
 * Bid records (the suite's `BidGenerator`).
 *
 * @module
 */

import { lastBase0AuctionId, nextBase0AuctionId, nextPrice } from './auction-generator.js';
import type { GeneratorConfig } from './generator-config.js';
import { FIRST_AUCTION_ID, FIRST_PERSON_ID, type Bid } from './model.js';
import { lastBase0PersonId, nextBase0PersonId } from './person-generator.js';
import { NexmarkRandom } from './random.js';
import { nextExtra, nextStringWith } from './random-strings.js';

/** Hot auctions are the first of each batch of this many auctions. */
const HOT_AUCTION_RATIO = 100;
/** Hot bidders are the second person of each batch of this many people (the first is the hot seller). */
const HOT_BIDDER_RATIO = 100;
/** A bid comes from a hot channel with probability 1 − 1/HOT_CHANNELS_RATIO. */
const HOT_CHANNELS_RATIO = 2;
/** Number of ordinary channels, `channel-0` to `channel-9999`. */
const CHANNELS_NUMBER = 10_000;
const HOT_CHANNELS = ['Google', 'Facebook', 'Baidu', 'Apple'] as const;
/** Salt of the random streams that make the URLs, distinct from any event's. */
const URL_SALT = 0x0e71;

/** `https://www.nexmark.com/<a>/<b>/<c>/item.htm?query=1`, each segment 3–4 chars of letters and `_`. */
function baseUrl(rng: NexmarkRandom): string {
  return `https://www.nexmark.com/${nextStringWith(rng, 5, '_')}/${nextStringWith(rng, 5, '_')}/${nextStringWith(rng, 5, '_')}/item.htm?query=1`;
}

/** Java's `Integer.reverse` followed by `Math.abs`, including abs(MIN_VALUE) = MIN_VALUE. */
function javaAbsReverse(i: number): number {
  let x = i >>> 0;
  x = ((x >>> 1) & 0x55555555) | ((x & 0x55555555) << 1);
  x = ((x >>> 2) & 0x33333333) | ((x & 0x33333333) << 2);
  x = ((x >>> 4) & 0x0f0f0f0f) | ((x & 0x0f0f0f0f) << 4);
  x = ((x >>> 8) & 0x00ff00ff) | ((x & 0x00ff00ff) << 8);
  x = ((x >>> 16) | (x << 16)) | 0;
  return x === -2147483648 ? x : Math.abs(x);
}

/*
 * The suite draws these URLs once per process from an unseeded random and caches them per
 * channel; here they come from fixed seeds, so that every process and worker sees the same
 * URL for a channel and an event stays a pure function of its number. Built eagerly (about
 * 10 000 short strings, a few ms) so that no cache mutates after load.
 */
const HOT_URLS: readonly string[] = HOT_CHANNELS.map((_, i) => baseUrl(new NexmarkRandom(CHANNELS_NUMBER + i, URL_SALT)));
const CHANNEL_NAMES: readonly string[] = Array.from({ length: CHANNELS_NUMBER }, (_, i) => `channel-${i}`);
const CHANNEL_URLS: readonly string[] = Array.from({ length: CHANNELS_NUMBER }, (_, i) => {
  const rng = new NexmarkRandom(i, URL_SALT);
  const url = baseUrl(rng);
  // Nine channels in ten carry their id in the URL.
  return rng.nextInt(10) > 0 ? `${url}&channel_id=${javaAbsReverse(i)}` : url;
});

/**
 * The bid of bid event `eventId` at `timestamp`, drawing from `rng` in the suite's order.
 *
 * One deliberate difference from nexmark/nexmark's Flink generator: that one adds
 * `FIRST_PERSON_ID` to the bidder twice (a slip that puts bidders at 2000 and up, so they
 * never match a person); here it is added once, as in Beam's generator, so bidders are
 * person ids.
 */
export function nextBid(config: GeneratorConfig, eventId: number, rng: NexmarkRandom, timestamp: number): Bid {
  // With probability 1 − 1/hotAuctionRatio the bid is for the current hot auction.
  const auction =
    (rng.nextInt(config.hotAuctionRatio) > 0
      ? Math.floor(lastBase0AuctionId(config, eventId) / HOT_AUCTION_RATIO) * HOT_AUCTION_RATIO
      : nextBase0AuctionId(config, eventId, rng)) + FIRST_AUCTION_ID;
  const bidder =
    (rng.nextInt(config.hotBiddersRatio) > 0
      ? Math.floor(lastBase0PersonId(config, eventId) / HOT_BIDDER_RATIO) * HOT_BIDDER_RATIO + 1
      : nextBase0PersonId(config, eventId, rng)) + FIRST_PERSON_ID;
  const price = nextPrice(rng);
  let channel: string;
  let url: string;
  if (rng.nextInt(HOT_CHANNELS_RATIO) > 0) {
    const i = rng.nextInt(HOT_CHANNELS.length);
    channel = HOT_CHANNELS[i] as string;
    url = HOT_URLS[i] as string;
  } else {
    const i = rng.nextInt(CHANNELS_NUMBER);
    channel = CHANNEL_NAMES[i] as string;
    url = CHANNEL_URLS[i] as string;
  }
  const extra = nextExtra(rng, 8 + 8 + 8 + 8, config.avgBidByteSize);
  return { auction, bidder, price, channel, url, dateTime: timestamp, extra };
}
