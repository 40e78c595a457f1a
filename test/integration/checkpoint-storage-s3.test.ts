import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { after, before, describe, it } from 'node:test';
import {
  CopyObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { WeirError, serializeError } from '@weir/operators';
import { createS3CheckpointStorage, type S3CheckpointStorage } from '@weir/runtime/s3';
// The storage's own curated entry; it moves to '@weir/runtime' once the runtime index re-exports it.
import { createCheckpointStorage, decodeMetadata, encodeMetadata, retainCompletedCheckpoints } from '@weir/runtime';
import { createTestS3Client, freePort, requireS3, s3Settings } from '../harness/index.js';

const MiB = 1024 * 1024;
const JOB = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';

const weirError = (code: string, ...fragments: string[]) => (err: unknown) => {
  assert.ok(err instanceof WeirError, `expected a WeirError, got ${String(err)}`);
  assert.equal(err.code, code, err.message);
  for (const f of fragments) assert.ok(err.message.includes(f), `"${err.message}" should contain "${f}"`);
  return true;
};

/** Records the names of the commands a client sends, and can fail chosen ones. */
function instrument(client: S3Client, fail?: (command: string, input: Record<string, unknown>) => Error | undefined): string[] {
  const sent: string[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = context.commandName ?? 'unknown';
      sent.push(command);
      const injected = fail?.(command, args.input as Record<string, unknown>);
      if (injected !== undefined) throw injected;
      return next(args);
    },
    { step: 'initialize', name: 'weirTestRecorder' },
  );
  return sent;
}

