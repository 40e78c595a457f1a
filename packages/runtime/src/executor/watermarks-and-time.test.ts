import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ManualClock,
  StreamEnvironment,
  WatermarkStrategy,
  resultSink,
  tumblingEventTimeWindows,
  tumblingProcessingTimeWindows,
  type Source,
} from '@weir/operators';
import { executeInline } from './execute-inline.js';

interface Ev {
  readonly k: string;
  readonly t: number;
}

/** An unbounded source that never emits: it holds back the watermark unless marked idle. */
const silent: Source<Ev> = {
  boundedness: 'unbounded',
  name: 'silent',
  createReader: () => ({ pollNext: () => 'blocked', available: () => new Promise<void>(() => {}) }),
};

/** An unbounded source that emits the given events once, then nothing. */
function thenSilent(events: readonly Ev[]): Source<Ev> {
  return {
    boundedness: 'unbounded',
    name: 'burst',
    createReader: () => {
      let sent = false;
      return {
        pollNext(out) {
          if (!sent) for (const e of events) out.collect(e);
          sent = true;
          return 'blocked';
        },
        available: () => new Promise<void>(() => {}),
      };
    },
  };
}

const byT = WatermarkStrategy.forMonotonousTimestamps<Ev>().withTimestampAssigner((e) => e.t);
// Result sinks here send every record at once (batch size 1): these jobs never end, so a
// batching sink would hold its records until cancellation.
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function windowedUnion(env: StreamEnvironment, silentStrategy: WatermarkStrategy<Ev>): void {
  const busy = env.fromCollection('busy', [{ k: 'a', t: 1000 }, { k: 'a', t: 2000 }, { k: 'a', t: 15_000 }], byT);
  const quiet = env.fromSource('quiet', silent, silentStrategy);
  busy
    .union(quiet)
    .keyBy((e) => e.k)
    .window(tumblingEventTimeWindows(10_000))
    .process<string>('count', { process: (key, ctx, els, out) => out.collect(`${key}[${ctx.window.start},${ctx.window.end})=${els.length}`) })
    .sinkTo('out', resultSink('windows', 1));
}

describe('watermarks and time in the runtime', () => {
  it('a silent input holds back the watermark of a union: no window fires', async () => {
    const env = new StreamEnvironment();
    windowedUnion(env, byT);
    const job = executeInline(env);
    await sleep(300);
    assert.deepEqual(job.results('windows'), []);
    await job.cancel();
  });

  it('an idle input stops holding back the watermark once its idleness timeout passed', async () => {
    const env = new StreamEnvironment();
    windowedUnion(env, byT.withIdleness(50));
    const job = executeInline(env);
    while (job.results('windows').length < 2) await sleep(10);
    await job.cancel();
    assert.deepEqual(job.results('windows'), ['a[0,10000)=2', 'a[10000,20000)=1']);
  });

  it('a two-input operator fires event-time timers only when both inputs passed them', async () => {
    const env = new StreamEnvironment();
    const left = env.fromCollection('left', [{ k: 'x', t: 1000 }], byT).keyBy((e) => e.k);
    const right = env.fromSource('right', thenSilent([{ k: 'x', t: 500 }]), byT).keyBy((e) => e.k);
    left
      .connect(right)
      .process<string>('join', {
        processElement1: (e, ctx) => ctx.timers.registerEventTimeTimer(5000),
        processElement2: (e, ctx, out) => out.collect(`right ${e.t}`),
        onTimer: (ts, _ctx, out) => out.collect(`timer ${ts}`),
      })
      .sinkTo('out', resultSink('out', 1));
    const job = executeInline(env);
    while (job.results('out').length < 1) await sleep(10);
    await sleep(200);
    // The left input ended (watermark +∞) but the right one sits at 499: the timer at 5000 waits.
    assert.deepEqual(job.results('out'), ['right 500']);
    await job.cancel();
  });

  it('processing-time windows fire on the injected clock', async () => {
    const clock = new ManualClock(0);
    const env = new StreamEnvironment();
    env
      .fromSource('events', thenSilent([{ k: 'a', t: 0 }, { k: 'a', t: 0 }, { k: 'b', t: 0 }]))
      .keyBy((e) => e.k)
      .window(tumblingProcessingTimeWindows(1000))
      .process<string>('count', { process: (key, ctx, els, out) => out.collect(`${key}@${ctx.window.end}:${els.length}`) })
      .sinkTo('out', resultSink('out', 1));
    const job = executeInline(env, { clock });
    await sleep(150);
    assert.deepEqual(job.results('out'), [], 'nothing fires before the clock reaches the window end');
    clock.set(1000);
    while (job.results('out').length < 2) await sleep(10);
    await job.cancel();
    assert.deepEqual([...job.results('out')].sort(), ['a@1000:2', 'b@1000:1']);
  });

  it('tracks watermarks per split: a lagging split holds the watermark back, an idle one stops holding it', async () => {
    // Split a runs ahead (t = 20 s …), split b lags (t = 1 s …); then b goes silent.
    let polls = 0;
    const splitted: Source<Ev> = {
      boundedness: 'unbounded',
      name: 'partitions',
      createReader: () => ({
        pollNext(out) {
          polls++;
          if (polls === 1) {
            out.addSplit?.('a');
            out.addSplit?.('b');
          }
          if (polls === 1) for (let i = 0; i < 5; i++) out.collect({ k: 'x', t: 20_000 + i * 1000 }, undefined, 'a');
          if (polls === 2) for (let i = 0; i < 4; i++) out.collect({ k: 'x', t: 1000 + i * 1000 }, undefined, 'b');
          if (polls >= 3 && polls < 20) out.collect({ k: 'x', t: 30_000 + polls * 1000 }, undefined, 'a');
          return 'blocked';
        },
        available: () => new Promise<void>((r) => setTimeout(r, 10)),
      }),
    };
    const env = new StreamEnvironment();
    env
      .fromSource('partitions', splitted, byT.withIdleness(60))
      .keyBy((e) => e.k)
      .window(tumblingEventTimeWindows(10_000))
      .process<string>('count', { process: (_k, ctx, els, out) => out.collect(`[${ctx.window.start},${ctx.window.end})=${els.length}`) })
      .sinkTo('out', resultSink('out', 1));
    const job = executeInline(env);
    while (job.results('out').length < 2) await sleep(10);
    await job.cancel();
    // b's records were not late: a alone would have moved the watermark past them.
    assert.deepEqual(job.results('out').slice(0, 2), ['[0,10000)=4', '[20000,30000)=5']);
  });
});
