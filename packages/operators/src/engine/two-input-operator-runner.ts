import type { Key } from '../api/key.js';
import type { TwoInputOperator } from '../api/operator.js';
import type { TwoInputOperatorFactory } from '../api/operator-factory.js';
import type { StreamRecord } from '../api/stream-record.js';
import { userFunctionError, WeirError } from '../errors/weir-error.js';
import type { KeySelector } from '../functions/simple-fns.js';
import { OperatorRunner, type OperatorRunnerOptions } from './operator-runner.js';

/** Options of a {@link TwoInputOperatorRunner}. */
export interface TwoInputOperatorRunnerOptions<I1, I2, O> extends OperatorRunnerOptions<O> {
  readonly factory: TwoInputOperatorFactory<I1, I2, O>;
  /** The key of input 1. */
  readonly keySelector1?: KeySelector<I1, Key>;
  /** The key of input 2. */
  readonly keySelector2?: KeySelector<I2, Key>;
}

/**
 * Runs one instance of a two-input operator: see {@link OperatorRunner}. The operator is
 * keyed when the factory requires keyed input or a key selector is given. On a keyed
 * operator an input without a key selector is a broadcast input: while it is processed
 * there is no current key, so keyed state and timers throw ERR_STATE_NOT_KEYED.
 *
 * @throws WeirError ERR_GRAPH_KEYED_INPUT_REQUIRED (constructor) when the factory requires
 *   keyed input but neither input has a key selector.
 */
export class TwoInputOperatorRunner<I1, I2, O> extends OperatorRunner<O> {
  private readonly operator: TwoInputOperator<I1, I2, O>;
  private readonly keySelector1: KeySelector<I1, Key> | undefined;
  private readonly keySelector2: KeySelector<I2, Key> | undefined;
  private readonly reuse1: StreamRecord<I1> = { value: undefined as I1, timestamp: Number.NaN };
  private readonly reuse2: StreamRecord<I2> = { value: undefined as I2, timestamp: Number.NaN };
  /** Records this operator received on both inputs. */
  recordsIn = 0;

  constructor(options: TwoInputOperatorRunnerOptions<I1, I2, O>) {
    const { factory, keySelector1, keySelector2 } = options;
    const stepId = options.stepId ?? options.taskInfo.stepId;
    if (factory.requiresKeyedInput && keySelector1 === undefined && keySelector2 === undefined) {
      throw new WeirError('ERR_GRAPH_KEYED_INPUT_REQUIRED', `step '${stepId}': operator '${factory.name}' needs a keyed input, but neither input has a key selector`, {
        domain: 'user',
        stepId,
      });
    }
    const operator = factory.instantiate(stepId);
    super(options, operator, { operatorName: factory.name, keyed: keySelector1 !== undefined || keySelector2 !== undefined });
    this.operator = operator;
    this.keySelector1 = keySelector1;
    this.keySelector2 = keySelector2;
  }

  /** Processes a record of input 1; see {@link OneInputOperatorRunner.processElement}. */
  processElement1(record: StreamRecord<I1>): void {
    this.recordsIn++;
    try {
      const keySelector = this.keySelector1;
      if (keySelector !== undefined) this.backend!.setCurrentKey(keySelector(record.value));
      else this.backend?.clearCurrentKey();
      this.operator.processElement1(record, this.output);
    } catch (err) {
      throw userFunctionError(this.stepId, err);
    }
  }

  /** Processes a record of input 2; see {@link OneInputOperatorRunner.processElement}. */
  processElement2(record: StreamRecord<I2>): void {
    this.recordsIn++;
    try {
      const keySelector = this.keySelector2;
      if (keySelector !== undefined) this.backend!.setCurrentKey(keySelector(record.value));
      else this.backend?.clearCurrentKey();
      this.operator.processElement2(record, this.output);
    } catch (err) {
      throw userFunctionError(this.stepId, err);
    }
  }

  /** Input 1's hot path: a value and timestamp in a reused record object. */
  push1(value: I1, timestamp: number): void {
    const r = this.reuse1;
    r.value = value;
    r.timestamp = timestamp;
    this.processElement1(r);
  }

  /** Input 2's hot path: a value and timestamp in a reused record object. */
  push2(value: I2, timestamp: number): void {
    const r = this.reuse2;
    r.value = value;
    r.timestamp = timestamp;
    this.processElement2(r);
  }
}
