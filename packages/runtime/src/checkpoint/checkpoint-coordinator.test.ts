import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { CheckpointCoordinator } from './checkpoint-coordinator.js';
import { resolveCheckpointConfig } from './checkpoint-config.js';
import { createFileCheckpointStorage } from './storage/file-checkpoint-storage.js';
import type { CheckpointLocation } from './storage/checkpoint-storage.js';

const JOB = '0123456789abcdef0123456789abcdef';
const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function storage() {
  const dir = mkdtempSync(join(tmpdir(), 'weir-coord-'));
  dirs.push(dir);
  return createFileCheckpointStorage(pathToFileURL(dir).href);
}

describe('CheckpointCoordinator', () => {
  it('completes a checkpoint when every task acknowledged, writes _metadata last, notifies, and keeps the newest N', async () => {
    const store = storage();
    const begun: [number, CheckpointLocation][] = [];
    const notified: [number, boolean][] = [];
    const c = new CheckpointCoordinator(JOB, store, resolveCheckpointConfig({ intervalMs: 1000, retained: 2 }), 2, 1, 128, {
      begin: (id, l) => begun.push([id, l]),
      notifyComplete: (id, final) => notified.push([id, final]),
    }, 1);
    for (let round = 0; round < 3; round++) {
      const done = c.trigger('checkpoint');
      const [id, location] = begun.at(-1)!;
      for (const task of [0, 1]) {
        const file = await store.writeStateFile(location, `v-${task}.state`, new Uint8Array([1, 2, 3]));
        assert.deepEqual(await store.listCompletedCheckpoints(JOB), round === 0 ? [] : [...Array(round).keys()].map((i) => i + 1).slice(-2), 'no _metadata before the last ack');
        c.acknowledge(id, { vertexId: 'v', subtaskIndex: task, parallelism: 2, steps: ['s'], file });
      }
      const completed = await done;
      assert.equal(completed.id, round + 1);
    }
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(await store.listCompletedCheckpoints(JOB), [2, 3], 'only the newest two are retained');
    assert.deepEqual(notified, [[1, false], [2, false], [3, false]]);
    assert.deepEqual(c.counts, { triggered: 3, completed: 3, failed: 0, inProgress: 0 });
  });

  it('fails a checkpoint that times out or is declined, counts it, and leaves no _metadata', async () => {
    const store = storage();
    const c = new CheckpointCoordinator(JOB, store, resolveCheckpointConfig({ intervalMs: 1000, timeoutMs: 30 }), 1, 1, 128, { begin() {}, notifyComplete() {} }, 5);
    await assert.rejects(c.trigger('checkpoint'), { code: 'ERR_CHECKPOINT_DECLINED', message: /checkpoint 5 failed: timed out after 30 ms/ });
    const second = c.trigger('checkpoint');
    c.decline(6, 'task v#0 could not store its state: disk full');
    await assert.rejects(second, /disk full/);
    assert.deepEqual(c.counts, { triggered: 2, completed: 0, failed: 2, inProgress: 0 });
    assert.deepEqual(c.history.map((h) => [h.id, h.status]), [[5, 'FAILED'], [6, 'FAILED']]);
    assert.deepEqual(await store.listCompletedCheckpoints(JOB), []);
  });

  it('runs one checkpoint at a time', async () => {
    const c = new CheckpointCoordinator(JOB, storage(), resolveCheckpointConfig({ intervalMs: 1000 }), 1, 1, 128, { begin() {}, notifyComplete() {} }, 1);
    const first = c.trigger('checkpoint');
    await assert.rejects(c.trigger('checkpoint'), /checkpoint 1 is still in progress/);
    c.stop();
    await assert.rejects(first, /the job attempt ended/);
  });
});

describe('CheckpointCoordinator savepoints', () => {
  it('waits for a running checkpoint instead of refusing a savepoint', async () => {
    const store = storage();
    const begun: [number, CheckpointLocation][] = [];
    const c = new CheckpointCoordinator(JOB, store, resolveCheckpointConfig({ intervalMs: 1000 }), 1, 1, 128, {
      begin: (id, l) => begun.push([id, l]),
      notifyComplete() {},
    }, 1);
    const ack = async (id: number, location: CheckpointLocation) =>
      c.acknowledge(id, { vertexId: 'v', subtaskIndex: 0, parallelism: 1, steps: ['s'], file: await store.writeStateFile(location, 'v-0.state', new Uint8Array([1])) });
    const checkpoint = c.trigger('checkpoint');
    const savepoint = c.savepoint();
    await ack(...begun[0]!);
    assert.equal((await checkpoint).kind, 'checkpoint');
    while (begun.length < 2) await new Promise((r) => setTimeout(r, 1));
    await ack(...begun[1]!);
    const done = await savepoint;
    assert.equal(done.kind, 'savepoint');
    assert.match(done.pointer, /\/savepoints\/savepoint-012345-[0-9a-f]{12}\/$/);
  });
});
