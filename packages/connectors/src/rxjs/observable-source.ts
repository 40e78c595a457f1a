import type { Observable, Subscription } from 'rxjs';
import { WeirError, type Source, type SourceReader, type TaskInfo } from '@weir/operators';
import { observableSourceConfig, type ObservableSourceOptions } from './config.js';

/** Counters of an Observable source, summed over its subtasks in this thread. */
export interface ObservableSourceStats {
  /** Records dropped by the 'drop-oldest' policy. */
  dropped: number;
  /** Records received from the Observable. */
  received: number;
}

/** A Source fed by an Observable, with its counters. */
export interface ObservableSource<T> extends Source<T> {
  readonly stats: ObservableSourceStats;
}

/**
 * A source fed by an rxjs Observable. Each subtask subscribes to `factory(task)` (so a
 * parallel source can split its input) and buffers at most `bufferSize` records; when the
 * buffer is full, the 'error' policy fails the job with ERR_SOURCE_OVERFLOW and
 * 'drop-oldest' drops the oldest record and counts it. An Observable cannot be paused, so
 * the bound is enforced here rather than by back-pressure. The Observable's error fails the
 * job; its completion ends a bounded source.
 */
export function observableSource<T>(factory: (task: TaskInfo) => Observable<T>, options: ObservableSourceOptions): ObservableSource<T> {
  const config = observableSourceConfig(options);
  const stats: ObservableSourceStats = { dropped: 0, received: 0 };
  return {
    boundedness: config.boundedness,
    name: config.name,
    stats,
    createReader(task): SourceReader<T> {
      const ring: (T | undefined)[] = new Array<T | undefined>(config.bufferSize);
      let head = 0;
      let size = 0;
      let completed = false;
      let failure: unknown;
      let subscription: Subscription | undefined;
      let notify: (() => void) | undefined;
      const wake = (): void => {
        const n = notify;
        notify = undefined;
        n?.();
      };
      return {
        open() {
          subscription = factory(task).subscribe({
            next(value) {
              stats.received++;
              if (failure !== undefined) return;
              if (size === config.bufferSize) {
                if (config.overflow === 'error') {
                  failure = new WeirError(
                    'ERR_SOURCE_OVERFLOW',
                    `source '${task.stepId}' buffered ${config.bufferSize} records and the Observable kept emitting (overflow policy 'error')`,
                    { domain: 'user', stepId: task.stepId },
                  );
                  subscription?.unsubscribe();
                  wake();
                  return;
                }
                ring[head] = undefined;
                head = (head + 1) % config.bufferSize;
                size--;
                stats.dropped++;
              }
              ring[(head + size) % config.bufferSize] = value;
              size++;
              wake();
            },
            error(err: unknown) {
              failure = err;
              wake();
            },
            complete() {
              completed = true;
              wake();
            },
          });
        },
        pollNext(output, max) {
          for (let n = 0; n < max && size > 0; n++) {
            const value = ring[head] as T;
            ring[head] = undefined;
            head = (head + 1) % config.bufferSize;
            size--;
            output.collect(value);
          }
          if (failure !== undefined) throw failure;
          if (size > 0) return 'more';
          return completed ? 'end' : 'blocked';
        },
        available() {
          if (size > 0 || completed || failure !== undefined) return Promise.resolve();
          return new Promise<void>((resolve) => {
            notify = resolve;
          });
        },
        close() {
          subscription?.unsubscribe();
          wake();
        },
      };
    },
  };
}
