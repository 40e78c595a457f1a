/**
 * The job B5 measures: every record replaces its key's value in keyed state with a ~1 KB
 * string, so that `keys` keys hold about `keys` KB of state (100 MB at the default 100k),
 * which every checkpoint snapshots in full. Used in the calling thread (overhead) and as a
 * job module in worker threads (recovery). Args: records, keys, ratePerMs (0: unpaced).
 */
import { defineJob, indexedSource, resultSink, valueState, type Sink, type Source, type StreamEnvironment, type ValueState } from '@weir/operators';

/** One update of one key. */
export interface Update {
  readonly n: number;
  readonly key: number;
}

const PAYLOADS = Array.from({ length: 64 }, (_, i) => String.fromCharCode(65 + (i % 26)).repeat(1000) + String(i));

/** Updates 0 … records − 1 over `keys` keys, split over subtasks; paced when ratePerMs > 0. */
export function updates(records: number, keys: number, ratePerMs: number): Source<Update> {
  return indexedSource(records, (n) => ({ n, key: n % keys }), { name: 'updates', ratePerMs });
}

/** Adds the stateful step: keeps a ~1 KB value per key and emits each update's number. */
export function stateJob(env: StreamEnvironment, source: Source<Update>, sink: Sink<number>): void {
  env
    .fromSource('updates', source)
    .keyBy((u) => u.key)
    .process<number>('keep', {
      open(ctx) {
        (this as { value?: ValueState<string> }).value = ctx.getState(valueState<string>('payload'));
      },
      processElement(u, _ctx, out) {
        (this as { value?: ValueState<string> }).value!.update(PAYLOADS[u.n % PAYLOADS.length]!);
        out.collect(u.n);
      },
    })
    .sinkTo('out', sink);
}

export default defineJob((env, args) => {
  stateJob(env, updates(Number(args.records), Number(args.keys), Number(args.ratePerMs ?? '0')), resultSink<number>('out', 256));
});
