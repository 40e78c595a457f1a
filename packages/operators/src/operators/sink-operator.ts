import { defineOperator } from '../api/define-operator.js';
import type { OneInputOperatorFactory } from '../api/operator-factory.js';
import type { Sink, SinkWriter } from '../sink/sink.js';

/** Adapts a {@link Sink} to an operator: one writer per subtask, flushed when input ends. */
export function sinkOperator<T>(sink: Sink<T>): OneInputOperatorFactory<T, never> {
  return defineOperator<T, never>({
    name: `Sink: ${sink.name}`,
    create: () => {
      let writer: SinkWriter<T> | undefined;
      const restored: unknown[] = [];
      return {
        async open(ctx) {
          writer = sink.createWriter(ctx);
          for (const state of restored) writer.restoreState?.(state);
          await writer.open?.();
        },
        processElement(r) {
          writer!.write(r.value, r.timestamp);
        },
        processWatermark() {},
        prepareSnapshotPreBarrier: (id) => writer?.prepareCommit?.(id),
        snapshotState: (id) => writer?.snapshotState?.(id),
        restoreState(s) {
          // Kept until open creates the writer; several after a rescale (see Operator.restoreState).
          restored.push(s);
        },
        notifyCheckpointComplete: (id) => writer?.notifyCheckpointComplete?.(id),
        finish: () => writer?.flush?.(),
        close: () => writer?.close?.(),
      };
    },
  });
}
