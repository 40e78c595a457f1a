import type { Operator, TwoInputOperator } from './operator.js';

/** Creates the instances of a one-input operator: one per parallel subtask. */
export interface OneInputOperatorFactory<I, O> {
  readonly kind: 'one-input';
  /** What the operator is (for plans and the dashboard), e.g. "Map" or "TumblingWindow". */
  readonly name: string;
  /** True when the operator uses keyed state or timers: its input must be a keyed stream. */
  readonly requiresKeyedInput: boolean;
  /** A fresh instance for one subtask, whose errors are tagged with `stepId`. */
  instantiate(stepId: string): Operator<I, O>;
  /** Never set: carries the types for the type checker only. */
  readonly __types?: [I, O];
}

/** Creates the instances of a two-input operator. */
export interface TwoInputOperatorFactory<I1, I2, O> {
  readonly kind: 'two-input';
  readonly name: string;
  readonly requiresKeyedInput: boolean;
  instantiate(stepId: string): TwoInputOperator<I1, I2, O>;
  readonly __types?: [I1, I2, O];
}
