import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TaskInfo } from '../api/operator-context.js';
import { ManualClock } from '../time/time.js';
import { collectSink } from './collect-sink.js';

const ctx = (subtaskIndex = 0): TaskInfo => ({ stepId: 'sink', subtaskIndex, parallelism: 2, maxParallelism: 128, clock: new ManualClock(0) });

describe('CollectSink', () => {
  it('collects what every writer writes, with timestamps and subtask', () => {
    const sink = collectSink<string>();
    const w0 = sink.createWriter(ctx(0));
    const w1 = sink.createWriter(ctx(1));
    w0.write('a', 1);
    w1.write('b', 2);
    w0.write('c', Number.NaN);
    assert.deepEqual(sink.values(), ['a', 'b', 'c']);
    assert.deepEqual(sink.records()[1], { value: 'b', timestamp: 2, subtaskIndex: 1 });
    sink.clear();
    assert.deepEqual(sink.values(), []);
  });

  it('commits on checkpoint completion, on restore and at the end of input, each epoch once', () => {
    const sink = collectSink<number>();
    const w = sink.createWriter(ctx());
    w.write(1, 0);
    w.write(2, 0);
    const chk1 = w.snapshotState!(1);
    w.write(3, 0);
    const chk2 = w.snapshotState!(2);
    assert.deepEqual(structuredClone(chk2), chk2);
    w.write(4, 0);
    assert.deepEqual(sink.committedValues(), []);
    void w.notifyCheckpointComplete!(1);
    assert.deepEqual(sink.committedValues(), [1, 2]);
    void chk1;

    // Crash: 4 was written but never checkpointed. Restore from checkpoint 2, which completed
    // (its notification was lost): its records are committed on restore, once.
    const again = sink.createWriter(ctx());
    again.restoreState!(structuredClone(chk2));
    assert.deepEqual(sink.committedValues(), [1, 2, 3]);
    again.write(4, 0);
    again.write(5, 0);
    void again.flush!();
    assert.deepEqual(sink.committedValues(), [1, 2, 3, 4, 5]);
    assert.deepEqual(sink.values(), [1, 2, 3, 4, 4, 5], 'the at-least-once view shows the replay');
  });
});
