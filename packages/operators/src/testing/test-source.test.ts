import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TaskInfo } from '../api/operator-context.js';
import { WeirError } from '../errors/weir-error.js';
import type { PollStatus, SourceReader } from '../source/source.js';
import { ManualClock } from '../time/time.js';
import { createTestSource } from './test-source.js';

const ctx = (subtaskIndex = 0, parallelism = 1): TaskInfo => ({ stepId: 'src', subtaskIndex, parallelism, maxParallelism: 128, clock: new ManualClock(0) });

/** Polls `reader` until it ends or throws; returns what it emitted and the statuses. */
function drain<T>(reader: SourceReader<T>, max = 1000, out: [T, number | undefined][] = []): { out: [T, number | undefined][]; statuses: PollStatus[] } {
  const statuses: PollStatus[] = [];
  for (;;) {
    const status = reader.pollNext({ collect: (v, t) => out.push([v, t]) }, max);
    statuses.push(status);
    if (status === 'end') return { out, statuses };
  }
}

const isInjected = (e: unknown) => e instanceof WeirError && e.code === 'ERR_TEST_INJECTED_FAILURE' && e.retriable;

describe('createTestSource', () => {
  it('is bounded and splits the values by index over parallel readers', () => {
    const source = createTestSource(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    assert.equal(source.boundedness, 'bounded');
    assert.equal(source.name, 'test-source');
    const shares = [0, 1, 2].map((i) => drain(source.createReader(ctx(i, 3))).out.map(([v]) => v));
    assert.deepEqual(shares, [['a', 'd', 'g'], ['b', 'e'], ['c', 'f']]);
    assert.deepEqual(drain(createTestSource([1]).createReader(ctx(1, 2))).out, [], 'a reader without values ends at once');
  });

  it('emits at most max (and batchSize) records per poll, and can block between batches', async () => {
    const values = Array.from({ length: 10 }, (_, i) => i);
    assert.deepEqual(drain(createTestSource(values).createReader(ctx()), 4).statuses, ['more', 'more', 'end']);
    assert.deepEqual(drain(createTestSource(values, { batchSize: 3 }).createReader(ctx()), 4).statuses, ['more', 'more', 'more', 'end']);
    const blocking = createTestSource(values, { batchSize: 5, blockBetweenBatches: true }).createReader(ctx());
    const { statuses, out } = drain(blocking);
    assert.deepEqual(statuses, ['blocked', 'end']);
    assert.equal(out.length, 10);
    await blocking.available!();
  });

  it('gives records native timestamps when asked', () => {
    const { out } = drain(createTestSource([5, 6], { timestampOf: (v, i) => v * 100 + i }).createReader(ctx()));
    assert.deepEqual(out, [
      [5, 500],
      [6, 601],
    ]);
  });

  it('fails at the chosen record, and a reader restored from a snapshot resumes after the last emitted record', () => {
    const values = Array.from({ length: 10 }, (_, i) => i);
    const source = createTestSource(values, { failAtRecord: 6 });
    const reader = source.createReader(ctx());
    const out: [number, number | undefined][] = [];
    reader.pollNext({ collect: (v) => out.push([v, undefined]) }, 4);
    const checkpoint = reader.snapshotState!(1);
    assert.deepEqual(checkpoint, [{ offset: 0, stride: 1, next: 4 }]);
    assert.throws(() => drain(reader, 1000, out), isInjected);
    assert.deepEqual(
      out.map(([v]) => v),
      [0, 1, 2, 3, 4, 5],
      'the failing record is not emitted',
    );
    assert.equal(source.injectedFailures(), 1);

    const restored = source.createReader(ctx());
    restored.restoreState!([structuredClone(checkpoint)]);
    assert.deepEqual(
      drain(restored).out.map(([v]) => v),
      [4, 5, 6, 7, 8, 9],
      'failOnce (the default): the second run gets past the record',
    );
    assert.equal(source.injectedFailures(), 1);
  });

  it('takes over the positions of several old readers after a rescale', () => {
    const source = createTestSource([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const a = source.createReader(ctx(0, 2));
    const b = source.createReader(ctx(1, 2));
    a.pollNext({ collect() {} }, 2); // emitted 0, 2
    b.pollNext({ collect() {} }, 1); // emitted 1
    const merged = source.createReader(ctx(0, 1));
    merged.restoreState!([a.snapshotState!(1), b.snapshotState!(1)]);
    assert.deepEqual(drain(merged).out.map(([v]) => v).sort((x, y) => x - y), [3, 4, 5, 6, 7, 8, 9]);
  });

  it('fails every time with failOnce: false, in the reader that owns the record', () => {
    const source = createTestSource([0, 1, 2, 3], { failAtRecord: 3, failOnce: false });
    assert.deepEqual(drain(source.createReader(ctx(0, 2))).out.map(([v]) => v), [0, 2]);
    assert.throws(() => drain(source.createReader(ctx(1, 2))), isInjected);
    assert.throws(() => drain(source.createReader(ctx(1, 2))), isInjected);
    assert.equal(source.injectedFailures(), 2);
  });

  it('refuses malformed positions, reads nothing when restored with none, and refuses bad options', () => {
    const reader = createTestSource([0, 1, 2, 3]).createReader(ctx(1, 2));
    assert.throws(() => reader.restoreState!([{ nextIndex: 2 }]), (e: unknown) => e instanceof WeirError && e.code === 'ERR_STATE_UNKNOWN');
    assert.throws(() => reader.restoreState!([null]), (e: unknown) => e instanceof WeirError && e.code === 'ERR_STATE_UNKNOWN');
    assert.throws(() => reader.restoreState!([[{ offset: 1, stride: 2, next: 2 }]]), (e: unknown) => e instanceof WeirError && e.code === 'ERR_STATE_UNKNOWN');
    reader.restoreState!([[{ offset: 1, stride: 2, next: 5 }]]);
    assert.deepEqual(drain(reader).out, []);
    const idle = createTestSource([0, 1, 2, 3]).createReader(ctx(2, 3));
    idle.restoreState!([]);
    assert.deepEqual(drain(idle).out, [], 'a reader that took over no old subtask reads nothing');
    assert.throws(() => createTestSource([1], { failAtRecord: -1 }), RangeError);
    assert.throws(() => createTestSource([1], { batchSize: 0 }), RangeError);
  });
});
