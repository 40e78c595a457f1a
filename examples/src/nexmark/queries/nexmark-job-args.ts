/**
 * The arguments of the Nexmark query job modules.
 *
 * @module
 */

import type { JobArgs } from '@weir/operators';
import type { GeneratorOptions } from '../generator-config.js';

/** Events a query job reads when it is given no `events` argument. */
const DEFAULT_JOB_EVENTS = 100_000;

function integerArg(args: JobArgs, name: string, fallback: number, min: number): number {
  const raw = args[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isSafeInteger(value) || value < min) {
    throw new RangeError(`Nexmark job argument ${name} must be an integer >= ${min}, got '${raw}'`);
  }
  return value;
}

/**
 * The generator options of a query job from its arguments: `events`, the number of events
 * (default {@link DEFAULT_JOB_EVENTS}; `0` reads an unbounded stream), and `seed` (default 0).
 * Every other setting is the generator's default, as in the reference results.
 *
 * @throws RangeError when an argument is not an integer in range.
 */
export function nexmarkJobOptions(args: JobArgs): GeneratorOptions {
  return { maxEvents: integerArg(args, 'events', DEFAULT_JOB_EVENTS, 0), seed: integerArg(args, 'seed', 0, Number.MIN_SAFE_INTEGER) };
}
