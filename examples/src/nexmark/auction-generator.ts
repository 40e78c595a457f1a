/**
 * Auction records and auction ids (the suite's `AuctionGenerator` and `PriceGenerator`).
 *
 * @module
 */

import { timestampForEventNumber } from './event-timing.js';
import type { GeneratorConfig } from './generator-config.js';
import { FIRST_AUCTION_ID, FIRST_CATEGORY_ID, FIRST_PERSON_ID, NUM_CATEGORIES, type Auction } from './model.js';
import { lastBase0PersonId, nextBase0PersonId } from './person-generator.js';
import type { NexmarkRandom } from './random.js';
import { nextExtra, nextString } from './random-strings.js';

/** How many not-yet-generated auction ids a random pick may reach beyond the last one. */
const AUCTION_ID_LEAD = 10;
/** Hot sellers are the first person of each batch of this many people. */
const HOT_SELLER_RATIO = 100;

/** Nexmark's price law: cents, log-uniform between 100 (one dollar) and 10^8. */
export function nextPrice(rng: NexmarkRandom): number {
  return Math.round(Math.pow(10, rng.nextDouble() * 6) * 100);
}

/**
 * The last auction id (base 0, i.e. without {@link FIRST_AUCTION_ID}) generated at or
 * before `eventId`: the current one when `eventId` is an auction event; −1 before the first.
 */
export function lastBase0AuctionId(config: GeneratorConfig, eventId: number): number {
  let epoch = Math.floor(eventId / config.totalProportion);
  let offset = eventId % config.totalProportion;
  if (offset < config.personProportion) {
    // A person: the last auction is the last one of the previous epoch.
    epoch--;
    offset = config.auctionProportion - 1;
  } else if (offset >= config.personProportion + config.auctionProportion) {
    // A bid: the last auction is the last one of this epoch.
    offset = config.auctionProportion - 1;
  } else {
    offset -= config.personProportion;
  }
  return epoch * config.auctionProportion + offset;
}

/**
 * A random auction id (base 0) among the `numInFlightAuctions` most recent auctions plus
 * {@link AUCTION_ID_LEAD} ids not generated yet.
 */
export function nextBase0AuctionId(config: GeneratorConfig, eventId: number, rng: NexmarkRandom): number {
  const maxAuction = lastBase0AuctionId(config, eventId);
  const minAuction = Math.max(maxAuction - config.numInFlightAuctions, 0);
  return minAuction + rng.nextLong(maxAuction - minAuction + 1 + AUCTION_ID_LEAD);
}

/**
 * An auction length in ms, uniform in [1, 2h] where h is the event-time span until
 * `numInFlightAuctions` more auctions will have been generated, so that about that many are
 * open at any time.
 */
function nextAuctionLengthMs(config: GeneratorConfig, adjustedNumber: number, rng: NexmarkRandom, timestamp: number): number {
  const numEventsForAuctions = Math.floor((config.numInFlightAuctions * config.totalProportion) / config.auctionProportion);
  const horizonMs = timestampForEventNumber(config, adjustedNumber + numEventsForAuctions) - timestamp;
  return 1 + rng.nextLong(Math.max(horizonMs * 2, 1));
}

/**
 * The auction of auction event `eventId` (whose adjusted event number is `adjustedNumber`)
 * at `timestamp`, drawing from `rng` in the suite's order.
 */
export function nextAuction(config: GeneratorConfig, eventId: number, adjustedNumber: number, rng: NexmarkRandom, timestamp: number): Auction {
  const id = lastBase0AuctionId(config, eventId) + FIRST_AUCTION_ID;
  // With probability 1 − 1/hotSellersRatio the seller is the current hot seller.
  const seller =
    (rng.nextInt(config.hotSellersRatio) > 0
      ? Math.floor(lastBase0PersonId(config, eventId) / HOT_SELLER_RATIO) * HOT_SELLER_RATIO
      : nextBase0PersonId(config, eventId, rng)) + FIRST_PERSON_ID;
  const category = FIRST_CATEGORY_ID + rng.nextInt(NUM_CATEGORIES);
  const initialBid = nextPrice(rng);
  const expires = timestamp + nextAuctionLengthMs(config, adjustedNumber, rng, timestamp);
  const itemName = nextString(rng, 20);
  const description = nextString(rng, 100);
  const reserve = initialBid + nextPrice(rng);
  const currentSize = 8 + itemName.length + description.length + 8 + 8 + 8 + 8 + 8;
  const extra = nextExtra(rng, currentSize, config.avgAuctionByteSize);
  return { id, itemName, description, initialBid, reserve, dateTime: timestamp, expires, seller, category, extra };
}
