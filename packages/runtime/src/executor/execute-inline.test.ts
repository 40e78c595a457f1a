import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  OutputTag,
  StreamEnvironment,
  WatermarkStrategy,
  WeirError,
  mapState,
  resultSink,
  tumblingEventTimeWindows,
  valueState,
  type KeyedProcessFn,
  type Source,
  type ValueState,
} from '@weir/operators';
import { executeInline } from './execute-inline.js';

const ts = <T extends { t: number }>() => WatermarkStrategy.forMonotonousTimestamps<T>().withTimestampAssigner((e) => e.t);

describe('executeInline (same-thread mini-cluster)', () => {
  for (const parallelism of [1, 2, 3]) {
    it(`counts words correctly at parallelism ${parallelism}`, async () => {
      const lines = Array.from({ length: 200 }, (_, i) => `a b ${i % 7} c${i % 3}`);
      const env = new StreamEnvironment({ parallelism });
      env
        .fromCollection('lines', lines)
        .flatMap<[string, number]>('split', (l, out) => {
          for (const w of l.split(' ')) out.collect([w, 1]);
        })
        .keyBy((p) => p[0])
        .reduce('count', (a, b) => [a[0], a[1] + b[1]])
        .sinkTo('out', resultSink('counts'));
      const result = await executeInline(env, { batchSize: 16 }).done;
      const totals = new Map<string, number>();
      for (const [w, n] of result.results.get('counts') as [string, number][]) totals.set(w, Math.max(n, totals.get(w) ?? 0));
      const expected = new Map<string, number>();
      for (const l of lines) for (const w of l.split(' ')) expected.set(w, (expected.get(w) ?? 0) + 1);
      assert.deepEqual(new Map([...totals].sort()), new Map([...expected].sort()));
      assert.equal(result.status, 'FINISHED');
      assert.equal(result.counts.get('split')?.recordsIn, 200);
    });
  }

  it('takes the minimum watermark over a union and fires windows at the end of input', async () => {
    const env = new StreamEnvironment({ parallelism: 2 });
    const a = env.fromCollection('a', [{ t: 1000, v: 1 }, { t: 5000, v: 2 }, { t: 12_000, v: 4 }], ts());
    const b = env.fromCollection('b', [{ t: 2000, v: 10 }, { t: 9000, v: 20 }], ts());
    a.union(b)
      .keyBy(() => 'all')
      .window(tumblingEventTimeWindows(10_000))
      .reduce('sum', (x, y) => ({ t: Math.max(x.t, y.t), v: x.v + y.v }))
      .sinkTo('out', resultSink('sums'));
    const result = await executeInline(env).done;
    const sums = (result.results.get('sums') as { v: number }[]).map((r) => r.v).sort((x, y) => x - y);
    assert.deepEqual(sums, [4, 33]);
  });

  it('joins two keyed streams on an event-time interval', async () => {
    type Click = { user: string; t: number };
    type View = { user: string; t: number; page: string };
    const byT = <T extends { t: number }>() => WatermarkStrategy.forMonotonousTimestamps<T>().withTimestampAssigner((e) => e.t);
    const env = new StreamEnvironment({ parallelism: 2 });
    const views = env.fromCollection('views', [{ user: 'a', t: 1000, page: 'home' }, { user: 'b', t: 1500, page: 'cart' }, { user: 'a', t: 9000, page: 'faq' }], byT<View>());
    const clicks = env.fromCollection('clicks', [{ user: 'a', t: 1200 }, { user: 'b', t: 5000 }, { user: 'a', t: 9100 }], byT<Click>());
    views
      .keyBy((v) => v.user)
      .intervalJoin(clicks.keyBy((c) => c.user))
      .between(0, 1000)
      .process<string>('view-then-click', (v, c, ctx, out) => out.collect(`${v.user}:${v.page}@${ctx.timestamp}`))
      .sinkTo('out', resultSink('joined'));
    const joined = ((await executeInline(env).done).results.get('joined') as string[]).sort();
    assert.deepEqual(joined, ['a:faq@9100', 'a:home@1200']);
  });

  it('routes side outputs to their own consumers', async () => {
    const odd = new OutputTag<number>('odd');
    const env = new StreamEnvironment();
    const evens = env.fromCollection('n', [1, 2, 3, 4, 5]).process<number>('split', {
      processElement(v, ctx, out) {
        if (v % 2 === 0) out.collect(v);
        else ctx.output(odd, v);
      },
    });
    evens.sinkTo('evens', resultSink('evens'));
    evens.getSideOutput(odd).map('neg', (v) => -v).sinkTo('odds', resultSink('odds'));
    const result = await executeInline(env).done;
    assert.deepEqual(result.results.get('evens'), [2, 4]);
    assert.deepEqual(result.results.get('odds'), [-1, -3, -5]);
  });

  it('joins events with broadcast configuration through broadcast state', async () => {
    const names = mapState<string, string>('names');
    const env = new StreamEnvironment({ parallelism: 2 });
    const config = env.fromCollection('config', [{ id: 'a', name: 'Ada' }, { id: 'b', name: 'Bob' }]).setParallelism(1);
    const events = env.fromCollection('events', ['a', 'b', 'a', 'x']);
    // The configuration is read first: its source ends before the events are released.
    events
      .keyBy((e) => e)
      .connect(config.broadcast(names))
      .process<string>('enrich', {
        processElement(id, ctx, out) {
          out.collect(`${id}=${ctx.getBroadcastState(names).get(id) ?? '?'}`);
        },
        processBroadcastElement(c, ctx) {
          ctx.getBroadcastState(names).put(c.id, c.name);
        },
      })
      .sinkTo('out', resultSink('enriched'));
    const result = await executeInline(env).done;
    const out = (result.results.get('enriched') as string[]).sort();
    assert.equal(out.length, 4);
    assert.ok(out.every((s) => /^[abx]=/.test(s)));
  });

  it('gives each parallel subtask in one thread its own instance of a function object', async () => {
    // Regression: open() of subtask 2 used to overwrite the state handle subtask 1 kept on `this`.
    interface Summer extends KeyedProcessFn<number, number, number> {
      total?: ValueState<number>;
    }
    const summer: Summer = {
      open(ctx) {
        this.total = ctx.getState(valueState<number>('total'));
      },
      processElement(v, _ctx, out) {
        this.total!.update((this.total!.value() ?? 0) + v);
        out.collect(this.total!.value()!);
      },
    };
    const env = new StreamEnvironment({ parallelism: 2 });
    env.fromCollection('n', Array.from({ length: 100 }, (_, i) => i)).keyBy((x) => x % 7).process('sum', summer).sinkTo('out', resultSink('sums'));
    const sums = (await executeInline(env).done).results.get('sums') as number[];
    assert.equal(sums.length, 100);
    assert.equal(Math.max(...sums), Math.max(...[0, 1, 2, 3, 4, 5, 6].map((k) => Array.from({ length: 100 }, (_, i) => i).filter((i) => i % 7 === k).reduce((a, b) => a + b, 0))));
  });

  it('fails the job with the step id and the cause when a user function throws', async () => {
    const env = new StreamEnvironment();
    env
      .fromCollection('n', [1, 2, 3])
      .map('explode', (v) => {
        if (v === 2) throw new TypeError('two is not allowed');
        return v;
      })
      .sinkTo('out', resultSink('out'));
    await assert.rejects(executeInline(env).done, (err: unknown) => {
      assert.ok(err instanceof WeirError);
      assert.equal(err.code, 'ERR_JOB_FAILED');
      assert.equal(err.stepId, 'explode');
      assert.match(err.message, /failed in step 'explode': step 'explode' failed: two is not allowed/);
      const cause = err.cause as WeirError;
      assert.equal(cause.code, 'ERR_USER_FUNCTION');
      assert.ok(cause.cause instanceof TypeError);
      return true;
    });
  });

  it('rejects an invalid graph before running anything', () => {
    const env = new StreamEnvironment();
    let ran = false;
    env.fromCollection('n', [1]).forward().map('m', (v) => (ran = true) && v).setParallelism(2);
    assert.throws(() => executeInline(env), { code: 'ERR_GRAPH_INVALID' });
    assert.equal(ran, false);
  });

  it('bounds the records in flight when a slow sink back-pressures an unbounded source', async () => {
    const batchSize = 32;
    const credits = 2;
    let emitted = 0;
    let received = 0;
    let maxInFlight = 0;
    const endless: Source<number> = {
      boundedness: 'unbounded',
      name: 'endless',
      createReader: () => ({
        pollNext(out, max) {
          for (let i = 0; i < max; i++) out.collect(emitted++);
          return 'more';
        },
      }),
    };
    const env = new StreamEnvironment();
    env
      .fromSource('endless', endless)
      .rebalance()
      .map('pass', (v) => v)
      .sinkTo('slow', {
        name: 'slow',
        createWriter: () => ({
          write() {
            const until = performance.now() + 0.02;
            while (performance.now() < until);
            received++;
            maxInFlight = Math.max(maxInFlight, emitted - received);
          },
        }),
      });
    const job = executeInline(env, { batchSize, credits });
    while (received < 5000) await new Promise((r) => setTimeout(r, 20));
    await job.cancel();
    const result = await job.done;
    assert.equal(result.status, 'CANCELED');
    // One source→map channel: `credits` batches queued at the receiver, one being processed,
    // one waiting for credit and one being filled.
    const bound = (credits + 3) * batchSize;
    assert.ok(maxInFlight <= bound, `in flight ${maxInFlight} exceeds the bound ${bound}`);
    assert.ok(emitted - received <= bound, `in flight at the end ${emitted - received}`);
  });
});
