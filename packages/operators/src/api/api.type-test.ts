/*
 * Type-level tests of the job author's API. This file is type-checked with the package
 * (`npm run typecheck`) and never run: each `@ts-expect-error` line must fail to compile,
 * so if a mistyped function were ever accepted, the unused directive would fail the build.
 */
import type { StreamEnvironment } from './stream-environment.js';
import { OutputTag } from './output-tag.js';
import { tumblingEventTimeWindows } from '../window/window-assigner.js';
import { valueState } from '../state/state-descriptor.js';
import type { Sink } from '../sink/sink.js';

interface Bid {
  readonly auction: number;
  readonly price: number;
}

declare const bidSink: Sink<Bid>;
declare const numberSink: Sink<number>;

export function typeTests(env: StreamEnvironment, bids: readonly Bid[]): void {
  const stream = env.fromCollection('bids', bids);

  // Types flow through the chain.
  const prices = stream.map('price', (b) => b.price);
  prices.sinkTo('prices-out', numberSink);
  // @ts-expect-error a stream of numbers cannot go into a sink of bids
  prices.sinkTo('wrong-sink', bidSink);
  // @ts-expect-error map's function receives a Bid, which has no `name`
  stream.map('name', (b) => b.name);
  // @ts-expect-error filter must return a boolean
  stream.filter('bad-filter', (b) => b.price);
  // @ts-expect-error flatMap's collector takes the declared output type
  stream.flatMap<string>('bad-flat', (b, out) => out.collect(b.price));

  // Keys: only strings and numbers, and keyed functions see the key type.
  // @ts-expect-error a key must be a string or a number
  stream.keyBy((b) => ({ id: b.auction }));
  const keyed = stream.keyBy((b) => b.auction);
  keyed.process<string>('keyed', {
    processElement(value, ctx, out) {
      const key: number = ctx.key;
      out.collect(`${key}:${value.price}`);
      // @ts-expect-error the key is a number, not a string
      const wrong: string = ctx.key;
      void wrong;
    },
  });
  // @ts-expect-error reduce must return the stream's type
  keyed.reduce('bad-reduce', (a, b) => a.price + b.price);

  // Windows exist only on keyed streams, and window functions are typed.
  keyed
    .window(tumblingEventTimeWindows(10_000))
    .aggregate('avg', {
      createAccumulator: () => ({ sum: 0, n: 0 }),
      add: (b, acc) => ({ sum: acc.sum + b.price, n: acc.n + 1 }),
      getResult: (acc) => acc.sum / acc.n,
      merge: (a, b) => ({ sum: a.sum + b.sum, n: a.n + b.n }),
    })
    .sinkTo('avg-out', numberSink);
  // @ts-expect-error a non-keyed stream has no window()
  stream.window(tumblingEventTimeWindows(10_000));

  // Side outputs carry their type.
  const late = new OutputTag<Bid>('late');
  const lateBids = keyed.window(tumblingEventTimeWindows(1000)).sideOutputLateData(late).reduce('max', (a, b) => (a.price > b.price ? a : b));
  lateBids.getSideOutput(late).sinkTo('late-out', bidSink);
  // @ts-expect-error the side output holds bids, not numbers
  lateBids.getSideOutput(late).sinkTo('late-wrong', numberSink);

  // State handles are typed by their descriptors.
  keyed.process<number>('stateful', {
    open(ctx) {
      const total = ctx.getState(valueState<number>('total'));
      // @ts-expect-error the state holds numbers
      total.update('x');
    },
    processElement() {},
  });

  // Connected streams keep both input types.
  stream.connect(prices).process<string>('co', {
    processElement1: (b, _ctx, out) => out.collect(String(b.auction)),
    processElement2: (p, _ctx, out) => out.collect(p.toFixed(2)),
  });
  stream.connect(prices).process<string>('co-wrong', {
    processElement1: (b, _ctx, out) => out.collect(String(b.auction)),
    // @ts-expect-error the second input is numbers, not bids
    processElement2: (p: Bid, _ctx, out) => out.collect(String(p.price)),
  });
}
