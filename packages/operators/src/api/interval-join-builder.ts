import { WeirError } from '../errors/weir-error.js';
import { intervalJoinOperator } from '../window/interval-join-operator.js';
import type { ProcessJoinFn } from '../window/interval-join.js';
import type { DataStream } from './data-stream.js';
import type { Key } from './key.js';
import type { KeyedStream } from './keyed-stream.js';

/**
 * Joins two keyed streams: a left record with timestamp t pairs with every right record of
 * the same key whose timestamp lies in [t + lower, t + upper] (bounds inclusive by default).
 */
export class IntervalJoinBuilder<K extends Key, L, R> {
  private lowerInclusive = true;
  private upperInclusive = true;
  private bounds: [number, number] | undefined;

  constructor(
    private readonly left: KeyedStream<K, L>,
    private readonly right: KeyedStream<K, R>,
  ) {}

  /** Sets the bounds, in ms relative to the left record's timestamp. */
  between(lowerBound: number, upperBound: number): this {
    if (!(Number.isFinite(lowerBound) && Number.isFinite(upperBound) && lowerBound <= upperBound)) {
      throw new WeirError('ERR_GRAPH_INVALID', `interval join bounds must be finite with lower <= upper, got [${lowerBound}, ${upperBound}]`, {
        domain: 'user',
      });
    }
    this.bounds = [lowerBound, upperBound];
    return this;
  }
  lowerBoundExclusive(): this {
    this.lowerInclusive = false;
    return this;
  }
  upperBoundExclusive(): this {
    this.upperInclusive = false;
    return this;
  }
  /** Emits what `fn` makes of each joined pair, stamped with the larger timestamp. */
  process<O>(stepId: string, fn: ProcessJoinFn<L, R, O>): DataStream<O> {
    if (this.bounds === undefined) {
      throw new WeirError('ERR_GRAPH_INVALID', `interval join '${stepId}' needs between(lower, upper)`, { domain: 'user', stepId });
    }
    const [lowerBound, upperBound] = this.bounds;
    const factory = intervalJoinOperator<L, R, O>(
      { lowerBound, upperBound, lowerBoundInclusive: this.lowerInclusive, upperBoundInclusive: this.upperInclusive },
      fn,
    );
    return this.left.transformWith(stepId, this.right, factory);
  }
}
