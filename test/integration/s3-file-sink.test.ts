/**
 * The S3 file sink's part lifecycle against the real S3-compatible server: in progress
 * (memory only) → pending (rolled by size, age or barrier; uploaded under .pending/) →
 * committed (on checkpoint completion), with CSV, multipart uploads and idempotent commits.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { S3Client } from '@aws-sdk/client-s3';
import { ManualClock, type SinkWriter, type TaskInfo } from '@weir/operators';
import { s3FileSink, type S3FileSinkOptions } from '@weir/connectors/s3';
import { createTestS3Client, requireS3, s3Settings } from '../harness/index.js';
import { committedLines, deletePrefix, listKeys } from './s3-output.js';

describe('s3FileSink parts (real S3-compatible server)', () => {
  let s3: S3Client;
  const runPrefix = `s3-file-sink/${randomBytes(4).toString('hex')}`;
  let n = 0;

  before(async () => {
    await requireS3();
    s3 = createTestS3Client();
  });
  after(async () => {
    await deletePrefix(s3, `${runPrefix}/`);
    s3.destroy();
  });

  function writer<T>(options: Partial<S3FileSinkOptions<T>> = {}, clock = new ManualClock(0)) {
    const prefix = `${runPrefix}/case-${n++}`;
    const sink = s3FileSink<T>({ client: () => createTestS3Client(), bucket: s3Settings.bucket, prefix, ...options });
    const task: TaskInfo = { stepId: 'sink', subtaskIndex: 0, parallelism: 1, maxParallelism: 128, clock };
    return { prefix, clock, make: () => sink.createWriter(task) as Required<SinkWriter<T>> };
  }

  it('rolls by size into pending parts that become visible only when the checkpoint completes', async () => {
    const { prefix, make } = writer<{ i: number; pad: string }>({ rollSizeBytes: 1024 });
    const w = make();
    await w.open();
    const records = Array.from({ length: 100 }, (_, i) => ({ i, pad: 'x'.repeat(50) }));
    for (const r of records) w.write(r, 0);
    assert.deepEqual(await listKeys(s3, `${prefix}/`).then((k) => k.filter((x) => !x.includes('/.pending/'))), [], 'nothing committed before the checkpoint');
    await w.prepareCommit(1);
    const pending = (await listKeys(s3, `${prefix}/.pending/`)).length;
    assert.ok(pending > 3, `rolled into ${pending} pending parts`);
    assert.deepEqual(await committedLines(s3, prefix), [], 'pending parts are not output');
    await w.notifyCheckpointComplete(1);
    assert.deepEqual(await committedLines(s3, prefix), records.map((r) => JSON.stringify(r)).sort());
    assert.deepEqual(await listKeys(s3, `${prefix}/.pending/`), [], 'committed parts leave no pending object');
  });

  it('never shows the part in progress, and rolls a part by age on the injected clock', async () => {
    const { prefix, clock, make } = writer<number>({ rollIntervalMs: 1000 });
    const w = make();
    await w.open();
    w.write(1, 0);
    assert.deepEqual(await listKeys(s3, `${prefix}/`), [], 'an in-progress part lives in memory only');
    clock.advance(1000);
    w.write(2, 0); // the part is now 1 s old: it rolls with this record
    w.write(3, 0);
    await w.prepareCommit(1);
    assert.equal((await listKeys(s3, `${prefix}/.pending/`)).length, 2);
    await w.notifyCheckpointComplete(1);
    assert.deepEqual(await committedLines(s3, prefix), ['1', '2', '3']);
  });

  it('writes CSV with a header and quoted fields, and uploads large parts in several requests', async () => {
    const { prefix, make } = writer<{ id: number; note: string }>({
      format: 'csv',
      columns: ['id', 'note'],
      multipartThresholdBytes: 6 * 1024 * 1024,
      partSizeBytes: 5 * 1024 * 1024,
    });
    const w = make();
    await w.open();
    const rows = Array.from({ length: 60_000 }, (_, id) => ({ id, note: id === 7 ? 'has "quotes", commas' : 'n'.repeat(180) }));
    for (const r of rows) w.write(r, 0);
    await w.prepareCommit(3);
    await w.notifyCheckpointComplete(3);
    const lines = await committedLines(s3, prefix);
    assert.equal(lines.length, rows.length + 1, 'one header and every row');
    assert.ok(lines.includes('id,note'));
    assert.ok(lines.includes('7,"has ""quotes"", commas"'));
  });

  it('commits what a checkpoint staged exactly once, also when a restored writer and the old one both commit', async () => {
    const { prefix, make } = writer<number>();
    const first = make();
    await first.open();
    for (let i = 0; i < 10; i++) first.write(i, 0);
    await first.prepareCommit(5);
    const state = first.snapshotState(5);
    const restored = make();
    restored.restoreState(structuredClone(state));
    await restored.open(); // commits the restored part
    await first.notifyCheckpointComplete(5); // the old writer's late commit finds it done
    assert.deepEqual(await committedLines(s3, prefix), Array.from({ length: 10 }, (_, i) => String(i)).sort());
  });

  it('refuses bad options when built', () => {
    assert.throws(() => s3FileSink({ client: () => createTestS3Client(), bucket: 'Bad_Bucket', prefix: 'x' }), { code: 'ERR_CONFIG_INVALID' });
    assert.throws(() => s3FileSink({ client: () => createTestS3Client(), bucket: 'ok-bucket', prefix: 'x', format: 'csv' }), { code: 'ERR_CONFIG_INVALID' });
    assert.throws(() => s3FileSink({ client: () => createTestS3Client(), bucket: 'ok-bucket', prefix: 'x', partSizeBytes: 1024 }), { code: 'ERR_CONFIG_INVALID' });
  });
});
