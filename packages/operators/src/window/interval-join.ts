/** What an interval-join function sees of the pair it joins. */
export interface IntervalJoinContext {
  readonly leftTimestamp: number;
  readonly rightTimestamp: number;
  /** The output's timestamp: the larger of the two. */
  readonly timestamp: number;
}

/** Called once per pair (left, right) with right.ts − left.ts in [lowerBound, upperBound]. */
export type ProcessJoinFn<L, R, O> = (left: L, right: R, ctx: IntervalJoinContext, out: { collect(value: O): void }) => void;

/** The bounds of an interval join, in event-time milliseconds relative to the left record. */
export interface IntervalJoinBounds {
  readonly lowerBound: number;
  readonly upperBound: number;
  readonly lowerBoundInclusive: boolean;
  readonly upperBoundInclusive: boolean;
}
