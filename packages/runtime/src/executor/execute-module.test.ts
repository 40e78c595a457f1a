import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { WeirError } from '@weir/operators';
import { executeModule } from './execute-module.js';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Writes a throw-away job module (resolving @weir/* from this package) and returns its path. */
function jobModule(source: string): string {
  const dir = mkdtempSync(join(import.meta.dirname, '..', '..', '.test-jobs-'));
  dirs.push(dir);
  const file = join(dir, 'job.ts');
  writeFileSync(file, source);
  return file;
}

const countingJob = `
import { defineJob, resultSink } from '@weir/operators';
export default defineJob((env, args) => {
  const n = Number(args.n);
  env
    .fromCollection('numbers', Array.from({ length: n }, (_, i) => i))
    .map('square', (x) => x * x)
    .keyBy((x) => x % 10)
    .reduce('sum', (a, b) => a + b)
    .map('tag', (s) => ({ s }))
    .sinkTo('out', resultSink('sums'));
});
`;

describe('executeModule (worker threads, one per slot)', () => {
  it('runs a job module across worker threads with the same result as the expected computation', async () => {
    const n = 20_000;
    const handle = await executeModule(jobModule(countingJob), { parallelism: 2, args: { n: String(n) }, batchSize: 64 });
    const result = await handle.done;
    const finals = new Map<number, number>();
    for (let i = 0; i < n; i++) finals.set((i * i) % 10, (finals.get((i * i) % 10) ?? 0) + i * i);
    const seen = new Set((result.results.get('sums') as { s: number }[]).map((r) => r.s));
    for (const total of finals.values()) assert.ok(seen.has(total), `final sum ${total} reached the client`);
    assert.equal(result.counts.get('square')?.recordsIn, n);
    assert.equal(result.counts.get('sum')?.recordsIn, n);
  });

  it('fails the job with the step id and cause when a function throws in a worker', async () => {
    const file = jobModule(`
import { defineJob, resultSink } from '@weir/operators';
export default defineJob((env) => {
  env.fromCollection('n', [1, 2, 3, 4]).map('boom', (x) => { if (x === 3) throw new RangeError('three'); return x; }).sinkTo('out', resultSink('out'));
});`);
    const handle = await executeModule(file, { parallelism: 2 });
    await assert.rejects(handle.done, (err: unknown) => {
      assert.ok(err instanceof WeirError);
      assert.equal(err.code, 'ERR_JOB_FAILED');
      assert.equal(err.stepId, 'boom');
      assert.match(err.message, /three/);
      return true;
    });
  });

  it('rejects a module without a default builder before starting workers', async () => {
    const file = jobModule(`export const notAJob = 1;`);
    await assert.rejects(executeModule(file), { code: 'ERR_JOB_MODULE_INVALID' });
  });

  it('rejects a module whose graph is invalid before starting workers', async () => {
    const file = jobModule(`
import { defineJob } from '@weir/operators';
export default defineJob((env) => { const s = env.fromCollection('a', [1]); s.map('x', (v) => v); s.map('x', (v) => v); });`);
    await assert.rejects(executeModule(file), { code: 'ERR_GRAPH_DUPLICATE_STEP_ID', stepId: 'x' });
  });
});
