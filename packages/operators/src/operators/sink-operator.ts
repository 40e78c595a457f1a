import { defineOperator } from '../api/define-operator.js';
import type { OneInputOperatorFactory } from '../api/operator-factory.js';
import type { Sink, SinkWriter } from '../sink/sink.js';

/** Adapts a {@link Sink} to an operator: one writer per subtask, flushed when input ends. */
export function sinkOperator<T>(sink: Sink<T>): OneInputOperatorFactory<T, never> {
  return defineOperator<T, never>({
    name: `Sink: ${sink.name}`,
    create: () => {
      let writer: SinkWriter<T> | undefined;
      let restored: unknown;
      let hasRestored = false;
      return {
        async open(ctx) {
          writer = sink.createWriter(ctx);
          if (hasRestored) writer.restoreState?.(restored);
          await writer.open?.();
        },
        processElement(r) {
          writer!.write(r.value, r.timestamp);
        },
        processWatermark() {},
        snapshotState: (id) => writer?.snapshotState?.(id),
        restoreState(s) {
          restored = s;
          hasRestored = true;
        },
        notifyCheckpointComplete: (id) => writer?.notifyCheckpointComplete?.(id),
        finish: () => writer?.flush?.(),
        close: () => writer?.close?.(),
      };
    },
  });
}
