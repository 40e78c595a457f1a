import { Subject, type Observable } from 'rxjs';
import type { Sink } from '@weir/operators';

/** A sink and the Observable of what it writes. */
export interface ObservableSink<T> {
  readonly sink: Sink<T>;
  /** Emits every record written by any subtask; completes when every subtask has finished. */
  readonly output: Observable<T>;
}

/**
 * A sink whose records come out of an rxjs Observable — for jobs run in the same thread as
 * the code that subscribes (`executeInline`); in worker threads use a real sink or a
 * result sink. Subscribers are called synchronously from the job's hot path, so they must
 * be quick and must not throw.
 */
export function observableSink<T>(name = 'observable'): ObservableSink<T> {
  const subject = new Subject<T>();
  let open = 0;
  return {
    output: subject.asObservable(),
    sink: {
      name,
      createWriter() {
        open++;
        let done = false;
        const end = (): void => {
          if (done) return;
          done = true;
          if (--open === 0) subject.complete();
        };
        return {
          write: (value) => subject.next(value),
          flush: end,
          close: end,
        };
      },
    },
  };
}
