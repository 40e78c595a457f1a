import type { Key } from '../api/key.js';
import type { Operator } from '../api/operator.js';
import type { OneInputOperatorFactory } from '../api/operator-factory.js';
import type { StreamRecord } from '../api/stream-record.js';
import { userFunctionError, WeirError } from '../errors/weir-error.js';
import type { KeySelector } from '../functions/simple-fns.js';
import { OperatorRunner, type OperatorRunnerOptions } from './operator-runner.js';

/** Options of a {@link OneInputOperatorRunner}. */
export interface OneInputOperatorRunnerOptions<I, O> extends OperatorRunnerOptions<O> {
  readonly factory: OneInputOperatorFactory<I, O>;
  /** The key of the input (a keyed stream); required when the factory requires keyed input. */
  readonly keySelector?: KeySelector<I, Key>;
}

/**
 * Runs one instance of a one-input operator: see {@link OperatorRunner}. With a key
 * selector (or when the factory requires keyed input) the operator gets keyed state and
 * timers, and every record's key becomes the current key before the operator sees it.
 *
 * @throws WeirError ERR_GRAPH_KEYED_INPUT_REQUIRED (constructor) when the factory requires
 *   keyed input but no key selector is given.
 */
export class OneInputOperatorRunner<I, O> extends OperatorRunner<O> {
  private readonly operator: Operator<I, O>;
  private readonly keySelector: KeySelector<I, Key> | undefined;
  /** The record object `push` reuses (the runtime's object reuse). */
  private readonly reuse: StreamRecord<I> = { value: undefined as I, timestamp: Number.NaN };
  /** Records this operator received. */
  recordsIn = 0;

  constructor(options: OneInputOperatorRunnerOptions<I, O>) {
    const { factory, keySelector } = options;
    const stepId = options.stepId ?? options.taskInfo.stepId;
    if (factory.requiresKeyedInput && keySelector === undefined) {
      throw new WeirError('ERR_GRAPH_KEYED_INPUT_REQUIRED', `step '${stepId}': operator '${factory.name}' needs a keyed input, but no key selector was given`, {
        domain: 'user',
        stepId,
      });
    }
    const operator = factory.instantiate(stepId);
    super(options, operator, { operatorName: factory.name, keyed: keySelector !== undefined });
    this.operator = operator;
    this.keySelector = keySelector;
  }

  /**
   * Processes one record (valid only during the call: the caller may reuse it). Synchronous;
   * for a keyed operator it sets the record's key as the current key first.
   */
  processElement(record: StreamRecord<I>): void {
    this.recordsIn++;
    try {
      const keySelector = this.keySelector;
      if (keySelector !== undefined) this.backend!.setCurrentKey(keySelector(record.value));
      this.operator.processElement(record, this.output);
    } catch (err) {
      throw userFunctionError(this.stepId, err);
    }
  }

  /**
   * Processes one record given as value and timestamp, in a record object the runner
   * reuses: the hot path of a chain (no allocation, one call less than processElement).
   */
  push(value: I, timestamp: number): void {
    this.recordsIn++;
    const r = this.reuse;
    r.value = value;
    r.timestamp = timestamp;
    try {
      const keySelector = this.keySelector;
      if (keySelector !== undefined) this.backend!.setCurrentKey(keySelector(value));
      this.operator.processElement(r, this.output);
    } catch (err) {
      throw userFunctionError(this.stepId, err);
    }
  }
}
