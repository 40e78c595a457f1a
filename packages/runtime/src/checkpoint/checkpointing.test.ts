import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { StreamEnvironment, WatermarkStrategy, WeirError, indexedSource, tumblingEventTimeWindows } from '@weir/operators';
import { collectSink } from '@weir/operators/testing';
import { executeInline } from '../executor/execute-inline.js';

interface Reading {
  readonly sensor: number;
  readonly t: number;
  readonly v: number;
}

const N = 6000;
const readings: Reading[] = Array.from({ length: N }, (_, i) => ({ sensor: i % 7, t: i * 10, v: (i * 37) % 101 }));

/** Sums per sensor and 1-second window, what the job computes. */
function expected(): string[] {
  const sums = new Map<string, number>();
  for (const r of readings) {
    const key = `${r.sensor}@${Math.floor(r.t / 1000) * 1000}`;
    sums.set(key, (sums.get(key) ?? 0) + r.v);
  }
  return [...sums].map(([k, v]) => `${k}=${v}`).sort();
}

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function storageRoot(): string {
  const dir = mkdtempSync(join(tmpdir(), 'weir-chk-'));
  dirs.push(dir);
  return pathToFileURL(dir).href;
}

function windowedJob(env: StreamEnvironment, sink: ReturnType<typeof collectSink<string>>, failAt: { value: number; failed: boolean }, sumStep = 'sum'): void {
  env
    .fromSource('readings', indexedSource(N, (i) => readings[i]!, { name: 'readings', ratePerMs: 25 }), WatermarkStrategy.forMonotonousTimestamps<Reading>().withTimestampAssigner((r) => r.t))
    .map('maybe-fail', (r) => {
      if (!failAt.failed && r.t === failAt.value) {
        failAt.failed = true;
        throw new Error(`injected failure at t=${r.t}`);
      }
      return r;
    })
    .keyBy((r) => r.sensor)
    .window(tumblingEventTimeWindows(1000))
    .aggregate(sumStep, {
      createAccumulator: () => 0,
      add: (r: Reading, acc: number) => acc + r.v,
      getResult: (acc: number) => acc,
      merge: (a: number, b: number) => a + b,
    }, { process: (key, ctx, sums, out) => out.collect(`${key}@${ctx.window.start}=${sums[0]}`) })
    .sinkTo('out', sink);
}

