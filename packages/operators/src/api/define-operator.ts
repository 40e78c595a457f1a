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

/** Wraps the lifecycle hooks so that errors name the step and `close` runs exactly once. */
function guardLifecycle<O>(stepId: string, impl: OperatorLifecycle<O>, target: OperatorLifecycle<O>): void {
  const tag = (err: unknown): never => {
    throw userFunctionError(stepId, err);
  };
  let closed = false;
  if (impl.open) {
    const open = impl.open.bind(impl);
    target.open = async (ctx) => {
      try {
        await open(ctx);
      } catch (err) {
        tag(err);
      }
    };
  }
  if (impl.processWatermark) {
    const f = impl.processWatermark.bind(impl);
    target.processWatermark = (wm, out) => {
      try {
        f(wm, out);
      } catch (err) {
        tag(err);
      }
    };
  }
  if (impl.onTimer) {
    const f = impl.onTimer.bind(impl);
    target.onTimer = (timer, out) => {
      try {
        f(timer, out);
      } catch (err) {
        tag(err);
      }
    };
  }
  if (impl.snapshotState) {
    const f = impl.snapshotState.bind(impl);
    target.snapshotState = (id) => {
      try {
        return f(id);
      } catch (err) {
        return tag(err);
      }
    };
  }
  if (impl.restoreState) {
    const f = impl.restoreState.bind(impl);
    target.restoreState = (s) => {
      try {
        f(s);
      } catch (err) {
        tag(err);
      }
    };
  }
  if (impl.notifyCheckpointComplete) {
    const f = impl.notifyCheckpointComplete.bind(impl);
    target.notifyCheckpointComplete = async (id) => {
      try {
        await f(id);
      } catch (err) {
        tag(err);
      }
    };
  }
  if (impl.finish) {
    const f = impl.finish.bind(impl);
    target.finish = async (out) => {
      try {
        await f(out);
      } catch (err) {
        tag(err);
      }
    };
  }
  target.close = async () => {
    if (closed) return;
    closed = true;
    try {
      await impl.close?.();
    } catch (err) {
      tag(err);
    }
  };
}

/**
 * Defines a one-input operator. Built-in and custom operators alike are made with it: the
 * instances it makes tag every error with the step id (ERR_USER_FUNCTION, the innermost
 * step winning across a chain) and close exactly once, also after a failure.
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
      const process = impl.processElement.bind(impl);
      const guarded: Operator<I, O> = {
        processElement(record, out) {
          try {
            process(record, out);
          } catch (err) {
            throw userFunctionError(stepId, err);
          }
        },
      };
      guardLifecycle(stepId, impl, guarded);
      return guarded;
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
      const p1 = impl.processElement1.bind(impl);
      const p2 = impl.processElement2.bind(impl);
      const guarded: TwoInputOperator<I1, I2, O> = {
        processElement1(record, out) {
          try {
            p1(record, out);
          } catch (err) {
            throw userFunctionError(stepId, err);
          }
        },
        processElement2(record, out) {
          try {
            p2(record, out);
          } catch (err) {
            throw userFunctionError(stepId, err);
          }
        },
      };
      guardLifecycle(stepId, impl, guarded);
      return guarded;
    },
  };
}
