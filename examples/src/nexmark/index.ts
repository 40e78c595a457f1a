/**
 * `@weir/examples/nexmark`: the Nexmark benchmark on Weir — the event generator, its sources,
 * the queries as Weir jobs, and the plain reference results they are checked against.
 *
 * @module
 */

export { createGeneratorConfig, DEFAULT_GENERATOR_OPTIONS, type GeneratorConfig, type GeneratorOptions } from './generator-config.js';
export { eventTimestamp, generateEvent, nexmarkEvents, WATERMARK_DELAY_MS, type NexmarkEventsOptions } from './generator.js';
export type { Auction, AuctionEvent, Bid, BidEvent, NexmarkEvent, NexmarkEventKind, Person, PersonEvent } from './model.js';
export { nexmarkArraySource, nexmarkSource, nexmarkWatermarks } from './nexmark-source.js';
export {
  compareQ19Bids,
  dollarsToEuros,
  HOP_SLIDE_MS,
  Q2_AUCTION_MODULUS,
  REFERENCE_QUERIES,
  SESSION_GAP_MS,
  TOP_N,
  WINDOW_SIZE_MS,
  type Q0Row,
  type Q1Row,
  type Q2Row,
  type Q3Row,
  type Q4Row,
  type Q5Row,
  type Q7Row,
  type Q8Row,
  type Q11Row,
  type Q19Row,
  type Q22Row,
  type ReferenceQuery,
  type ReferenceQueryName,
} from './queries-reference.js';
export { compareRows, sortRows, type RowOrder } from './row-order.js';
export type { NexmarkInput } from './queries/nexmark-streams.js';
export { q0 } from './queries/q0.js';
export { q1 } from './queries/q1.js';
export { q2 } from './queries/q2.js';
export { q3 } from './queries/q3.js';
export { q4 } from './queries/q4.js';
export { q5 } from './queries/q5.js';
export { q7 } from './queries/q7.js';
export { q8 } from './queries/q8.js';
export { q11 } from './queries/q11.js';
export { q19 } from './queries/q19.js';
export { q22 } from './queries/q22.js';
