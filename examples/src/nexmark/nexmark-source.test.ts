import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { systemClock, type PollStatus, type Source, type TaskInfo } from '@weir/operators';
import { createGeneratorConfig } from './generator-config.js';
import { eventTimestamp, nexmarkEvents, WATERMARK_DELAY_MS } from './generator.js';
import type { NexmarkEvent } from './model.js';
import { nexmarkArraySource, nexmarkSource, nexmarkWatermarks } from './nexmark-source.js';

const config = createGeneratorConfig({ maxEvents: 2_000 });
const stream = Array.from(nexmarkEvents(config));

function taskInfo(subtaskIndex: number, parallelism: number): TaskInfo {
  return { stepId: 'nexmark', subtaskIndex, parallelism, maxParallelism: 128, clock: systemClock };
}

/** Polls a reader of `source` until it ends (or `limit` events), in polls of `max`. */
function drain(source: Source<NexmarkEvent>, subtask: number, parallelism: number, restore?: readonly unknown[], limit = Infinity, max = 97) {
  const reader = source.createReader(taskInfo(subtask, parallelism));
  if (restore !== undefined) reader.restoreState!(restore);
  const events: NexmarkEvent[] = [];
  let status: PollStatus = 'more';
  while (status === 'more' && events.length < limit) status = reader.pollNext({ collect: (e) => events.push(e) }, Math.min(max, limit - events.length));
  return { events, status, position: reader.snapshotState!(1) };
}

for (const [name, make] of [
  ['nexmarkSource', () => nexmarkSource(config)],
  ['nexmarkArraySource', () => nexmarkArraySource(stream)],
] as const) {
  describe(name, () => {
    it('is bounded, and its parallel readers partition the stream by event number', () => {
      assert.equal(make().boundedness, 'bounded');
      for (const p of [1, 2, 3]) {
        const merged: NexmarkEvent[] = [];
        for (let i = 0; i < p; i++) {
          const { events, status } = drain(make(), i, p);
          assert.equal(status, 'end');
          events.forEach((e, j) => (merged[i + j * p] = e));
        }
        assert.deepEqual(merged, stream);
      }
    });

    it('resumes exactly after the last event it emitted from its checkpointed position', () => {
      const first = drain(make(), 1, 2, undefined, 301);
      assert.deepEqual(first.position, [{ offset: 1, stride: 2, next: 1 + 2 * 301 }]);
      const rest = drain(make(), 1, 2, [JSON.parse(JSON.stringify(first.position))]);
      assert.deepEqual([...first.events, ...rest.events], drain(make(), 1, 2).events);
    });

    it('takes over the splits of old readers when the parallelism changed, losing and repeating nothing', () => {
      const a = drain(make(), 0, 2, undefined, 300);
      const b = drain(make(), 1, 2, undefined, 100);
      // Scale 2 → 1: the one new reader takes over both old splits.
      const rest = drain(make(), 0, 1, [a.position, b.position]);
      const all = [...a.events, ...b.events, ...rest.events].map((e) => JSON.stringify(e)).sort();
      assert.deepEqual(all, stream.map((e) => JSON.stringify(e)).sort());
      // Scale 2 → 3: the third reader took over no old subtask and reads nothing.
      assert.deepEqual(drain(make(), 2, 3, []).events, []);
      assert.throws(() => make().createReader(taskInfo(0, 1)).restoreState!([{ offset: 3 }]), { code: 'ERR_STATE_UNKNOWN' });
    });
  });
}

describe('nexmarkSource', () => {
  it('is unbounded when maxEvents is 0', () => {
    const source = nexmarkSource(createGeneratorConfig({ maxEvents: 0 }));
    assert.equal(source.boundedness, 'unbounded');
    const { events, status } = drain(source, 0, 2, undefined, 500);
    assert.equal(status, 'more');
    assert.deepEqual(events.slice(0, 3), [stream[0], stream[2], stream[4]]);
  });
});

describe('nexmarkWatermarks', () => {
  it("stamps events with their dateTime and trails the largest one by the suite's 4 s", () => {
    const strategy = nexmarkWatermarks();
    const bid = stream.find((e) => e.kind === 'bid')!;
    assert.equal(strategy.timestampAssigner!(bid, Number.NaN), eventTimestamp(bid));
    const generator = strategy.createGenerator();
    generator.onEvent(10_000);
    generator.onEvent(9_000);
    // Weir's bounded out-of-orderness watermark is the largest timestamp − delay − 1: an event at the watermark + 1 is still on time.
    assert.equal(generator.currentWatermark(), 10_000 - WATERMARK_DELAY_MS - 1);
  });
});
