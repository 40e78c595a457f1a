/**
 * Row hashes for benchmark checksums: cheap (a benchmark's sink should cost little next to
 * the job it measures), deterministic, and the same on both sides of a comparison. A row
 * hash is a weighted sum of the row's numbers and of its strings' lengths and first
 * characters, exact in doubles for Nexmark's magnitudes (ids below 10^7, prices below 10^8,
 * epoch milliseconds below 10^13, so every sum stays below 2^53). Not a cryptographic hash:
 * it only needs to make a dropped, duplicated or altered row show.
 *
 * @module
 */

/** A number standing for a string (or `null`) in a row hash: its length and first character. */
export function stringSig(s: string | null): number {
  if (s === null) return 1;
  return 2 + s.length * 65_537 + (s.length > 0 ? s.charCodeAt(0) : 0);
}
