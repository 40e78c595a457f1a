import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { WeirError } from '@weir/operators';
import { createFileCheckpointStorage, type FileCheckpointStorage } from './file-checkpoint-storage.js';
import { decodeMetadata, encodeMetadata } from './metadata-codec.js';
import { retainCompletedCheckpoints } from './retain-completed-checkpoints.js';

const JOB = '0123456789abcdef0123456789abcdef';

const weirError = (code: string, text?: string | RegExp) => (err: unknown) => {
  assert.ok(err instanceof WeirError, `expected a WeirError, got ${String(err)}`);
  assert.equal(err.code, code, err.message);
  if (typeof text === 'string') assert.ok(err.message.includes(text), `"${err.message}" should name ${text}`);
  else if (text !== undefined) assert.match(err.message, text);
  return true;
};

/** Every file below a directory, relative to it, sorted. */
function filesUnder(dir: string, base = dir): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name), base) : [join(dir, e.name).slice(base.length + 1)]))
    .sort();
}

describe('file checkpoint storage', () => {
  let dir: string;
  let root: string;
  let storage: FileCheckpointStorage;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'weir-chk-'));
    root = pathToFileURL(join(dir, 'checkpoints')).href;
    storage = createFileCheckpointStorage(root);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('lays checkpoints out as <root>/<jobId>/chk-<n>/ and savepoints as savepoint-<6 of jobId>-<12 hex>/', () => {
    assert.equal(storage.checkpointLocation(JOB, 7).uri, `${root}/${JOB}/chk-7/`);
    const sp = storage.savepointLocation(undefined, JOB).uri;
    assert.match(sp, new RegExp(`^${root}/savepoints/savepoint-012345-[0-9a-f]{12}/$`));
    assert.notEqual(storage.savepointLocation(undefined, JOB).uri, sp, 'every savepoint gets a fresh directory');
    const target = pathToFileURL(join(dir, 'elsewhere')).href;
    assert.match(storage.savepointLocation(target, JOB).uri, new RegExp(`^${target}/savepoint-012345-[0-9a-f]{12}/$`));
    assert.match(storage.describe(), /^file checkpoint storage at file:\/\/\/.*\/checkpoints\/ \(savepoints at .*\/checkpoints\/savepoints\/\)$/);
  });

  it('writes state files and then metadata, reads them back through the pointer', async () => {
    const location = storage.checkpointLocation(JOB, 1);
    const a = randomBytes(100_000);
    const handleA = await storage.writeStateFile(location, 'count-0', a);
    const handleB = await storage.writeStateFile(location, 'count:1', new Uint8Array(0));
    assert.deepEqual(handleA, { relativePath: 'count-0', size: 100_000 });
    assert.deepEqual(handleB, { relativePath: 'count:1', size: 0 });
    assert.deepEqual(await storage.listCompletedCheckpoints(JOB), [], 'no _metadata yet: not complete');

    const pointer = await storage.writeMetadata(location, encodeMetadata({ checkpointId: 1, files: [handleA, handleB] }));
    assert.equal(pointer, location.uri);
    assert.deepEqual(filesUnder(join(dir, 'checkpoints', JOB, 'chk-1')), ['_metadata', 'count-0', 'count:1'], 'no temporary file is left');

    for (const p of [pointer, pointer.slice(0, -1), `${pointer}_metadata`]) {
      const read = await storage.readMetadata(p);
      assert.equal(read.location.uri, location.uri, `pointer ${p}`);
      const meta = decodeMetadata(read.metadata, p) as { files: { relativePath: string; size: number }[] };
      assert.deepEqual(meta.files, [handleA, handleB]);
      assert.deepEqual(Buffer.from(await storage.readStateFile(read.location, meta.files[0]!.relativePath)), a);
      assert.equal((await storage.readStateFile(read.location, meta.files[1]!.relativePath)).length, 0);
    }
  });

  it('keeps checkpoints relocatable: a copied directory restores from its new place', async () => {
    const location = storage.checkpointLocation(JOB, 2);
    const bytes = randomBytes(1000);
    const handle = await storage.writeStateFile(location, 'state', bytes);
    await storage.writeMetadata(location, encodeMetadata({ handle }));
    const moved = join(dir, 'moved', 'my-backup');
    cpSync(join(dir, 'checkpoints', JOB, 'chk-2'), moved, { recursive: true });
    const read = await storage.readMetadata(pathToFileURL(moved).href);
    const meta = decodeMetadata(read.metadata, read.location.uri) as { handle: { relativePath: string } };
    assert.deepEqual(Buffer.from(await storage.readStateFile(read.location, meta.handle.relativePath)), bytes);
    await storage.discard(location);
  });

  it('lists only completed checkpoints, ascending, and ignores other directories', async () => {
    const jobId = 'list-job';
    for (const id of [10, 2, 33]) {
      const loc = storage.checkpointLocation(jobId, id);
      await storage.writeStateFile(loc, 's', new Uint8Array([id]));
      await storage.writeMetadata(loc, encodeMetadata({ id }));
    }
    await storage.writeStateFile(storage.checkpointLocation(jobId, 40), 's', new Uint8Array([1])); // in progress
    writeFileSync(join(dir, 'checkpoints', jobId, 'chk-x'), 'not a checkpoint');
    assert.deepEqual(await storage.listCompletedCheckpoints(jobId), [2, 10, 33]);
    assert.deepEqual(await storage.listCompletedCheckpoints('never-ran'), []);
  });

  it('retains the newest N completed checkpoints and discards the rest entirely', async () => {
    const jobId = 'retain-job';
    for (let id = 1; id <= 5; id++) {
      const loc = storage.checkpointLocation(jobId, id);
      await storage.writeStateFile(loc, 'op-0', randomBytes(10));
      await storage.writeMetadata(loc, encodeMetadata({ id }));
    }
    assert.deepEqual(await retainCompletedCheckpoints(storage, jobId, 2), [1, 2, 3]);
    assert.deepEqual(await storage.listCompletedCheckpoints(jobId), [4, 5]);
    assert.deepEqual(readdirSync(join(dir, 'checkpoints', jobId)).sort(), ['chk-4', 'chk-5'], 'no garbage left');
    assert.deepEqual(await retainCompletedCheckpoints(storage, jobId, 2), []);
    await assert.rejects(retainCompletedCheckpoints(storage, jobId, 0), weirError('ERR_CONFIG_INVALID'));
  });

  it('discards a failed attempt without leaving garbage, and a missing location is a no-op', async () => {
    const loc = storage.checkpointLocation(JOB, 99);
    await storage.writeStateFile(loc, 'a', randomBytes(10));
    await storage.writeStateFile(loc, 'b', randomBytes(10));
    await storage.discard(loc);
    assert.equal(existsSync(join(dir, 'checkpoints', JOB, 'chk-99')), false);
    await storage.discard(loc);
    await storage.discard(storage.savepointLocation(undefined, JOB));
  });

  it('refuses to discard a directory it did not create', async () => {
    await assert.rejects(storage.discard({ uri: `${root}/` }), weirError('ERR_RUNTIME_INTERNAL', 'refusing to discard'));
    await assert.rejects(storage.discard({ uri: `${root}/${JOB}/` }), weirError('ERR_RUNTIME_INTERNAL', 'refusing to discard'));
    assert.ok(existsSync(join(dir, 'checkpoints', JOB)));
  });

  it('refuses a missing _metadata with ERR_CHECKPOINT_NOT_FOUND naming the pointer', async () => {
    const loc = storage.checkpointLocation(JOB, 50);
    await storage.writeStateFile(loc, 'only-state', randomBytes(10));
    await assert.rejects(storage.readMetadata(loc.uri), weirError('ERR_CHECKPOINT_NOT_FOUND', `no completed checkpoint at ${loc.uri}`));
    const nowhere = pathToFileURL(join(dir, 'nowhere')).href;
    await assert.rejects(storage.readMetadata(nowhere), weirError('ERR_CHECKPOINT_NOT_FOUND', nowhere));
    await assert.rejects(storage.readStateFile(loc, 'absent'), weirError('ERR_CHECKPOINT_NOT_FOUND', 'state file absent'));
  });

  it('refuses a corrupted _metadata with ERR_CHECKPOINT_CORRUPT naming the pointer', async () => {
    const loc = storage.checkpointLocation(JOB, 51);
    await storage.writeMetadata(loc, encodeMetadata({ ok: true }));
    const file = join(dir, 'checkpoints', JOB, 'chk-51', '_metadata');
    const good = readFileSync(file);
    writeFileSync(file, good.subarray(0, good.length - 1));
    await assert.rejects(storage.readMetadata(loc.uri), weirError('ERR_CHECKPOINT_CORRUPT', loc.uri));
    writeFileSync(file, 'garbage');
    await assert.rejects(storage.readMetadata(loc.uri), weirError('ERR_CHECKPOINT_CORRUPT', loc.uri));
  });

  it('refuses to write metadata that is not an envelope, and state file names that are not plain names', async () => {
    const loc = storage.checkpointLocation(JOB, 52);
    await assert.rejects(storage.writeMetadata(loc, new TextEncoder().encode('{"json":true}')), weirError('ERR_RUNTIME_INTERNAL', 'not an envelope'));
    for (const name of ['', '.hidden', '../escape', 'a/b', '_metadata', 'a\\b', 'x'.repeat(201)]) {
      await assert.rejects(storage.writeStateFile(loc, name, new Uint8Array(1)), weirError('ERR_RUNTIME_INTERNAL', 'state file name'), name);
    }
    assert.equal(existsSync(join(dir, 'checkpoints', JOB, 'chk-52')), false, 'nothing was written');
  });

  it('refuses state paths from metadata that leave the checkpoint directory', async () => {
    const loc = storage.checkpointLocation(JOB, 53);
    for (const path of ['../chk-1/count-0', '/etc/passwd', 'a//b', './a', '', '_metadata']) {
      await assert.rejects(storage.readStateFile(loc, path), weirError('ERR_CHECKPOINT_CORRUPT', 'is not a path inside the checkpoint directory'), path);
    }
  });

  it('reports an I/O failure as ERR_CHECKPOINT_STORAGE, external, with the cause, and leaves no temporary file', async () => {
    // A file where the job's directory should be: mkdir fails with ENOTDIR/EEXIST.
    const blocked = createFileCheckpointStorage(pathToFileURL(join(dir, 'blocked')).href);
    writeFileSync(join(dir, 'blocked'), 'a file, not a directory');
    const err = await blocked.writeStateFile(blocked.checkpointLocation(JOB, 1), 'x', new Uint8Array(3)).then(
      () => assert.fail('the write should fail'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof WeirError);
    assert.equal(err.code, 'ERR_CHECKPOINT_STORAGE');
    assert.equal(err.domain, 'external');
    assert.equal(err.retriable, false);
    assert.ok(err.cause instanceof Error);
    assert.match(err.message, /checkpoint storage failed writing .*\/blocked\/.*\/chk-1\/x: (ENOTDIR|EEXIST)/);
  });

  it('writes concurrently into one location', async () => {
    const loc = storage.checkpointLocation(JOB, 60);
    const blobs = Array.from({ length: 16 }, (_, i) => randomBytes(1000 + i));
    await Promise.all(blobs.map((b, i) => storage.writeStateFile(loc, `op-${i}`, b)));
    for (const [i, b] of blobs.entries()) assert.deepEqual(Buffer.from(await storage.readStateFile(loc, `op-${i}`)), b);
  });

  it('rejects roots and savepoint directories that are not file:/// URIs', () => {
    for (const bad of ['relative/dir', '/abs/but/bare', 'file://host/dir', 'file:relative', 's3://bucket/x', 'file:///x?y=1']) {
      assert.throws(() => createFileCheckpointStorage(bad), weirError('ERR_CONFIG_INVALID', JSON.stringify(bad)), bad);
    }
    assert.throws(() => storage.savepointLocation('s3://bucket/sp', JOB), weirError('ERR_CONFIG_INVALID', 'savepoint target directory'));
    assert.throws(() => storage.checkpointLocation('../etc', 1), weirError('ERR_RUNTIME_INTERNAL', 'job id'));
    assert.throws(() => storage.checkpointLocation(JOB, -1), weirError('ERR_RUNTIME_INTERNAL', 'checkpoint id'));
    assert.throws(() => storage.checkpointLocation(JOB, 1.5), weirError('ERR_RUNTIME_INTERNAL', 'checkpoint id'));
  });
});
