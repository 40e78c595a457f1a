import type { AggregateFn, ReduceFn } from '../functions/aggregate-fn.js';
import type { StateTtl } from './state-ttl.js';

interface DescriptorBase {
  /** The state's name, unique within its operator; it keys the state in snapshots. */
  readonly name: string;
  readonly ttl?: StateTtl;
}

/** Declares a {@link ValueState}. */
export interface ValueStateDescriptor<T> extends DescriptorBase {
  readonly kind: 'value';
  /** Never set: carries T for the type checker only. */
  readonly __type?: T;
}
/** Declares a {@link ListState}. */
export interface ListStateDescriptor<T> extends DescriptorBase {
  readonly kind: 'list';
  readonly __type?: T;
}
/** Declares a {@link MapState}. */
export interface MapStateDescriptor<K extends string | number, V> extends DescriptorBase {
  readonly kind: 'map';
  readonly __type?: [K, V];
}
/** Declares a {@link ReducingState}. */
export interface ReducingStateDescriptor<T> extends DescriptorBase {
  readonly kind: 'reducing';
  readonly reduce: ReduceFn<T>;
}
/** Declares an {@link AggregatingState}. */
export interface AggregatingStateDescriptor<IN, ACC, OUT> extends DescriptorBase {
  readonly kind: 'aggregating';
  readonly aggregate: AggregateFn<IN, ACC, OUT>;
}

/** Any state descriptor. */
export type StateDescriptor =
  | ValueStateDescriptor<unknown>
  | ListStateDescriptor<unknown>
  | MapStateDescriptor<string | number, unknown>
  | ReducingStateDescriptor<unknown>
  | AggregatingStateDescriptor<unknown, unknown, unknown>;

const withTtl = (ttl: StateTtl | undefined) => (ttl === undefined ? {} : { ttl });

/** Declares a single value per key. */
export function valueState<T>(name: string, options: { ttl?: StateTtl } = {}): ValueStateDescriptor<T> {
  return { kind: 'value', name, ...withTtl(options.ttl) };
}
/** Declares a list per key. */
export function listState<T>(name: string, options: { ttl?: StateTtl } = {}): ListStateDescriptor<T> {
  return { kind: 'list', name, ...withTtl(options.ttl) };
}
/** Declares a map per key (map keys are strings or numbers). */
export function mapState<K extends string | number, V>(name: string, options: { ttl?: StateTtl } = {}): MapStateDescriptor<K, V> {
  return { kind: 'map', name, ...withTtl(options.ttl) };
}
/** Declares a value per key that every `add` folds in with `reduce`. */
export function reducingState<T>(name: string, reduce: ReduceFn<T>, options: { ttl?: StateTtl } = {}): ReducingStateDescriptor<T> {
  return { kind: 'reducing', name, reduce, ...withTtl(options.ttl) };
}
/** Declares an accumulator per key that every `add` feeds through `aggregate`. */
export function aggregatingState<IN, ACC, OUT>(
  name: string,
  aggregate: AggregateFn<IN, ACC, OUT>,
  options: { ttl?: StateTtl } = {},
): AggregatingStateDescriptor<IN, ACC, OUT> {
  return { kind: 'aggregating', name, aggregate, ...withTtl(options.ttl) };
}
