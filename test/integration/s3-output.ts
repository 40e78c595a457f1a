import { DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { s3Settings } from '../harness/index.js';

/** Every key under `prefix` in the test bucket. */
export async function listKeys(s3: S3Client, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: s3Settings.bucket, Prefix: prefix, ContinuationToken: token }));
    for (const o of page.Contents ?? []) keys.push(o.Key!);
    token = page.NextContinuationToken;
  } while (token !== undefined);
  return keys;
}

/** Every line of the committed parts under `prefix/`, sorted (pending parts are not output). */
export async function committedLines(s3: S3Client, prefix: string): Promise<string[]> {
  const keys = (await listKeys(s3, `${prefix}/`)).filter((k) => !k.includes('/.pending/'));
  const lines: string[] = [];
  for (const key of keys) {
    const body = await (await s3.send(new GetObjectCommand({ Bucket: s3Settings.bucket, Key: key }))).Body!.transformToString();
    lines.push(...body.split('\n').filter((l) => l.length > 0));
  }
  return lines.sort();
}

/** Deletes everything under `prefix`. */
export async function deletePrefix(s3: S3Client, prefix: string): Promise<void> {
  const keys = await listKeys(s3, prefix);
  for (let i = 0; i < keys.length; i += 1000) {
    await s3.send(new DeleteObjectsCommand({ Bucket: s3Settings.bucket, Delete: { Objects: keys.slice(i, i + 1000).map((Key) => ({ Key })) } }));
  }
}
