import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { S3Client } from '@aws-sdk/client-s3';
import { WeirError } from '@weir/operators';
import { createCheckpointStorage } from './create-checkpoint-storage.js';
import { FileCheckpointStorage } from './file-checkpoint-storage.js';
import { S3CheckpointStorage } from './s3-checkpoint-storage.js';

const configInvalid = (...fragments: string[]) => (err: unknown) => {
  assert.ok(err instanceof WeirError, `expected a WeirError, got ${String(err)}`);
  assert.equal(err.code, 'ERR_CONFIG_INVALID', err.message);
  assert.equal(err.domain, 'user');
  for (const f of fragments) assert.ok(err.message.includes(f), `"${err.message}" should contain "${f}"`);
  return true;
};

describe('createCheckpointStorage', () => {
  const secret = 'do-not-print-this-secret';
  const client = new S3Client({
    endpoint: 'http://127.0.0.1:1',
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: secret },
  });

  it('makes file storage for file:/// and S3 storage for s3:// with an injected client', async () => {
    const root = pathToFileURL(tmpdir()).href;
    assert.ok((await createCheckpointStorage(root)) instanceof FileCheckpointStorage);
    assert.ok((await createCheckpointStorage('file://localhost/var/weir')) instanceof FileCheckpointStorage);
    const s3 = await createCheckpointStorage('s3://weir-bucket/checkpoints/prod', { s3Client: client, s3: { partSizeBytes: 16 * 1024 * 1024 } });
    assert.ok(s3 instanceof S3CheckpointStorage);
    assert.equal(s3.checkpointLocation('job', 4).uri, 's3://weir-bucket/checkpoints/prod/job/chk-4/');
    assert.equal(
      s3.describe(),
      'S3 checkpoint storage at s3://weir-bucket/checkpoints/prod/ (savepoints at s3://weir-bucket/checkpoints/prod/savepoints/; multipart above 16 MiB in 16 MiB parts)',
    );
    assert.ok(!s3.describe().includes(secret));
    const sp = await createCheckpointStorage('s3://weir-bucket', { s3Client: client, savepointDirectory: 's3://other-bucket/sp/' });
    assert.equal(sp.checkpointLocation('job', 1).uri, 's3://weir-bucket/job/chk-1/');
    assert.match(sp.savepointLocation(undefined, 'abcdef0123').uri, /^s3:\/\/other-bucket\/sp\/savepoint-abcdef-[0-9a-f]{12}\/$/);
  });

  it('refuses relative and bare paths, hosts, missing buckets and other schemes with a clear ERR_CONFIG_INVALID', async () => {
    const cases: [string, ...string[]][] = [
      ['checkpoints', 'not a URI', 'file:///absolute/dir or s3://bucket/prefix'],
      ['./checkpoints', 'not a URI'],
      ['/var/weir/checkpoints', 'not a URI'],
      ['file://checkpoints/dir', 'file:///absolute/dir'],
      ['file:checkpoints', 'file:///absolute/dir'],
      ['s3://', 'bucket is missing'],
      ['s3:///prefix', 'bucket is missing'],
      ['s3:bucket/prefix', 's3://bucket/prefix'],
      ['s3://Bad_Bucket/x', 'not a valid S3 bucket name'],
      ['s3://bucket/a//b', 'empty, "." or ".." segment'],
      ['s3://bucket/a/../b', 'empty, "." or ".." segment'],
      ['hdfs://namenode/checkpoints', 'unsupported scheme "hdfs:"'],
      ['https://bucket.s3.amazonaws.com/x', 'unsupported scheme "https:"'],
      ['', 'not a URI'],
    ];
    for (const [root, ...fragments] of cases) {
      await assert.rejects(createCheckpointStorage(root, { s3Client: client }), configInvalid('checkpoint storage root', JSON.stringify(root), ...fragments), root);
    }
  });

  it('requires an injected client for an s3:// root', async () => {
    await assert.rejects(createCheckpointStorage('s3://weir-bucket/prefix'), configInvalid('needs an S3 client', 's3Client'));
  });

  it('refuses a savepoint directory of another scheme and bad S3 sizes', async () => {
    await assert.rejects(
      createCheckpointStorage(pathToFileURL(tmpdir()).href, { savepointDirectory: 's3://bucket/sp' }),
      configInvalid('default savepoint directory', 'file:/// URIs only'),
    );
    await assert.rejects(
      createCheckpointStorage('s3://bucket/x', { s3Client: client, savepointDirectory: 'file:///tmp/sp' }),
      configInvalid('s3:// URIs only'),
    );
    await assert.rejects(createCheckpointStorage('s3://bucket/x', { s3Client: client, s3: { partSizeBytes: 1024 } }), configInvalid('partSizeBytes'));
    await assert.rejects(createCheckpointStorage('s3://bucket/x', { s3Client: client, s3: { deleteBatchSize: 5000 } }), configInvalid('deleteBatchSize'));
  });
});
