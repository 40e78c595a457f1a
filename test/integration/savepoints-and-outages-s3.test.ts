/**
 * Savepoints, storage outages and bad checkpoints, against the real S3-compatible server.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { WeirError } from '@weir/operators';
import { executeModule, type RunOptions } from '@weir/runtime';
import { createTestS3Client, requireS3, s3Settings } from '../harness/index.js';
import { committedLines, deletePrefix } from './s3-output.js';
import { expectedLines } from './jobs/sensor-windows-job.js';
import { TcpProxy } from './tcp-proxy.js';

const RECORDS = 300_000;
const jobModule = new URL('./jobs/sensor-windows-job.ts', import.meta.url);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('savepoints, storage outages and bad checkpoints (real S3-compatible server)', () => {
  let s3: S3Client;
  const runPrefix = `savepoints/${randomBytes(4).toString('hex')}`;
  const expected = expectedLines(RECORDS);

  const options = (prefix: string, out: string, extra: Partial<RunOptions> = {}, endpoint: string = s3Settings.endpoint): RunOptions => ({
    parallelism: 2,
    args: { records: String(RECORDS), ratePerMs: '40', bucket: s3Settings.bucket, prefix: out, endpoint: s3Settings.endpoint },
    checkpoints: {
      intervalMs: 200,
      timeoutMs: 3000,
      storage: { root: `s3://${s3Settings.bucket}/${prefix}/checkpoints`, s3: { endpoint, region: s3Settings.region } },
    },
    ...extra,
  });

  before(async () => {
    await requireS3();
    s3 = createTestS3Client();
    process.env.AWS_ACCESS_KEY_ID = s3Settings.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = s3Settings.secretAccessKey;
  });
  after(async () => {
    await deletePrefix(s3, `${runPrefix}/`);
    s3.destroy();
  });

  it('restores a savepoint taken at parallelism 2 at parallelism 1 and 3 with the same final result', async () => {
    const prefix = `${runPrefix}/rescale`;
    const first = await executeModule(jobModule, options(prefix, `${prefix}/out-p2`));
    while (first.checkpoints().counts.completed < 2) await sleep(20);
    const savepoint = await first.stopWithSavepoint(`s3://${s3Settings.bucket}/${prefix}/savepoints`);
    assert.equal((await first.done).status, 'CANCELED');
    assert.match(savepoint.pointer, /\/savepoints\/savepoint-[0-9a-f]{6}-[0-9a-f]{12}\/$/);

    for (const parallelism of [1, 3]) {
      const out = `${prefix}/out-p${parallelism}`;
      const resumed = await executeModule(jobModule, { ...options(prefix, out), parallelism, restore: { pointer: savepoint.pointer } });
      assert.equal((await resumed.done).status, 'FINISHED');
      // Windows committed before the savepoint (and those it staged) plus those after it: each exactly once.
      const lines = [...(await committedLines(s3, `${prefix}/out-p2`)), ...(await committedLines(s3, out))].sort();
      assert.equal(lines.length, expected.length, `parallelism ${parallelism}: every window once`);
      assert.deepEqual(lines, expected);
    }
  });

  it('fails checkpoints while S3 is down, keeps the job running, and checkpoints again once it is back', async () => {
    const prefix = `${runPrefix}/outage`;
    const { hostname, port } = new URL(s3Settings.endpoint);
    const proxy = await TcpProxy.start({ host: hostname, port: Number(port) });
    try {
      const job = await executeModule(jobModule, options(prefix, `${prefix}/out`, {}, `http://127.0.0.1:${proxy.port}`));
      while (job.checkpoints().counts.completed < 1) await sleep(20);
      await proxy.down();
      while (job.checkpoints().counts.failed < 1) await sleep(20);
      const failedBefore = job.checkpoints().counts.completed;
      const failure = job.checkpoints().history.find((h) => h.status === 'FAILED')!;
      assert.match(failure.failure ?? '', /could not store its state|could not write _metadata|timed out/);
      assert.doesNotMatch(JSON.stringify(job.checkpoints()), new RegExp(s3Settings.secretAccessKey), 'no secret in checkpoint stats');
      await proxy.up();
      while (job.checkpoints().counts.completed <= failedBefore) await sleep(20);
      const result = await job.done;
      assert.equal(result.status, 'FINISHED');
      assert.equal(job.restarts, 0, 'a storage outage costs checkpoints, not the job');
      assert.deepEqual((await committedLines(s3, `${prefix}/out`)).sort(), expected);
    } finally {
      await proxy.down();
    }
  });

  it('refuses to restore from a missing or corrupt _metadata with a clear error', async () => {
    const prefix = `${runPrefix}/bad`;
    const missing = `s3://${s3Settings.bucket}/${prefix}/checkpoints/nothing-here/chk-7/`;
    const job = await executeModule(jobModule, { ...options(prefix, `${prefix}/out`), restore: { pointer: missing } });
    await assert.rejects(job.done, (err: unknown) => err instanceof WeirError && err.code === 'ERR_CHECKPOINT_NOT_FOUND' && err.message.includes('chk-7'));

    const key = `${prefix}/checkpoints/broken/chk-3/_metadata`;
    await s3.send(new PutObjectCommand({ Bucket: s3Settings.bucket, Key: key, Body: 'not a checkpoint' }));
    const corrupt = await executeModule(jobModule, { ...options(prefix, `${prefix}/out`), restore: { pointer: `s3://${s3Settings.bucket}/${prefix}/checkpoints/broken/chk-3/` } });
    await assert.rejects(corrupt.done, (err: unknown) => err instanceof WeirError && err.code === 'ERR_CHECKPOINT_CORRUPT');
  });
});
