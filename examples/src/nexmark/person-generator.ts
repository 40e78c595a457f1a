/**
 * Person records and person ids (the suite's `PersonGenerator`).
 *
 * @module
 */

import type { GeneratorConfig } from './generator-config.js';
import { FIRST_PERSON_ID, type Person } from './model.js';
import type { NexmarkRandom } from './random.js';
import { nextExtra, nextString } from './random-strings.js';

/** How many not-yet-generated person ids a random pick may reach beyond the last one. */
const PERSON_ID_LEAD = 10;

const US_STATES = ['AZ', 'CA', 'ID', 'OR', 'WA', 'WY'] as const;
const US_CITIES = ['Phoenix', 'Los Angeles', 'San Francisco', 'Boise', 'Portland', 'Bend', 'Redmond', 'Seattle', 'Kent', 'Cheyenne'] as const;
const FIRST_NAMES = ['Peter', 'Paul', 'Luke', 'John', 'Saul', 'Vicky', 'Kate', 'Julie', 'Sarah', 'Deiter', 'Walter'] as const;
const LAST_NAMES = ['Shultz', 'Abrams', 'Spencer', 'White', 'Bartels', 'Walton', 'Smith', 'Jones', 'Noris'] as const;

/** Every "First Last" pair, indexed `first * LAST_NAMES.length + last`, built once instead of per person. */
const FULL_NAMES: readonly string[] = FIRST_NAMES.flatMap((first) => LAST_NAMES.map((last) => `${first} ${last}`));
/** "0000" to "9999", the groups of a credit-card number. */
const CARD_GROUPS: readonly string[] = Array.from({ length: 10_000 }, (_, i) => String(i).padStart(4, '0'));

/**
 * The last person id (base 0, i.e. without {@link FIRST_PERSON_ID}) generated at or before
 * `eventId`: the current one when `eventId` is a person event.
 */
export function lastBase0PersonId(config: GeneratorConfig, eventId: number): number {
  const epoch = Math.floor(eventId / config.totalProportion);
  let offset = eventId % config.totalProportion;
  if (offset >= config.personProportion) offset = config.personProportion - 1;
  return epoch * config.personProportion + offset;
}

/**
 * A random person id (base 0) among the `numActivePeople` most recent people plus
 * {@link PERSON_ID_LEAD} ids not generated yet (so that bids and auctions sometimes precede
 * their person, as in the suite).
 */
export function nextBase0PersonId(config: GeneratorConfig, eventId: number, rng: NexmarkRandom): number {
  const numPeople = lastBase0PersonId(config, eventId) + 1;
  const activePeople = Math.min(numPeople, config.numActivePeople);
  return numPeople - activePeople + rng.nextLong(activePeople + PERSON_ID_LEAD);
}

/** The person of person event `eventId` at `timestamp`, drawing from `rng` in the suite's order. */
export function nextPerson(config: GeneratorConfig, eventId: number, rng: NexmarkRandom, timestamp: number): Person {
  const id = lastBase0PersonId(config, eventId) + FIRST_PERSON_ID;
  const first = rng.nextInt(FIRST_NAMES.length);
  const name = FULL_NAMES[first * LAST_NAMES.length + rng.nextInt(LAST_NAMES.length)] as string;
  const emailAddress = `${nextString(rng, 7)}@${nextString(rng, 5)}.com`;
  const creditCard = `${CARD_GROUPS[rng.nextInt(10_000)] as string} ${CARD_GROUPS[rng.nextInt(10_000)] as string} ${
    CARD_GROUPS[rng.nextInt(10_000)] as string
  } ${CARD_GROUPS[rng.nextInt(10_000)] as string}`;
  const city = US_CITIES[rng.nextInt(US_CITIES.length)] as string;
  const state = US_STATES[rng.nextInt(US_STATES.length)] as string;
  const currentSize = 8 + name.length + emailAddress.length + creditCard.length + city.length + state.length;
  const extra = nextExtra(rng, currentSize, config.avgPersonByteSize);
  return { id, name, emailAddress, creditCard, city, state, dateTime: timestamp, extra };
}
