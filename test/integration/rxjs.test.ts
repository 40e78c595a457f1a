import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Subject, interval, map, range, take, toArray, firstValueFrom } from 'rxjs';
import { StreamEnvironment, WeirError, resultSink } from '@weir/operators';
import { observableSink, observableSource } from '@weir/connectors/rxjs';
import { executeInline } from '@weir/runtime';

describe('rxjs interop (connectors + runtime)', () => {
  it('reads a completing Observable in parallel subtasks and ends the job', async () => {
    // range() emits all of its values synchronously on subscribe: the buffer must hold the burst.
    const source = observableSource((task) => range(0, 1000).pipe(map((i) => i * task.parallelism + task.subtaskIndex)), {
      bufferSize: 1000,
      overflow: 'error',
    });
    const env = new StreamEnvironment({ parallelism: 2 });
    env.fromSource('numbers', source).map('double', (x) => x * 2).sinkTo('out', resultSink('out'));
    const result = await executeInline(env).done;
    const out = (result.results.get('out') as number[]).sort((a, b) => a - b);
    assert.deepEqual(out, Array.from({ length: 2000 }, (_, i) => i * 2));
    assert.equal(source.stats.received, 2000);
    assert.equal(source.stats.dropped, 0);
  });

  it('drops the oldest records and counts them when the buffer overflows under drop-oldest', async () => {
    const subject = new Subject<number>();
    const source = observableSource(() => subject, { bufferSize: 10, overflow: 'drop-oldest' });
    const env = new StreamEnvironment();
    env.fromSource('burst', source).sinkTo('out', resultSink('out'));
    const job = executeInline(env);
    await new Promise((r) => setTimeout(r, 20));
    // A synchronous burst: nothing drains the buffer until it returns.
    for (let i = 0; i < 100; i++) subject.next(i);
    subject.complete();
    const result = await job.done;
    assert.deepEqual(result.results.get('out'), Array.from({ length: 10 }, (_, i) => 90 + i));
    assert.equal(source.stats.dropped, 90);
    assert.equal(source.stats.received, 100);
  });

  it('fails the job with ERR_SOURCE_OVERFLOW when the buffer overflows under error', async () => {
    const subject = new Subject<number>();
    const source = observableSource(() => subject, { bufferSize: 5, overflow: 'error' });
    const env = new StreamEnvironment();
    env.fromSource('burst', source).sinkTo('out', resultSink('out'));
    const job = executeInline(env);
    await new Promise((r) => setTimeout(r, 20));
    for (let i = 0; i < 6; i++) subject.next(i);
    await assert.rejects(job.done, (err: unknown) => {
      assert.ok(err instanceof WeirError);
      assert.equal(err.code, 'ERR_JOB_FAILED');
      assert.equal(err.stepId, 'burst');
      assert.equal((err.cause as WeirError).code, 'ERR_SOURCE_OVERFLOW');
      return true;
    });
  });

  it('fails the job when the Observable errors', async () => {
    const subject = new Subject<number>();
    const env = new StreamEnvironment();
    env.fromSource('flaky', observableSource(() => subject, { bufferSize: 5, overflow: 'error' })).sinkTo('out', resultSink('out'));
    const job = executeInline(env);
    await new Promise((r) => setTimeout(r, 20));
    subject.error(new Error('upstream broke'));
    await assert.rejects(job.done, /upstream broke/);
  });

  it('runs an unbounded Observable until the job is cancelled', async () => {
    const env = new StreamEnvironment();
    env.fromSource('ticks', observableSource(() => interval(1), { bufferSize: 16, overflow: 'error', boundedness: 'unbounded' })).sinkTo('out', resultSink('ticks'));
    const job = executeInline(env);
    while (job.results('ticks').length < 5) await new Promise((r) => setTimeout(r, 5));
    await job.cancel();
    assert.equal((await job.done).status, 'CANCELED');
  });

  it('emits what an Observable sink writes and completes when the job ends', async () => {
    const { sink, output } = observableSink<string>();
    const collected = firstValueFrom(output.pipe(toArray()));
    const env = new StreamEnvironment({ parallelism: 2 });
    env.fromCollection('words', ['a', 'b', 'c', 'd']).map('upper', (s) => s.toUpperCase()).sinkTo('out', sink);
    await executeInline(env).done;
    assert.deepEqual((await collected).sort(), ['A', 'B', 'C', 'D']);
  });

  it('rejects a source without a positive buffer bound when it is built', () => {
    assert.throws(() => observableSource(() => range(0, 1).pipe(take(1)), { bufferSize: 0, overflow: 'error' }), { code: 'ERR_CONFIG_INVALID' });
  });
});
