import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { mapBounded } from './map-bounded.js';

describe('mapBounded', () => {
  it('keeps at most `limit` calls in flight and resolves results in item order', async () => {
    let inFlight = 0;
    let peak = 0;
    const out = await mapBounded([5, 1, 4, 2, 3, 0, 2], 3, async (ms, i) => {
      peak = Math.max(peak, ++inFlight);
      await sleep(ms);
      inFlight--;
      return i * 10;
    });
    assert.deepEqual(out, [0, 10, 20, 30, 40, 50, 60]);
    assert.equal(peak, 3);
    assert.deepEqual(await mapBounded([], 4, () => Promise.resolve(1)), []);
  });

  it('starts nothing after a failure and lets the calls in flight settle before rejecting', async () => {
    const started: number[] = [];
    let settled = 0;
    await assert.rejects(
      mapBounded([0, 1, 2, 3, 4, 5], 2, async (i) => {
        started.push(i);
        await sleep(i === 1 ? 1 : 10);
        settled++;
        if (i === 1) throw new Error('part 1 failed');
      }),
      /part 1 failed/,
    );
    assert.deepEqual(started, [0, 1], 'the failure is recorded before the freed slot takes another item');
    assert.equal(settled, started.length, 'every started call settled before the rejection');
  });
});
