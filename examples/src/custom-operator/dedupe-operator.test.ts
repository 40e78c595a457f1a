import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '@weir/operators';
import { OneInputOperatorHarness } from '@weir/operators/testing';
import { executeModule } from '@weir/runtime';
import { dedupeOperator } from './dedupe-operator.js';
import { DELIVERIES, type Delivery } from './dedupe-job.js';

describe('custom operator example: dedupe', () => {
  it('drops a key seen within the TTL and lets it through again after expiry', async () => {
    const clock = new ManualClock(0);
    const h = new OneInputOperatorHarness(dedupeOperator<string>(1000), { keySelector: (s) => s, clock });
    await h.open();
    h.processElement('a');
    h.processElement('a');
    clock.advance(999);
    h.processElement('a');
    clock.advance(1);
    h.processElement('a');
    assert.deepEqual(h.values(), ['a', 'a']);
  });

  it('keeps what it has seen across a snapshot and restore', async () => {
    const first = new OneInputOperatorHarness(dedupeOperator<string>(60_000), { keySelector: (s) => s });
    await first.open();
    first.processElement('x');
    const restored = new OneInputOperatorHarness(dedupeOperator<string>(60_000), { keySelector: (s) => s, restored: first.snapshot(1) });
    await restored.open();
    restored.processElement('x');
    restored.processElement('y');
    assert.deepEqual(restored.values(), ['y']);
  });

  it('runs as a job module in worker threads at parallelism 2', async () => {
    const job = await executeModule(new URL('./dedupe-job.ts', import.meta.url), { parallelism: 2 });
    const result = await job.done;
    const unique = (result.results.get('unique') as Delivery[]).map((d) => d.eventId).sort();
    assert.deepEqual(unique, [...new Set(DELIVERIES.map((d) => d.eventId))].sort());
  });
});
