import type { Key } from '../api/key.js';
import type { OneInputOperatorFactory } from '../api/operator-factory.js';
import type { StreamRecord } from '../api/stream-record.js';
import { OneInputOperatorRunner } from '../engine/one-input-operator-runner.js';
import type { KeySelector } from '../functions/simple-fns.js';
import { NO_TIMESTAMP } from '../time/time.js';
import { AbstractOperatorHarness, type OperatorHarnessOptions } from './abstract-operator-harness.js';

/** Options of a {@link OneInputOperatorHarness}. */
export interface OneInputOperatorHarnessOptions<I> extends OperatorHarnessOptions {
  /** The key of the input; required for keyed operators (keyed process, reduce, windows). */
  readonly keySelector?: KeySelector<I, Key>;
}

/**
 * Runs one instance of a one-input operator in the calling thread, through the same runner
 * the runtime uses: feed records and watermarks, move processing time, read what it
 * emitted, snapshot it and restore the snapshot into a new harness.
 *
 * Like the runtime it reuses one record object for every input record, so an operator that
 * keeps a record instead of its value fails here too.
 *
 * @example
 * const h = new OneInputOperatorHarness(rollingReduceOperator<number>((a, b) => a + b), { keySelector: (v) => v % 2 });
 * await h.open();
 * h.processElement(1); h.processElement(3);
 * assert.deepEqual(h.values(), [1, 4]);
 */
export class OneInputOperatorHarness<I, O> extends AbstractOperatorHarness<O> {
  protected readonly runner: OneInputOperatorRunner<I, O>;
  private readonly record: StreamRecord<I> = { value: undefined as I, timestamp: NO_TIMESTAMP };

  constructor(factory: OneInputOperatorFactory<I, O>, options: OneInputOperatorHarnessOptions<I> = {}) {
    super(options);
    this.runner = new OneInputOperatorRunner<I, O>({
      factory,
      taskInfo: this.taskInfo,
      output: this.output,
      ...(options.keySelector !== undefined && { keySelector: options.keySelector }),
      ...(this.restoredSnapshot !== undefined && { restored: this.restoredSnapshot }),
    });
  }

  /** Processes one record with event timestamp `timestamp` (default: none). */
  processElement(value: I, timestamp: number = NO_TIMESTAMP): void {
    this.checkOpen();
    const r = this.record;
    r.value = value;
    r.timestamp = timestamp;
    this.runner.processElement(r);
  }
}
