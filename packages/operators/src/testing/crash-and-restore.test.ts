import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { OperatorSnapshot } from '../engine/operator-snapshot.js';
import { rollingReduceOperator } from '../operators/rolling-reduce-operator.js';
import { sinkOperator } from '../operators/sink-operator.js';
import { MAX_WATERMARK, ManualClock } from '../time/time.js';
import { collectSink, type CollectSink } from './collect-sink.js';
import { OneInputOperatorHarness } from './one-input-operator-harness.js';
import { createTestSource, type TestSource } from './test-source.js';

type Count = readonly [word: string, n: number];

interface Checkpoint {
  readonly id: number;
  readonly reader: unknown;
  readonly reduce: OperatorSnapshot;
  readonly sink: OperatorSnapshot;
}

/**
 * A hand-driven job — test source → keyed rolling reduce → collect sink — with a
 * checkpoint every `every` records; after a failure it restarts from the last completed
 * checkpoint, the way the runtime does.
 */
async function runJob(source: TestSource<string>, sink: CollectSink<Count>, every: number): Promise<number> {
  let last: Checkpoint | undefined;
  let restarts = 0;
  for (;;) {
    const taskInfo = { stepId: 'words', subtaskIndex: 0, parallelism: 1, maxParallelism: 128, clock: new ManualClock(0) };
    const reader = source.createReader(taskInfo);
    const reduce = new OneInputOperatorHarness(rollingReduceOperator<Count>((a, b) => [a[0], a[1] + b[1]]), {
      stepId: 'count',
      keySelector: (c) => c[0],
      ...(last !== undefined && { restored: last.reduce }),
    });
    const write = new OneInputOperatorHarness(sinkOperator(sink), { stepId: 'sink', ...(last !== undefined && { restored: last.sink }) });
    if (last !== undefined) reader.restoreState!([last.reader]);
    await reduce.open();
    await write.open();
    const forward = () => {
      for (const r of reduce.records()) write.processElement(r.value, r.timestamp);
      reduce.clearOutput();
    };
    try {
      let id = last?.id ?? 0;
      for (;;) {
        const status = reader.pollNext({ collect: (word) => reduce.processElement([word, 1]) }, every);
        forward();
        if (status === 'end') break;
        id++;
        last = { id, reader: reader.snapshotState!(id), reduce: reduce.snapshot(id), sink: write.snapshot(id) };
        await write.notifyCheckpointComplete(id);
      }
      reduce.processWatermark(MAX_WATERMARK);
      forward();
      await reduce.finish();
      await write.finish();
      await reduce.close();
      await write.close();
      return restarts;
    } catch (err) {
      await reduce.close();
      await write.close();
      restarts++;
      if (restarts > 3) throw err;
    }
  }
}

describe('crash and restore through the testing module', () => {
  const words = 'a b a c b a d a b c'.split(' ');

  it('commits the same output as a run without failure, exactly once', async () => {
    const clean = collectSink<Count>();
    assert.equal(await runJob(createTestSource(words), clean, 3), 0);
    const expected = clean.committedValues();
    assert.deepEqual(expected, clean.values());
    assert.deepEqual(expected.at(-1), ['c', 2]);

    for (let failAt = 0; failAt < words.length; failAt++) {
      const sink = collectSink<Count>();
      const source = createTestSource(words, { failAtRecord: failAt });
      assert.equal(await runJob(source, sink, 3), 1, `one restart when failing at ${failAt}`);
      assert.equal(source.injectedFailures(), 1);
      assert.deepEqual(sink.committedValues(), expected, `committed output when failing at ${failAt}`);
      assert.ok(sink.values().length >= expected.length);
    }
  });
});