describe('S3 checkpoint storage (real S3-compatible server)', () => {
  let client: S3Client;
  let bucket: string;
  let storage: S3CheckpointStorage;
  const prefix = `checkpoint-storage/${randomBytes(6).toString('hex')}`;
  let root: string;

  before(async () => {
    bucket = (await requireS3()).bucket;
    client = createTestS3Client();
    root = `s3://${bucket}/${prefix}`;
    storage = createS3CheckpointStorage(client, root);
  });

  after(async () => {
    if ((client as S3Client | undefined) === undefined) return; // before() failed: S3 is missing, the tests already failed
    let token: string | undefined;
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `${prefix}/`, ContinuationToken: token }));
      const keys = (page.Contents ?? []).map((o) => ({ Key: o.Key! }));
      if (keys.length > 0) await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys } }));
      token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
    client.destroy();
  });

  const keysUnder = async (sub: string): Promise<string[]> => {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `${prefix}/${sub}` }));
    return (page.Contents ?? []).map((o) => o.Key!.slice(prefix.length + 1)).sort();
  };

  it('writes state files (20 MiB in parts), then metadata last; lists, and reads back byte for byte', async (t) => {
    const counting = createTestS3Client();
    const sent = instrument(counting);
    const s = createS3CheckpointStorage(counting, root);
    try {
      const location = s.checkpointLocation(JOB, 1);
      assert.equal(location.uri, `s3://${bucket}/${prefix}/${JOB}/chk-1/`);
      const big = randomBytes(20 * MiB);
      const small = randomBytes(4096);

      let start = performance.now();
      const bigHandle = await s.writeStateFile(location, 'window-0', big);
      const writeMs = performance.now() - start;
      assert.deepEqual(bigHandle, { relativePath: 'window-0', size: 20 * MiB });
      assert.deepEqual(sent, ['CreateMultipartUploadCommand', 'UploadPartCommand', 'UploadPartCommand', 'UploadPartCommand', 'CompleteMultipartUploadCommand'], '20 MiB goes up as 8 + 8 + 4 MiB parts');
      sent.length = 0;
      const smallHandle = await s.writeStateFile(location, 'source-0', small);
      assert.deepEqual(sent, ['PutObjectCommand'], 'a small file is one PutObject');

      assert.deepEqual(await s.listCompletedCheckpoints(JOB), [], 'state files alone do not complete a checkpoint');
      const pointer = await s.writeMetadata(location, encodeMetadata({ checkpointId: 1, files: [bigHandle, smallHandle] }));
      assert.equal(pointer, location.uri);
      assert.deepEqual(await s.listCompletedCheckpoints(JOB), [1]);
      assert.deepEqual(await keysUnder(`${JOB}/`), [`${JOB}/chk-1/_metadata`, `${JOB}/chk-1/source-0`, `${JOB}/chk-1/window-0`]);

      const read = await s.readMetadata(pointer);
      assert.equal(read.location.uri, location.uri);
      const meta = decodeMetadata(read.metadata, pointer) as { files: { relativePath: string; size: number }[] };
      assert.deepEqual(meta.files, [bigHandle, smallHandle]);
      start = performance.now();
      const bigBack = await s.readStateFile(read.location, meta.files[0]!.relativePath);
      const readMs = performance.now() - start;
      assert.equal(bigBack.length, big.length);
      assert.ok(Buffer.from(bigBack.buffer, bigBack.byteOffset, bigBack.byteLength).equals(big), '20 MiB file equal byte for byte');
      assert.ok(Buffer.from(await s.readStateFile(read.location, meta.files[1]!.relativePath)).equals(small));
      assert.equal((await s.readMetadata(`${pointer}_metadata`)).location.uri, location.uri, 'a pointer to the _metadata file works too');
      t.diagnostic(`20 MiB state file: write ${writeMs.toFixed(0)} ms (multipart, 3 parts), read ${readMs.toFixed(0)} ms`);
    } finally {
      counting.destroy();
    }
  });

  it('keeps the newest N completed checkpoints and discards the rest, batch by batch', async () => {
    const jobId = 'retention-job';
    const s = createS3CheckpointStorage(client, root, { deleteBatchSize: 2 });
    for (let id = 1; id <= 4; id++) {
      const loc = s.checkpointLocation(jobId, id);
      for (let i = 0; i < 3; i++) await s.writeStateFile(loc, `op-${i}`, randomBytes(100));
      await s.writeMetadata(loc, encodeMetadata({ id }));
    }
    await s.writeStateFile(s.checkpointLocation(jobId, 5), 'op-0', randomBytes(100)); // an attempt in progress
    assert.deepEqual(await s.listCompletedCheckpoints(jobId), [1, 2, 3, 4]);
    assert.deepEqual(await retainCompletedCheckpoints(s, jobId, 2), [1, 2]);
    assert.deepEqual(await s.listCompletedCheckpoints(jobId), [3, 4]);
    const left = await keysUnder(`${jobId}/`);
    assert.ok(left.every((k) => /\/chk-[345]\//.test(k)), `only chk-3, chk-4 and the attempt remain: ${left.join(', ')}`);
    assert.equal(left.length, 9);

    // A failed attempt is discarded without leaving garbage.
    await s.discard(s.checkpointLocation(jobId, 5));
    assert.equal((await keysUnder(`${jobId}/chk-5/`)).length, 0);
    await s.discard(s.checkpointLocation(jobId, 5)); // nothing left: a no-op
    await assert.rejects(s.discard({ uri: `${root}/${jobId}/` }), weirError('ERR_RUNTIME_INTERNAL', 'refusing to discard'));
  });

  it('writes a self-contained savepoint that still restores after being copied elsewhere', async () => {
    const location = storage.savepointLocation(undefined, JOB);
    assert.match(location.uri, new RegExp(`^${root}/savepoints/savepoint-a1b2c3-[0-9a-f]{12}/$`));
    const bytes = randomBytes(10_000);
    const handle = await storage.writeStateFile(location, 'count-0', bytes);
    const pointer = await storage.writeMetadata(location, encodeMetadata({ handle }));

    const from = pointer.slice(`s3://${bucket}/`.length);
    const to = `${prefix}/relocated/backup-1/`;
    for (const name of ['_metadata', 'count-0']) {
      await client.send(new CopyObjectCommand({ Bucket: bucket, Key: `${to}${name}`, CopySource: `${bucket}/${from}${name}` }));
    }
    const read = await storage.readMetadata(`s3://${bucket}/${to}`);
    const meta = decodeMetadata(read.metadata, read.location.uri) as { handle: { relativePath: string } };
    assert.ok(Buffer.from(await storage.readStateFile(read.location, meta.handle.relativePath)).equals(bytes));
  });

  it('refuses a missing _metadata with ERR_CHECKPOINT_NOT_FOUND naming the pointer', async () => {
    const loc = storage.checkpointLocation(JOB, 77);
    await storage.writeStateFile(loc, 'orphan', randomBytes(10));
    await assert.rejects(storage.readMetadata(loc.uri), weirError('ERR_CHECKPOINT_NOT_FOUND', `no completed checkpoint at ${loc.uri}`, '_metadata does not exist'));
    const nowhere = `s3://${bucket}/${prefix}/no-such-checkpoint/`;
    await assert.rejects(storage.readMetadata(nowhere), weirError('ERR_CHECKPOINT_NOT_FOUND', nowhere));
    await assert.rejects(storage.readStateFile(loc, 'missing-0'), weirError('ERR_CHECKPOINT_NOT_FOUND', 'state file missing-0'));
  });

  it('refuses a corrupted _metadata with ERR_CHECKPOINT_CORRUPT naming the pointer', async () => {
    const loc = storage.checkpointLocation(JOB, 78);
    const pointer = await storage.writeMetadata(loc, encodeMetadata({ ok: true }));
    const key = `${pointer.slice(`s3://${bucket}/`.length)}_metadata`;
    const good = await (await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToByteArray();

    await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'garbage, not a checkpoint' }));
    await assert.rejects(storage.readMetadata(pointer), weirError('ERR_CHECKPOINT_CORRUPT', pointer, 'magic WEIRCHK1'));

    const flipped = Uint8Array.from(good);
    flipped[flipped.length - 1]! ^= 0x01;
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: flipped }));
    await assert.rejects(storage.readMetadata(pointer), weirError('ERR_CHECKPOINT_CORRUPT', pointer, 'CRC-32'));

    await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: good.subarray(0, good.length - 3) }));
    await assert.rejects(storage.readMetadata(pointer), weirError('ERR_CHECKPOINT_CORRUPT', pointer, 'announces'));
    assert.deepEqual(await storage.listCompletedCheckpoints(JOB), [1, 78], 'listing only checks existence; restoring checks the envelope');
  });

  it('aborts a multipart upload that fails half-way, leaving no object and no pending upload', async () => {
    const failing = createTestS3Client();
    const sent = instrument(failing, (command, input) =>
      command === 'UploadPartCommand' && input.PartNumber === 2
        ? Object.assign(new Error('injected 503'), { name: 'ServiceUnavailable', $metadata: { httpStatusCode: 503 } })
        : undefined,
    );
    try {
      const s = createS3CheckpointStorage(failing, root, { uploadConcurrency: 1 });
      const loc = s.checkpointLocation('abort-job', 1);
      await assert.rejects(s.writeStateFile(loc, 'big', randomBytes(17 * MiB)), (err: unknown) => {
        assert.ok(err instanceof WeirError);
        assert.equal(err.code, 'ERR_CHECKPOINT_STORAGE');
        assert.equal(err.retriable, true, 'a 503 is worth retrying');
        assert.match(err.message, /uploading s3:\/\/.*\/abort-job\/chk-1\/big in 3 parts: ServiceUnavailable HTTP 503/);
        return true;
      });
      assert.deepEqual(sent, ['CreateMultipartUploadCommand', 'UploadPartCommand', 'UploadPartCommand', 'AbortMultipartUploadCommand']);
      await assert.rejects(client.send(new HeadObjectCommand({ Bucket: bucket, Key: `${prefix}/abort-job/chk-1/big` })), { name: 'NotFound' });
      const pending = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: `${prefix}/abort-job/` }));
      assert.deepEqual(pending.Uploads ?? [], []);
    } finally {
      failing.destroy();
    }
  });

  it('is what createCheckpointStorage makes for an s3:// root with an injected client', async () => {
    const s = await createCheckpointStorage(`${root}/via-factory`, { s3Client: client });
    const loc = s.checkpointLocation(JOB, 3);
    await s.writeMetadata(loc, encodeMetadata({ via: 'factory' }));
    assert.deepEqual(decodeMetadata((await s.readMetadata(loc.uri)).metadata, loc.uri), { via: 'factory' });
    assert.equal(s.describe().startsWith(`S3 checkpoint storage at ${root}/via-factory/`), true);
  });

  it('fails with a retriable ERR_CHECKPOINT_STORAGE, and no secret, when nothing listens at the endpoint', async () => {
    const port = await freePort();
    const dead = new S3Client({
      endpoint: `http://127.0.0.1:${port}`,
      region: s3Settings.region,
      forcePathStyle: true,
      credentials: { accessKeyId: s3Settings.accessKeyId, secretAccessKey: s3Settings.secretAccessKey },
    });
    try {
      const s = createS3CheckpointStorage(dead, `s3://${bucket}/${prefix}/dead`);
      assert.ok(!s.describe().includes(s3Settings.secretAccessKey));
      const loc = s.checkpointLocation(JOB, 1);
      const failures = [
        await s.writeStateFile(loc, 'small', randomBytes(100)).catch((e: unknown) => e),
        await s.writeStateFile(loc, 'big', randomBytes(17 * MiB)).catch((e: unknown) => e),
        await s.writeMetadata(loc, encodeMetadata({})).catch((e: unknown) => e),
        await s.readMetadata(loc.uri).catch((e: unknown) => e),
        await s.listCompletedCheckpoints(JOB).catch((e: unknown) => e),
        await s.discard(loc).catch((e: unknown) => e),
      ];
      for (const err of failures) {
        assert.ok(err instanceof WeirError, `expected a WeirError, got ${String(err)}`);
        assert.equal(err.code, 'ERR_CHECKPOINT_STORAGE', err.message);
        assert.equal(err.retriable, true, err.message);
        assert.equal(err.domain, 'external');
        assert.ok(err.cause instanceof Error, 'the SDK error is kept as the cause');
        assert.match(err.message, new RegExp(`ECONNREFUSED.*127\\.0\\.0\\.1:${port}`));
        const everything = JSON.stringify(serializeError(err)) + String(err.stack);
        assert.ok(!everything.includes(s3Settings.secretAccessKey), `the secret key leaked: ${err.message}`);
      }
      assert.match((failures[0] as Error).message, new RegExp(`^checkpoint storage failed writing s3://${bucket}/${prefix}/dead/${JOB}/chk-1/small: ECONNREFUSED`));
    } finally {
      dead.destroy();
    }
  });
});
