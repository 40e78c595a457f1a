import type { Key } from '../api/key.js';
import type { TwoInputOperatorFactory } from '../api/operator-factory.js';
import type { StreamRecord } from '../api/stream-record.js';
import { TwoInputOperatorRunner } from '../engine/two-input-operator-runner.js';
import type { KeySelector } from '../functions/simple-fns.js';
import { NO_TIMESTAMP } from '../time/time.js';
import { AbstractOperatorHarness, type OperatorHarnessOptions } from './abstract-operator-harness.js';

/** Options of a {@link TwoInputOperatorHarness}. */
export interface TwoInputOperatorHarnessOptions<I1, I2> extends OperatorHarnessOptions {
  /** The key of input 1. */
  readonly keySelector1?: KeySelector<I1, Key>;
  /** The key of input 2; on a keyed operator, leave it out to make input 2 a broadcast input. */
  readonly keySelector2?: KeySelector<I2, Key>;
}

/**
 * Runs one instance of a two-input operator (connect, co-process, broadcast, joins) in the
 * calling thread; see {@link OneInputOperatorHarness}. The watermark given to
 * `processWatermark` is the operator's combined input watermark (the harness does not take
 * the minimum over inputs: the runtime does).
 */
export class TwoInputOperatorHarness<I1, I2, O> extends AbstractOperatorHarness<O> {
  protected readonly runner: TwoInputOperatorRunner<I1, I2, O>;
  private readonly record1: StreamRecord<I1> = { value: undefined as I1, timestamp: NO_TIMESTAMP };
  private readonly record2: StreamRecord<I2> = { value: undefined as I2, timestamp: NO_TIMESTAMP };

  constructor(factory: TwoInputOperatorFactory<I1, I2, O>, options: TwoInputOperatorHarnessOptions<I1, I2> = {}) {
    super(options);
    this.runner = new TwoInputOperatorRunner<I1, I2, O>({
      factory,
      taskInfo: this.taskInfo,
      output: this.output,
      ...(options.keySelector1 !== undefined && { keySelector1: options.keySelector1 }),
      ...(options.keySelector2 !== undefined && { keySelector2: options.keySelector2 }),
      ...(this.restoredSnapshot !== undefined && { restored: this.restoredSnapshot }),
    });
  }

  /** Processes a record of input 1. */
  processElement1(value: I1, timestamp: number = NO_TIMESTAMP): void {
    this.checkOpen();
    const r = this.record1;
    r.value = value;
    r.timestamp = timestamp;
    this.runner.processElement1(r);
  }

  /** Processes a record of input 2. */
  processElement2(value: I2, timestamp: number = NO_TIMESTAMP): void {
    this.checkOpen();
    const r = this.record2;
    r.value = value;
    r.timestamp = timestamp;
    this.runner.processElement2(r);
  }
}
