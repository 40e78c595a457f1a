/**
 * The Kafka sink against the real broker: at-least-once delivery of a bounded job, and
 * exactly-once end to end (Kafka → job in worker threads with checkpoints → Kafka) while
 * worker threads are killed mid-stream: a read_committed consumer sees every record once.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Kafka } from 'kafkajs';
import { StreamEnvironment } from '@weir/operators';
import { executeInline, executeModule } from '@weir/runtime';
import { kafkaSink } from '@weir/connectors/kafka';
import { requireKafka } from '../harness/index.js';
import { createTopic, deleteTopics, readAll, runId, testKafka } from './jobs/kafka-helpers.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const between = (lo: number, hi: number) => lo + Math.floor(Math.random() * (hi - lo));

describe('kafkaSink (real Kafka broker)', () => {
  let kafka: Kafka;
  let brokers: string[];
  const topics: string[] = [];
  const dirs: string[] = [];

  before(async () => {
    brokers = await requireKafka();
    kafka = testKafka(brokers);
  });
  after(async () => {
    if (topics.length > 0) await deleteTopics(kafka, topics);
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('at-least-once: delivers every record of a bounded job, keyed and partitioned as asked', async () => {
    const topic = await createTopic(kafka, 'weir-sink-alo', 3);
    topics.push(topic);
    const N = 5000;
    const env = new StreamEnvironment({ parallelism: 2 });
    env
      .fromCollection('numbers', Array.from({ length: N }, (_, i) => i))
      .sinkTo('out', kafkaSink<number>({ kafka: () => kafka, topic, semantic: 'at-least-once', serialize: String, key: (i) => `k${i}`, partition: (i) => i % 3, batchSize: 300 }));
    assert.equal((await executeInline(env).done).status, 'FINISHED');
    const got = await readAll(kafka, topic, N);
    assert.equal(got.length, N);
    assert.deepEqual(new Set(got.map((m) => m.value!.toString())).size, N);
    for (const m of got) {
      const i = Number(m.value!.toString());
      assert.equal(m.partition, i % 3);
      assert.equal(m.key!.toString(), `k${i}`);
    }
  });

  it('exactly-once: Kafka → job (2 workers, checkpoints) → Kafka commits every record exactly once while workers are killed', async () => {
    const N = 20_000;
    const input = await createTopic(kafka, 'weir-eos-in', 3);
    const output = await createTopic(kafka, 'weir-eos-out', 2);
    topics.push(input, output);
    const producer = kafka.producer();
    await producer.connect();
    for (let i = 0; i < N; i += 2000) {
      await producer.send({ topic: input, acks: -1, messages: Array.from({ length: 2000 }, (_, k) => ({ value: `r${i + k}`, partition: (i + k) % 3 })) });
    }
    await producer.disconnect();

    const dir = mkdtempSync(join(tmpdir(), 'weir-kafka-eos-'));
    dirs.push(dir);
    const job = await executeModule(new URL('./jobs/kafka-exactly-once-job.ts', import.meta.url), {
      parallelism: 2,
      args: { brokers: brokers.join(','), input, output, prefix: `weir-eos-${runId}-${randomBytes(3).toString('hex')}` },
      checkpoints: { intervalMs: 150, storage: { root: pathToFileURL(dir).href } },
      restartStrategy: { kind: 'fixed-delay', attempts: 10, delayMs: 100 },
    });
    const KILLS = 2;
    for (let kill = 1; kill <= KILLS; kill++) {
      await sleep(between(700, 1200));
      await job.terminateSlot(between(0, 2));
      const until = Date.now() + 30_000;
      while (job.restarts < kill && Date.now() < until) await sleep(20);
      assert.equal(job.restarts, kill, `the job restarted after kill ${kill}`);
    }
    const result = await job.done;
    assert.equal(result.status, 'FINISHED');
    assert.equal(job.exceptionHistory.length, KILLS);
    assert.ok(job.checkpoints().counts.completed >= 2, 'checkpoints completed');

    const committed = await readAll(kafka, output, N, 'read_committed');
    const values = committed.map((m) => m.value!.toString());
    const counts = new Map<string, number>();
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
    const duplicates = [...counts].filter(([, c]) => c > 1).length;
    assert.equal(duplicates, 0, 'no record committed twice');
    assert.equal(counts.size, N, 'every record committed');
    assert.equal(values.length, N);
    // Uncommitted (aborted or never committed) output exists only outside read_committed.
    console.log(`exactly-once: ${N} records, ${job.checkpoints().counts.completed} checkpoints, ${job.restarts} restarts`);
  });
});
