import type { Collector } from '../api/output.js';
import type { Key } from '../api/key.js';

/** One value in, one value out. */
export type MapFn<I, O> = (value: I) => O;
/** Keeps the values for which it returns true. */
export type FilterFn<T> = (value: T) => boolean;
/** One value in, any number out. */
export type FlatMapFn<I, O> = (value: I, out: Collector<O>) => void;
/** Extracts the key of a value; must be deterministic. */
export type KeySelector<T, K extends Key> = (value: T) => K;
