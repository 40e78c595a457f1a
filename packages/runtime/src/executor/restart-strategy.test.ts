import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RestartPolicy } from './restart-strategy.js';

describe('restart strategies', () => {
  it('none never restarts', () => {
    assert.equal(new RestartPolicy({ kind: 'none' }).onFailure(0), undefined);
  });

  it('fixed-delay restarts a limited number of times after the same delay', () => {
    const p = new RestartPolicy({ kind: 'fixed-delay', attempts: 2, delayMs: 500 });
    assert.deepEqual([p.onFailure(0), p.onFailure(10), p.onFailure(20)], [500, 500, undefined]);
  });

  it('exponential-delay grows the delay up to a maximum and resets after a quiet period', () => {
    const p = new RestartPolicy({ kind: 'exponential-delay', initialDelayMs: 100, maxDelayMs: 500, multiplier: 2, resetAfterMs: 10_000 });
    assert.deepEqual([p.onFailure(0), p.onFailure(1), p.onFailure(2), p.onFailure(3), p.onFailure(4)], [100, 200, 400, 500, 500]);
    assert.equal(p.onFailure(20_000), 100, 'reset after a quiet period');
  });

  it('failure-rate gives up when too many failures fall within the interval', () => {
    const p = new RestartPolicy({ kind: 'failure-rate', maxFailures: 2, intervalMs: 1000, delayMs: 50 });
    assert.deepEqual([p.onFailure(0), p.onFailure(100), p.onFailure(5000), p.onFailure(5100), p.onFailure(5200)], [50, 50, 50, 50, undefined]);
  });

  it('rejects bad settings with ERR_CONFIG_INVALID', () => {
    assert.throws(() => new RestartPolicy({ kind: 'fixed-delay', attempts: -1, delayMs: 1 }), { code: 'ERR_CONFIG_INVALID' });
    assert.throws(() => new RestartPolicy({ kind: 'exponential-delay', initialDelayMs: 10, maxDelayMs: 1 }), { code: 'ERR_CONFIG_INVALID' });
    assert.throws(() => new RestartPolicy({ kind: 'failure-rate', maxFailures: 0, intervalMs: 1, delayMs: 1 }), { code: 'ERR_CONFIG_INVALID' });
  });
});