describe('checkpoints and recovery (same thread, file storage)', () => {
  for (const parallelism of [1, 2]) {
    it(`recovers from a failure mid-stream with exactly-once output at parallelism ${parallelism}`, async () => {
      const sink = collectSink<string>();
      const failAt = { value: (N / 2) * 10, failed: false };
      const env = new StreamEnvironment({ parallelism });
      windowedJob(env, sink, failAt);
      const job = executeInline(env, {
        checkpoints: { intervalMs: 30, storage: { root: storageRoot() } },
        restartStrategy: { kind: 'fixed-delay', attempts: 3, delayMs: 10 },
      });
      const result = await job.done;
      assert.equal(result.status, 'FINISHED');
      assert.equal(failAt.failed, true);
      assert.equal(job.restarts, 1);
      assert.equal(job.exceptionHistory.length, 1);
      assert.equal(job.exceptionHistory[0]!.stepId, 'maybe-fail');
      assert.match(job.exceptionHistory[0]!.error.message, /injected failure/);
      const { counts } = job.checkpoints();
      assert.ok(counts.completed >= 2, `completed ${counts.completed} checkpoints`);
      // Records were replayed after the restore, but every committed window result is there exactly once.
      assert.deepEqual(sink.committedValues().sort(), expected());
      assert.ok(sink.values().length >= expected().length);
    });
  }

  it('in at-least-once mode (no alignment) recovers with every result committed at least once', async () => {
    const sink = collectSink<string>();
    const failAt = { value: (N / 3) * 10, failed: false };
    const env = new StreamEnvironment({ parallelism: 2 });
    windowedJob(env, sink, failAt);
    const job = executeInline(env, {
      checkpoints: { intervalMs: 30, mode: 'at-least-once', storage: { root: storageRoot() } },
      restartStrategy: { kind: 'fixed-delay', attempts: 3, delayMs: 10 },
    });
    assert.equal((await job.done).status, 'FINISHED');
    assert.equal(job.restarts, 1);
    assert.deepEqual([...new Set(sink.committedValues())].sort(), expected());
  });

  it('takes a savepoint at parallelism 2 and resumes it at 1 and 3 with the same final result', async () => {
    const root = storageRoot();
    const first = collectSink<string>();
    const env = new StreamEnvironment({ parallelism: 2 });
    windowedJob(env, first, { value: -1, failed: true });
    const job = executeInline(env, { checkpoints: { intervalMs: 30, storage: { root } } });
    while (job.checkpoints().counts.completed < 2) await new Promise((r) => setTimeout(r, 5));
    const savepoint = await job.stopWithSavepoint();
    assert.equal((await job.done).status, 'CANCELED');
    for (const parallelism of [1, 3]) {
      // The resumed job commits again what the savepoint staged (as a restored sink must);
      // a fork of the first sink counts those epochs once, like an idempotent real sink.
      const sink = first.fork();
      const resumed = new StreamEnvironment({ parallelism });
      windowedJob(resumed, sink, { value: -1, failed: true });
      const run = executeInline(resumed, { checkpoints: { intervalMs: 30, storage: { root } }, restore: { pointer: savepoint.pointer } });
      assert.equal((await run.done).status, 'FINISHED');
      // What the first run committed, plus what the savepoint staged (committed on restore), plus the rest.
      assert.deepEqual(sink.committedValues().sort(), expected(), `parallelism ${parallelism}`);
    }
  });

  it('refuses state of a step the job no longer has, unless allowNonRestoredState', async () => {
    const root = storageRoot();
    const build = (sumStep: string) => {
      const env = new StreamEnvironment();
      windowedJob(env, collectSink<string>(), { value: -1, failed: true }, sumStep);
      return env;
    };
    const job = executeInline(build('sum'), { checkpoints: { intervalMs: 20, storage: { root } } });
    while (job.checkpoints().counts.completed < 1) await new Promise((r) => setTimeout(r, 5));
    const savepoint = await job.stopWithSavepoint();
    await job.done;
    const refused = executeInline(build('renamed-sum'), { checkpoints: { intervalMs: 1000, storage: { root } }, restore: { pointer: savepoint.pointer } });
    await assert.rejects(refused.done, (err: unknown) => err instanceof WeirError && err.code === 'ERR_CHECKPOINT_STATE_UNMAPPED' && /'sum'/.test(err.message));
    const allowed = executeInline(build('renamed-sum'), {
      checkpoints: { intervalMs: 1000, storage: { root } },
      restore: { pointer: savepoint.pointer, allowNonRestoredState: true },
    });
    assert.equal((await allowed.done).status, 'FINISHED');
  });

  it('keeps only the newest retained checkpoints in storage', async () => {
    const root = storageRoot();
    const env = new StreamEnvironment();
    windowedJob(env, collectSink<string>(), { value: -1, failed: true });
    const job = executeInline(env, { jobId: 'a'.repeat(32), checkpoints: { intervalMs: 20, retained: 2, storage: { root } } });
    await job.done;
    const { createFileCheckpointStorage } = await import('./storage/file-checkpoint-storage.js');
    const storage = createFileCheckpointStorage(root);
    // Older checkpoints are removed in the background after each completion.
    let ids = await storage.listCompletedCheckpoints('a'.repeat(32));
    for (let i = 0; i < 100 && ids.length > 2; i++) {
      await new Promise((r) => setTimeout(r, 10));
      ids = await storage.listCompletedCheckpoints('a'.repeat(32));
    }
    assert.ok(job.checkpoints().counts.completed > 2);
    assert.equal(ids.length, 2);
    assert.equal(ids.at(-1), job.checkpoints().latest!.id);
  });
});
