import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { createTestS3Client, requireS3 } from '../harness/index.js';

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

describe('S3 smoke (real S3-compatible server)', () => {
  let s3: S3Client;
  let bucket: string;
  const prefix = `smoke/${randomBytes(4).toString('hex')}/`;

  before(async () => {
    bucket = (await requireS3()).bucket;
    s3 = createTestS3Client();
  });
  after(async () => {
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
    const keys = (listed.Contents ?? []).map((o) => ({ Key: o.Key! }));
    if (keys.length > 0) await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys } }));
    s3.destroy();
  });

  it('puts and gets an object', async () => {
    const body = Buffer.from('hello, weir');
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `${prefix}small.txt`, Body: body, ContentType: 'text/plain' }));
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: `${prefix}small.txt` }));
    assert.equal(await got.Body!.transformToString(), 'hello, weir');
    assert.equal(got.ContentType, 'text/plain');
  });

  it('round-trips a streamed body byte for byte', async () => {
    const bytes = randomBytes(3 * 1024 * 1024 + 17);
    const chunks = Array.from({ length: Math.ceil(bytes.length / 65536) }, (_, i) => bytes.subarray(i * 65536, (i + 1) * 65536));
    await s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: `${prefix}streamed.bin`, Body: Readable.from(chunks), ContentLength: bytes.length }),
    );
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: `${prefix}streamed.bin` }));
    const back = await got.Body!.transformToByteArray();
    assert.equal(back.length, bytes.length);
    assert.equal(sha(back), sha(bytes));
  });

  it('completes a multipart upload', async () => {
    const key = `${prefix}multipart.bin`;
    const parts = [randomBytes(5 * 1024 * 1024), randomBytes(5 * 1024 * 1024), randomBytes(1234)];
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }));
    assert.ok(UploadId);
    const etags: { ETag: string; PartNumber: number }[] = [];
    for (const [i, part] of parts.entries()) {
      const res = await s3.send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber: i + 1, Body: part }));
      etags.push({ ETag: res.ETag!, PartNumber: i + 1 });
    }
    await s3.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId, MultipartUpload: { Parts: etags } }));
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    assert.equal(sha(await got.Body!.transformToByteArray()), sha(Buffer.concat(parts)));
  });

  it('lists by prefix and deletes', async () => {
    for (const name of ['a', 'b', 'c']) {
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `${prefix}list/${name}`, Body: name }));
    }
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `${prefix}list/` }));
    assert.deepEqual((listed.Contents ?? []).map((o) => o.Key).sort(), ['a', 'b', 'c'].map((n) => `${prefix}list/${n}`));
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: `${prefix}list/b` }));
    const after = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `${prefix}list/` }));
    assert.deepEqual((after.Contents ?? []).map((o) => o.Key).sort(), ['a', 'c'].map((n) => `${prefix}list/${n}`));
    await assert.rejects(s3.send(new GetObjectCommand({ Bucket: bucket, Key: `${prefix}list/b` })), { name: 'NoSuchKey' });
  });
});
