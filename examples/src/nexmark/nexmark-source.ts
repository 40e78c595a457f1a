/**
 * Weir sources of Nexmark events: one over the generator (what jobs and tests read) and one
 * over events generated beforehand into memory (what benchmarks read, so that generation is
 * not timed), with the watermark strategy every Nexmark query declares.
 *
 * @module
 */

import { StridedSplits, WatermarkStrategy, type Source, type SourceReader, type TaskInfo } from '@weir/operators';
import type { GeneratorConfig } from './generator-config.js';
import { eventTimestamp, nexmarkEvents, WATERMARK_DELAY_MS } from './generator.js';
import type { NexmarkEvent } from './model.js';

/**
 * A source of the Nexmark events `config` describes: bounded with `config.maxEvents` events,
 * unbounded when `maxEvents` is 0 (Nexmark's default).
 *
 * Subtask `i` of `p` emits the event numbers `n` with `n % p === i`, in increasing order, so
 * the parallel readers partition the stream exactly and every query result is independent of
 * the parallelism. Each event is a pure function of `(config, n)`, so the position a reader
 * checkpoints is just its next event number per split (`StridedSplits`): a restored reader
 * resumes exactly after the last event it emitted, also at another parallelism. Event time is not paced by the wall clock:
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
      const end = config.maxEvents > 0 ? config.maxEvents : Number.POSITIVE_INFINITY;
      let splits = StridedSplits.initial(ctx.subtaskIndex, ctx.parallelism);
      // One generator per split, made on its first read (after any restore): each reuses one
      // random generator for its split's events.
      let iterators: (Iterator<NexmarkEvent> | undefined)[] = [];
      return {
        pollNext(output, max) {
          const more = splits.read(max, end, (n, i) => {
            let events = iterators[i];
            if (events === undefined) {
              const split = splits.current[i]!;
              events = nexmarkEvents(config, { splitIndex: split.offset, splitCount: split.stride, fromEventNumber: n })[Symbol.iterator]();
              iterators[i] = events;
            }
            output.collect(events.next().value as NexmarkEvent);
          });
          return more ? 'more' : 'end';
        },
        snapshotState: () => splits.snapshot(),
        restoreState(states) {
          splits = StridedSplits.restore(states, name);
          iterators = [];
        },
      };
    },
  };
}

/**
 * A bounded source over events generated beforehand (for benchmarks: generation is then not
 * part of what is timed). Subtask `i` of `p` emits `events[n]` for `n % p === i`, like
 * {@link nexmarkSource}, and checkpoints its positions the same way. The array is
 * shared, not copied: it must not change while a job reads it, and it exists only in the
 * thread that built it, so use this source with `executeInline` (a job module run in worker
 * threads would need every worker to build the same array).
 */
export function nexmarkArraySource(events: readonly NexmarkEvent[], name = 'nexmark-array'): Source<NexmarkEvent> {
  return {
    boundedness: 'bounded',
    name,
    createReader(ctx: TaskInfo): SourceReader<NexmarkEvent> {
      let splits = StridedSplits.initial(ctx.subtaskIndex, ctx.parallelism);
      return {
        pollNext(output, max) {
          return splits.read(max, events.length, (n) => output.collect(events[n]!)) ? 'more' : 'end';
        },
        snapshotState: () => splits.snapshot(),
        restoreState(states) {
          splits = StridedSplits.restore(states, name);
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
