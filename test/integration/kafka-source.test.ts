/**
 * The Kafka source against the real broker: a 3-partition topic read at parallelism 2
 * (subtask s owns partitions p % 2 === s), start positions, native timestamps, dead letters,
 * and offsets resumed from a savepoint at parallelism 3 and 1.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Kafka, KafkaMessage } from 'kafkajs';
import { StreamEnvironment } from '@weir/operators';
import { collectSink } from '@weir/operators/testing';
import { executeInline } from '@weir/runtime';
import { kafkaSource } from '@weir/connectors/kafka';
import { requireKafka } from '../harness/index.js';
import { createTopic, deleteTopics, readAll, runId, testKafka } from './jobs/kafka-helpers.js';

interface Rec {
  readonly p: number;
  readonly i: number;
}

const T0 = Date.now() - 60_000;
const PER_PARTITION = 40;
const parse = (m: KafkaMessage): Rec => {
  const v = JSON.parse(m.value!.toString('utf8')) as Rec;
  if (typeof v.p !== 'number') throw new Error('not a record');
  return v;
};
const tsOf = (p: number, i: number) => T0 + i * 100 + p;

describe('kafkaSource (real Kafka broker)', () => {
  let kafka: Kafka;
  const topics: string[] = [];
  const dirs: string[] = [];
  let input: string;
  let dlq: string;

  before(async () => {
    kafka = testKafka(await requireKafka());
    input = await createTopic(kafka, 'weir-src', 3);
    dlq = await createTopic(kafka, 'weir-src-dlq', 1);
    topics.push(input, dlq);
    const producer = kafka.producer();
    await producer.connect();
    for (let p = 0; p < 3; p++) {
      const messages = Array.from({ length: PER_PARTITION }, (_, i) => ({ partition: p, value: JSON.stringify({ p, i }), timestamp: String(tsOf(p, i)) }));
      // One record that does not deserialize, in partition 1 at offset 20.
      if (p === 1) messages.splice(20, 0, { partition: 1, value: 'not json {', timestamp: String(T0), headers: { origin: 'test' } } as never);
      await producer.send({ topic: input, messages, acks: -1 });
    }
    await producer.disconnect();
  });
  after(async () => {
    await deleteTopics(kafka, topics);
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  const source = (extra: Partial<Parameters<typeof kafkaSource<Rec>>[0]> = {}) =>
    kafkaSource<Rec>({ kafka: () => kafka, topic: input, deserialize: parse, deadLetterTopic: dlq, stoppingOffsets: 'latest', ...extra });

  it('reads every partition from the earliest offset at parallelism 2, with native timestamps and partition ownership p % 2, and dead-letters the bad record', async () => {
    const env = new StreamEnvironment({ parallelism: 2 });
    const sink = collectSink<Rec>();
    env.fromSource('kafka', source()).sinkTo('out', sink);
    const result = await executeInline(env).done;
    assert.equal(result.status, 'FINISHED');
    const records = sink.records();
    assert.equal(records.length, 3 * PER_PARTITION);
    assert.deepEqual(new Set(records.map((r) => `${r.value.p}/${r.value.i}`)).size, 3 * PER_PARTITION, 'no duplicates');
    for (const r of records) {
      assert.equal(r.timestamp, tsOf(r.value.p, r.value.i), 'the Kafka timestamp is the native timestamp');
      assert.equal(r.subtaskIndex, r.value.p % 2, `partition ${r.value.p} is read by subtask ${r.value.p % 2}`);
    }
    // Per partition, in offset order.
    for (let p = 0; p < 3; p++) {
      const is = records.filter((r) => r.value.p === p).map((r) => r.value.i);
      assert.deepEqual(is, Array.from({ length: PER_PARTITION }, (_, i) => i));
    }
    const dead = await readAll(kafka, dlq, 1);
    assert.equal(dead.length, 1, 'one dead letter, once');
    const h = Object.fromEntries(Object.entries(dead[0]!.headers ?? {}).map(([k, v]) => [k, String(v)]));
    assert.equal(dead[0]!.value!.toString(), 'not json {');
    assert.equal(h['weir.dlq.topic'], input);
    assert.equal(h['weir.dlq.partition'], '1');
    assert.equal(h['weir.dlq.offset'], '20');
    assert.match(h['weir.dlq.reason']!, /JSON/);
    assert.equal(h.origin, 'test', 'the record keeps its own headers');
  });

  it("starts at 'latest' (nothing to read) and at a timestamp", async () => {
    const latest = new StreamEnvironment({ parallelism: 2 });
    const none = collectSink<Rec>();
    latest.fromSource('kafka', source({ startingOffsets: 'latest', deadLetterTopic: undefined })).sinkTo('out', none);
    assert.equal((await executeInline(latest).done).status, 'FINISHED');
    assert.equal(none.records().length, 0);

    const fromTs = new StreamEnvironment({ parallelism: 2 });
    const some = collectSink<Rec>();
    fromTs.fromSource('kafka', source({ startingOffsets: { timestamp: T0 + 3000 }, deadLetterTopic: undefined })).sinkTo('out', some);
    assert.equal((await executeInline(fromTs).done).status, 'FINISHED');
    // Timestamps grow with i in each partition: i ≥ 30 (p = 0) or i ≥ 30 (p > 0, ts = T0 + 100 i + p ≥ T0 + 3000).
    const expected = [0, 1, 2].flatMap((p) => Array.from({ length: PER_PARTITION }, (_, i) => ({ p, i })).filter(({ p: q, i }) => tsOf(q, i) >= T0 + 3000));
    assert.deepEqual(some.values().map((r) => `${r.p}/${r.i}`).sort(), expected.map((r) => `${r.p}/${r.i}`).sort());
  });

  it('resumes from checkpointed offsets after a savepoint at parallelism 3 and 1, reading every later record exactly once, and commits offsets to the group', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'weir-kafka-src-'));
    dirs.push(dir);
    const root = pathToFileURL(dir).href;
    const groupId = `weir-test-group-${runId}`;
    const first = collectSink<Rec>();
    const env = new StreamEnvironment({ parallelism: 2 });
    env.fromSource('kafka', source({ stoppingOffsets: undefined, groupId })).sinkTo('out', first);
    const job = executeInline(env, { checkpoints: { intervalMs: 50, storage: { root } } });
    const until = Date.now() + 15_000;
    while (first.records().length < 3 * PER_PARTITION && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    // Checkpoints completed after everything was read commit the end offsets to the group (monitoring).
    const endOffsets = [[0, String(PER_PARTITION)], [1, String(PER_PARTITION + 1)], [2, String(PER_PARTITION)]];
    const admin = kafka.admin();
    await admin.connect();
    let committed: [number, string][] = [];
    while (Date.now() < until) {
      const [offsets] = await admin.fetchOffsets({ groupId, topics: [input] });
      committed = offsets!.partitions.map((p) => [p.partition, p.offset] as [number, string]).sort((a, b) => a[0] - b[0]);
      if (JSON.stringify(committed) === JSON.stringify(endOffsets)) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await admin.disconnect();
    assert.deepEqual(committed, endOffsets);
    let savepoint: Awaited<ReturnType<typeof job.stopWithSavepoint>> | undefined;
    while (savepoint === undefined) {
      // A periodic checkpoint in progress makes the savepoint wait its turn.
      savepoint = await job.stopWithSavepoint().catch((err: Error) => {
        if (!/in progress/.test(err.message)) throw err;
        return new Promise<undefined>((r) => setTimeout(() => r(undefined), 10));
      });
    }
    assert.equal((await job.done).status, 'CANCELED');
    assert.equal(first.records().length, 3 * PER_PARTITION);

    // More records after the savepoint.
    const producer = kafka.producer();
    await producer.connect();
    for (let p = 0; p < 3; p++) {
      await producer.send({ topic: input, acks: -1, messages: Array.from({ length: 10 }, (_, k) => ({ partition: p, value: JSON.stringify({ p, i: PER_PARTITION + k }), timestamp: String(tsOf(p, PER_PARTITION + k)) })) });
    }
    await producer.disconnect();
    const later = [0, 1, 2].flatMap((p) => Array.from({ length: 10 }, (_, k) => `${p}/${PER_PARTITION + k}`)).sort();

    for (const parallelism of [3, 1]) {
      const resumed = new StreamEnvironment({ parallelism });
      const sink = collectSink<Rec>();
      resumed.fromSource('kafka', source()).sinkTo('out', sink);
      const run = executeInline(resumed, { checkpoints: { intervalMs: 50, storage: { root } }, restore: { pointer: savepoint.pointer } });
      assert.equal((await run.done).status, 'FINISHED');
      assert.deepEqual(sink.values().map((r) => `${r.p}/${r.i}`).sort(), later, `parallelism ${parallelism}: exactly the records after the savepoint`);
      if (parallelism === 3) {
        // Ownership follows the restored states: old subtask 0 (partitions 0, 2) → new 0, old 1 → new 1, new 2 owns nothing.
        for (const r of sink.records()) assert.equal(r.subtaskIndex, r.value.p % 2);
      }
    }
  });
});
