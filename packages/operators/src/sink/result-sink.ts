import { WeirError } from '../errors/weir-error.js';
import type { Sink } from './sink.js';

/**
 * A sink that sends its records back to the client that runs the job, under `name`,
 * wherever the subtask runs (another worker thread, another process): the job client reads
 * them with `results(name)`. Meant for tests, examples and small results; a production job
 * writes to a real sink. Records are sent in batches of `batchSize` and at end of input.
 */
export function resultSink<T>(name: string, batchSize = 512): Sink<T> {
  return {
    name: `results:${name}`,
    createWriter(ctx) {
      const send = ctx.sendResults;
      if (send === undefined) {
        throw new WeirError('ERR_CONFIG_INVALID', `result sink '${name}' of step '${ctx.stepId}' needs a job client to send to`, {
          domain: 'user',
          stepId: ctx.stepId,
        });
      }
      let buffer: unknown[] = [];
      return {
        write(value) {
          buffer.push(value);
          if (buffer.length >= batchSize) {
            send(name, buffer);
            buffer = [];
          }
        },
        flush() {
          if (buffer.length > 0) send(name, buffer);
          buffer = [];
        },
      };
    },
  };
}
