import { userFunctionError } from '../errors/weir-error.js';
import type { Operator, OperatorLifecycle, TwoInputOperator } from './operator.js';
import type { OneInputOperatorFactory, TwoInputOperatorFactory } from './operator-factory.js';

/** How to make an operator: its name, whether it needs a keyed input, and a constructor. */
export interface OperatorSpec<T> {
  readonly name: string;
  /** Set when the operator uses keyed state or timers. Default false. */
  readonly requiresKeyedInput?: boolean;
  /** Makes a fresh instance; called once per parallel subtask. */
  readonly create: () => T;
}

/**
 * Replaces the lifecycle hooks of a fresh operator instance with guarded ones: errors name
 * the step, and `close` runs exactly once. Per-record hooks stay the instance's own methods,
 * called directly (errors there are tagged by the runner that drives the operator, on the
 * one try/catch of the hot path).
 */
function guardLifecycle<O>(stepId: string, impl: OperatorLifecycle<O>): void {
  const tag = (err: unknown): never => {
    throw userFunctionError(stepId, err);
  };
  const guardSync = <A extends unknown[], R>(f: ((...args: A) => R) | undefined) =>
    f &&
    ((...args: A): R => {
      try {
        return f.apply(impl, args);
      } catch (err) {
        return tag(err);
      }
    });
  const guardAsync = <A extends unknown[]>(f: ((...args: A) => void | Promise<void>) | undefined) =>
    f &&
    (async (...args: A): Promise<void> => {
      try {
        await f.apply(impl, args);
      } catch (err) {
        tag(err);
      }
    });
  const { open, processWatermark, onTimer, prepareSnapshotPreBarrier, snapshotState, restoreState, notifyCheckpointComplete, finish, close } = impl;
  Object.assign(impl, {
    open: guardAsync(open),
    processWatermark: guardSync(processWatermark),
    onTimer: guardSync(onTimer),
    prepareSnapshotPreBarrier: guardAsync(prepareSnapshotPreBarrier),
    snapshotState: guardSync(snapshotState),
    restoreState: guardSync(restoreState),
    notifyCheckpointComplete: guardAsync(notifyCheckpointComplete),
    finish: guardAsync(finish),
  });
  let closed = false;
  impl.close = async () => {
    if (closed) return;
    closed = true;
    try {
      await close?.call(impl);
    } catch (err) {
      tag(err);
    }
  };
}

/**
 * Defines a one-input operator. Built-in and custom operators alike are made with it: the
 * instances it makes tag every error of their lifecycle hooks with the step id
 * (ERR_USER_FUNCTION, the innermost step winning across a chain) and close exactly once,
 * also after a failure. Per-record calls go straight to the instance's own
 * `processElement`; the runner that drives it tags their errors the same way.
 *
 * @example
 * const upper = defineOperator<string, string>({
 *   name: 'Upper',
 *   create: () => ({ processElement: (r, out) => out.collect(r.value.toUpperCase(), r.timestamp) }),
 * });
 * words.transform('upper', upper);
 */
export function defineOperator<I, O>(spec: OperatorSpec<Operator<I, O>>): OneInputOperatorFactory<I, O> {
  return {
    kind: 'one-input',
    name: spec.name,
    requiresKeyedInput: spec.requiresKeyedInput ?? false,
    instantiate(stepId) {
      const impl = spec.create();
      guardLifecycle(stepId, impl);
      return impl;
    },
  };
}

/** Defines a two-input operator; see {@link defineOperator}. */
export function defineTwoInputOperator<I1, I2, O>(spec: OperatorSpec<TwoInputOperator<I1, I2, O>>): TwoInputOperatorFactory<I1, I2, O> {
  return {
    kind: 'two-input',
    name: spec.name,
    requiresKeyedInput: spec.requiresKeyedInput ?? false,
    instantiate(stepId) {
      const impl = spec.create();
      guardLifecycle(stepId, impl);
      return impl;
    },
  };
}
