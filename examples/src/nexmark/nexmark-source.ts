/**
 * Weir sources of Nexmark events: one over the generator (what jobs and tests read) and one
 * over events generated beforehand into memory (what benchmarks read, so that generation is
 * not timed), with the watermark strategy every Nexmark query declares.
 *
 * @module
 */

import { WatermarkStrategy, type Source, type SourceReader, type TaskInfo } from '@weir/operators';
import type { GeneratorConfig } from './generator-config.js';
import { eventTimestamp, nexmarkEvents, WATERMARK_DELAY_MS } from './generator.js';
import type { NexmarkEvent } from './model.js';

/**
 * What a Nexmark source reader checkpoints: the number of the next event it will emit. It is
 * an event number of the reader's own split (`n % parallelism === subtaskIndex`), or any
 * number at or past the end when the split is exhausted.
 */
export interface NexmarkSourcePosition {
  readonly nextEventNumber: number;
}

/** The first event number at or after `from` that belongs to split `index` of `count`. */
function firstOfSplit(from: number, index: number, count: number): number {
  return from + ((index - (from % count) + count) % count);
}

/** Reads a snapshot written by `snapshotState`, rejecting anything else. */
function positionOf(snapshot: unknown, source: string): number {
  const n = (snapshot as Partial<NexmarkSourcePosition> | null | undefined)?.nextEventNumber;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) {
    throw new TypeError(`${source}: cannot restore from ${JSON.stringify(snapshot)}; expected { nextEventNumber: <non-negative integer> }`);
  }
  return n;
}

/**
 * A source of the Nexmark events `config` describes: bounded with `config.maxEvents` events,
 * unbounded when `maxEvents` is 0 (Nexmark's default).
 *
 * Subtask `i` of `p` emits the event numbers `n` with `n % p === i`, in increasing order, so
 * the parallel readers partition the stream exactly and every query result is independent of
 * the parallelism. Each event is a pure function of `(config, n)`, so the position a reader
 * checkpoints is just its next event number ({@link NexmarkSourcePosition}): a restored reader
 * resumes exactly after the last event it emitted. Event time is not paced by the wall clock:
 * a reader emits as fast as it is polled (the config's rate only spaces the timestamps).
 *
 * `config` must be plain data (it is: see `createGeneratorConfig`); the job module that
 * builds the source runs again in every worker, which builds an equal config from the same
 * arguments. Pair the source with {@link nexmarkWatermarks}.
 */
export function nexmarkSource(config: GeneratorConfig, name = 'nexmark'): Source<NexmarkEvent> {
  return {
    boundedness: config.maxEvents > 0 ? 'bounded' : 'unbounded',
    name,
    createReader(ctx: TaskInfo): SourceReader<NexmarkEvent> {
      const step = ctx.parallelism;
      const end = config.maxEvents > 0 ? config.maxEvents : Number.POSITIVE_INFINITY;
      let next = ctx.subtaskIndex;
      // Made on the first poll, after any restore: it reuses one random generator for the split.
      let events: Iterator<NexmarkEvent> | undefined;
      return {
        pollNext(output, max) {
          events ??= nexmarkEvents(config, { splitIndex: ctx.subtaskIndex, splitCount: step, fromEventNumber: next })[Symbol.iterator]();
          for (let i = 0; i < max && next < end; i++) {
            const r = events.next();
            if (r.done === true) break;
            output.collect(r.value);
            next += step;
          }
          return next < end ? 'more' : 'end';
        },
        snapshotState: (): NexmarkSourcePosition => ({ nextEventNumber: next }),
        restoreState(snapshot) {
          // Realigned to this reader's split, should the parallelism have changed since the snapshot.
          next = firstOfSplit(positionOf(snapshot, name), ctx.subtaskIndex, step);
          events = undefined;
        },
      };
    },
  };
}

/**
 * A bounded source over events generated beforehand (for benchmarks: generation is then not
 * part of what is timed). Subtask `i` of `p` emits `events[n]` for `n % p === i`, like
 * {@link nexmarkSource}, and checkpoints the same {@link NexmarkSourcePosition}. The array is
 * shared, not copied: it must not change while a job reads it, and it exists only in the
 * thread that built it, so use this source with `executeInline` (a job module run in worker
 * threads would need every worker to build the same array).
 */
export function nexmarkArraySource(events: readonly NexmarkEvent[], name = 'nexmark-array'): Source<NexmarkEvent> {
  return {
    boundedness: 'bounded',
    name,
    createReader(ctx: TaskInfo): SourceReader<NexmarkEvent> {
      const step = ctx.parallelism;
      const end = events.length;
      let next = ctx.subtaskIndex;
      return {
        pollNext(output, max) {
          for (let i = 0; i < max && next < end; i++, next += step) output.collect(events[next]!);
          return next < end ? 'more' : 'end';
        },
        snapshotState: (): NexmarkSourcePosition => ({ nextEventNumber: next }),
        restoreState(snapshot) {
          next = firstOfSplit(positionOf(snapshot, name), ctx.subtaskIndex, step);
        },
      };
    },
  };
}

/** The event-time timestamp of a Nexmark event for a watermark strategy. */
const nexmarkTimestamp = (event: NexmarkEvent): number => eventTimestamp(event);

/**
 * The watermark strategy of the Nexmark suite (`WATERMARK FOR dateTime AS dateTime - INTERVAL
 * '4' SECOND`): each event's timestamp is its record's `dateTime`, and the watermark trails
 * the largest timestamp seen by {@link WATERMARK_DELAY_MS} (4 s), so an event up to 4 s older
 * than the newest one seen is still on time. The generator with its default settings emits
 * every split in time order, so nothing is ever late.
 */
export function nexmarkWatermarks(): WatermarkStrategy<NexmarkEvent> {
  return WatermarkStrategy.forBoundedOutOfOrderness<NexmarkEvent>(WATERMARK_DELAY_MS).withTimestampAssigner(nexmarkTimestamp);
}
