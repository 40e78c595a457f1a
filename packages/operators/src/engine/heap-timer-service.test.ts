import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { keyGroupOf, keyGroupRange, type Key } from '../api/key.js';
import { WeirError } from '../errors/weir-error.js';
import { ManualClock, MIN_WATERMARK } from '../time/time.js';
import type { Timer } from '../time/timer.js';
import { HeapTimerService } from './heap-timer-service.js';
import { notKeyedError } from './not-keyed-error.js';

/** A timer service whose current key the test sets. */
function service(options: { clock?: ManualClock; maxParallelism?: number } = {}) {
  let key: Key | undefined;
  const timers = new HeapTimerService({
    clock: options.clock ?? new ManualClock(0),
    maxParallelism: options.maxParallelism ?? 128,
    currentKey: () => {
      if (key === undefined) throw notKeyedError('s', 'timers', 'no key');
      return key;
    },
  });
  const fired: string[] = [];
  const record = (t: Timer) => {
    fired.push(`${t.key}/${t.namespace}@${t.timestamp}`);
  };
  return {
    timers,
    fired,
    record,
    as(k: Key) {
      key = k;
      return timers;
    },
  };
}

describe('HeapTimerService', () => {
  it('fires event-time timers up to the watermark in timestamp order', () => {
    const s = service();
    s.as('a').registerEventTimeTimer(30);
    s.as('b').registerEventTimeTimer(10);
    s.as('c').registerEventTimeTimer(20);
    s.as('a').registerEventTimeTimer(40);
    assert.equal(s.timers.currentWatermark(), MIN_WATERMARK);
    s.timers.advanceWatermark(30, s.record);
    assert.deepEqual(s.fired, ['b/@10', 'c/@20', 'a/@30']);
    assert.equal(s.timers.currentWatermark(), 30);
    assert.equal(s.timers.numTimers(), 1);
    s.timers.advanceWatermark(39, s.record);
    assert.equal(s.fired.length, 3);
    s.timers.advanceWatermark(40, s.record);
    assert.deepEqual(s.fired.slice(3), ['a/@40']);
  });

  it('fires ties in registration order', () => {
    const s = service();
    for (const k of ['z', 'a', 'm', 'b']) s.as(k).registerEventTimeTimer(5);
    s.as('q').registerEventTimeTimer(5, 'ns');
    s.timers.advanceWatermark(5, s.record);
    assert.deepEqual(s.fired, ['z/@5', 'a/@5', 'm/@5', 'b/@5', 'q/ns@5']);
  });

  it('fires due timers registered while firing in the same call, in order', () => {
    const s = service();
    s.as('a').registerEventTimeTimer(10);
    s.as('a').registerEventTimeTimer(50);
    s.timers.advanceWatermark(40, (t) => {
      s.record(t);
      if (t.timestamp === 10) {
        s.as('b').registerEventTimeTimer(30); // due: fires in this call
        s.as('c').registerEventTimeTimer(20); // due, and earlier than 30
        s.as('d').registerEventTimeTimer(45); // not due
      }
    });
    assert.deepEqual(s.fired, ['a/@10', 'c/@20', 'b/@30']);
    assert.equal(s.timers.numTimers(), 2);
  });

  it('keeps one timer per (key, namespace, timestamp)', () => {
    const s = service();
    s.as('a').registerEventTimeTimer(10);
    s.as('a').registerEventTimeTimer(10);
    s.as('a').registerEventTimeTimer(10, 'w1');
    s.as('a').registerEventTimeTimer(10, 'w1');
    s.as('b').registerEventTimeTimer(10);
    s.as(1).registerEventTimeTimer(10);
    s.as('1').registerEventTimeTimer(10);
    assert.equal(s.timers.numTimers(), 5);
    s.timers.advanceWatermark(10, s.record);
    assert.deepEqual(s.fired, ['a/@10', 'a/w1@10', 'b/@10', '1/@10', '1/@10']);
  });

  it('deletes timers, and a deleted timer can be registered again', () => {
    const s = service();
    s.as('a').registerEventTimeTimer(10);
    s.as('a').registerEventTimeTimer(20);
    s.as('a').registerEventTimeTimer(20, 'ns');
    s.as('a').deleteEventTimeTimer(20);
    s.as('a').deleteEventTimeTimer(99); // none: a no-op
    s.as('b').deleteEventTimeTimer(10); // another key's: a no-op
    assert.equal(s.timers.numTimers(), 2);
    s.timers.advanceWatermark(100, s.record);
    assert.deepEqual(s.fired, ['a/@10', 'a/ns@20']);
    s.as('a').registerEventTimeTimer(200);
    s.as('a').deleteEventTimeTimer(200);
    s.as('a').registerEventTimeTimer(200);
    s.timers.advanceWatermark(200, s.record);
    assert.deepEqual(s.fired.slice(2), ['a/@200']);
  });

  it('stays small under delete-and-re-register (lazy deletion is compacted)', () => {
    const s = service();
    const t = s.as('k');
    for (let i = 0; i < 10_000; i++) {
      t.registerEventTimeTimer(1000 + i);
      t.deleteEventTimeTimer(1000 + i);
    }
    t.registerEventTimeTimer(5);
    assert.equal(s.timers.numTimers(), 1);
    assert.equal(s.timers.nextEventTime(), 5);
    s.timers.advanceWatermark(Number.POSITIVE_INFINITY, s.record);
    assert.deepEqual(s.fired, ['k/@5']);
  });

  it('fires processing-time timers when processing time reaches them', () => {
    const clock = new ManualClock(100);
    const s = service({ clock });
    assert.equal(s.timers.currentProcessingTime(), 100);
    s.as('a').registerProcessingTimeTimer(300);
    s.as('b').registerProcessingTimeTimer(200);
    s.as('b').registerProcessingTimeTimer(200);
    s.as('c').registerProcessingTimeTimer(250);
    s.as('c').deleteProcessingTimeTimer(250);
    assert.equal(s.timers.nextProcessingTime(), 200);
    s.timers.advanceWatermark(1000, s.record);
    assert.deepEqual(s.fired, [], 'the watermark does not fire processing-time timers');
    s.timers.advanceProcessingTime(250, (t) => {
      s.record(t);
      assert.equal(t.domain, 'processing-time');
      if (t.key === 'b') s.as('d').registerProcessingTimeTimer(240);
    });
    assert.deepEqual(s.fired, ['b/@200', 'd/@240']);
    assert.equal(s.timers.nextProcessingTime(), 300);
    s.timers.advanceProcessingTime(300, s.record);
    assert.equal(s.timers.nextProcessingTime(), undefined);
  });

  it('hands out timers with their domain, key and namespace', () => {
    const s = service();
    s.as(7).registerEventTimeTimer(1, 'window');
    const got: Timer[] = [];
    s.timers.advanceWatermark(1, (t) => got.push(t));
    assert.equal(got.length, 1);
    assert.deepEqual({ ...got[0] }, { ...got[0], timestamp: 1, domain: 'event-time', key: 7, namespace: 'window' });
  });

  it('refuses timers without a current key, and NaN timestamps', () => {
    const s = service();
    assert.throws(() => s.timers.registerEventTimeTimer(1), (e: unknown) => e instanceof WeirError && e.code === 'ERR_STATE_NOT_KEYED');
    assert.throws(() => s.as('a').registerEventTimeTimer(Number.NaN), RangeError);
  });

  describe('snapshot and restore', () => {
    it('round-trips, keeping tie order, as plain data', () => {
      const s = service();
      for (const k of ['z', 'a', 'm']) s.as(k).registerEventTimeTimer(5);
      s.as('a').registerEventTimeTimer(3, 'ns');
      s.as('b').registerProcessingTimeTimer(7);
      s.as('gone').registerEventTimeTimer(4);
      s.as('gone').deleteEventTimeTimer(4);
      const snap = s.timers.snapshot();
      assert.deepEqual(structuredClone(snap), snap);
      s.as('late').registerEventTimeTimer(1);
      assert.equal(snap.groups.flatMap(([, e]) => e).length, 4, 'later registrations do not change the snapshot');

      const r = service();
      r.timers.restore([snap], [0, 127]);
      assert.equal(r.timers.numTimers(), 5);
      r.timers.advanceWatermark(10, r.record);
      r.timers.advanceProcessingTime(10, r.record);
      assert.deepEqual(r.fired, ['a/ns@3', 'z/@5', 'a/@5', 'm/@5', 'b/@7']);
    });

    it('restores only the key groups in range, and redistributes 2 → 3', () => {
      const maxParallelism = 128;
      const keys = Array.from({ length: 200 }, (_, i) => `k${i}`);
      const olds = [0, 1].map((i) => {
        const s = service({ maxParallelism });
        const [first, last] = keyGroupRange(i, maxParallelism, 2);
        for (const k of keys) {
          const g = keyGroupOf(k, maxParallelism);
          if (g < first || g > last) continue;
          s.as(k).registerEventTimeTimer(10);
          s.as(k).registerProcessingTimeTimer(20);
        }
        return s.timers.snapshot();
      });
      const fired = new Map<string, number>();
      for (let i = 0; i < 3; i++) {
        const s = service({ maxParallelism });
        const [first, last] = keyGroupRange(i, maxParallelism, 3);
        s.timers.restore(olds, [first, last]);
        const fire = (t: Timer) => {
          const g = keyGroupOf(t.key, maxParallelism);
          assert.ok(g >= first && g <= last, `timer of key ${t.key} outside subtask ${i}`);
          fired.set(`${t.key}/${t.domain}`, (fired.get(`${t.key}/${t.domain}`) ?? 0) + 1);
        };
        s.timers.advanceWatermark(100, fire);
        s.timers.advanceProcessingTime(100, fire);
      }
      assert.equal(fired.size, keys.length * 2);
      for (const n of fired.values()) assert.equal(n, 1);
    });
  });
});
