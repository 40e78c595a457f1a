/**
 * B3, Kafka pass-through (docs/benchmarks.md): N records pre-loaded (untimed) into a
 * 2-partition input topic; the framework reads them with `kafkaSource` (bounded at the end
 * offsets), maps each value and writes it with `kafkaSink` into a fresh output topic, at
 * parallelism 1 with `executeInline`:
 * - `kafka-at-least-once`: no checkpoints, at-least-once sink;
 * - `kafka-exactly-once`: a checkpoint every second, exactly-once (transactional) sink.
 * The baseline, for both cases, is raw kafkajs: a consumer's `eachBatch` over the input topic
 * and a producer's batched `send`s of the same mapped values into another fresh topic, with
 * no fault tolerance. The outcome of either side is the count and checksum of the values in
 * its output topic, read back after the run (untimed) by a `read_committed` consumer, so
 * the exactly-once side counts only what it committed.
 *
 * Unlike B1, a run needs untimed work around it (a fresh topic before, reading it back
 * after), which `measureCase` would time; so this module also holds {@link measurePhased},
 * the same A B A B measurement with a prepare/run/verify split, used by B3 and B4.
 *
 * @module
 */

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { StreamEnvironment } from '@weir/operators';
import { executeInline } from '@weir/runtime';
import { kafkaSink, kafkaSource } from '@weir/connectors/kafka';
import { requireKafka } from '@weir/test/harness';
import { Checksum, type Outcome } from './checksum-sink.js';
import type { PhasedCase, PhasedRun } from './harness.js';

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

/** Options of {@link b3Cases}. */
export interface B3Options {
  /** Records pre-loaded into the input topic. */
  readonly events: number;
}

const INPUT_PARTITIONS = 2;
const OUTPUT_PARTITIONS = 2;
/** Records per producer send, on both sides (the sink's `batchSize`, the baseline's chunk). */
const BATCH = 1000;
/** A payload making records ~100 bytes, a typical small event. */
const PADDING = 'x'.repeat(80);

/** Input record i: `<i>|<padding>`. */
const inputValue = (i: number): string => `${i}|${PADDING}`;

/** The map of both sides: the number multiplied by 3 plus 1, the rest kept. */
export function mapValue(v: string): string {
  const bar = v.indexOf('|');
  return `${Number(v.slice(0, bar)) * 3 + 1}${v.slice(bar)}`;
}

/** Row hash of an output value: its number and its length. */
function hashValue(v: string): number {
  const bar = v.indexOf('|');
  return Number(v.slice(0, bar)) * 131 + v.length;
}

const kafkaClient = (brokers: string[], clientId: string): Kafka =>
  new Kafka({ clientId, brokers, logLevel: logLevel.NOTHING, retry: { retries: 8, initialRetryTime: 100 } });

const unique = (prefix: string): string => `${prefix}-${randomBytes(5).toString('hex')}`;

async function withAdmin<R>(kafka: Kafka, f: (admin: Admin) => Promise<R>): Promise<R> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await f(admin);
  } finally {
    await admin.disconnect();
  }
}

async function createTopic(kafka: Kafka, prefix: string, partitions: number): Promise<string> {
  const topic = unique(prefix);
  await withAdmin(kafka, (admin) => admin.createTopics({ topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }], waitForLeaders: true }));
  return topic;
}

async function deleteTopic(kafka: Kafka, topic: string): Promise<void> {
  await withAdmin(kafka, (admin) => admin.deleteTopics({ topics: [topic] }));
}

/** Pre-loads `n` records into the input topic, round-robin over its partitions (untimed). */
async function preload(kafka: Kafka, topic: string, n: number): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  try {
    const CHUNK = 10_000;
    const inFlight: Promise<unknown>[] = [];
    for (let i = 0; i < n; i += CHUNK) {
      const messages = Array.from({ length: Math.min(CHUNK, n - i) }, (_, k) => ({ value: inputValue(i + k), partition: (i + k) % INPUT_PARTITIONS }));
      inFlight.push(producer.send({ topic, acks: -1, messages }));
      if (inFlight.length >= 4) await inFlight.shift();
    }
    await Promise.all(inFlight);
  } finally {
    await producer.disconnect();
  }
}

/**
 * Reads a topic back from the start with a read_committed consumer and checksums its values:
 * until `expected` records arrived and a little longer (so that duplicates show), or until
 * nothing arrived for `idleMs`.
 */
async function readBack(kafka: Kafka, topic: string, expected: number, idleMs = 15_000): Promise<Outcome> {
  const out = new Checksum();
  const consumer = kafka.consumer({ groupId: unique('weir-bench-readback'), readUncommitted: false, maxWaitTimeInMs: 100, maxBytesPerPartition: 4 << 20 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    let last = performance.now();
    await consumer.run({
      eachBatch: async ({ batch }) => {
        for (const m of batch.messages) out.add(hashValue(m.value!.toString('utf8')));
        last = performance.now();
      },
    });
    let reachedAt: number | undefined;
    for (;;) {
      await new Promise((r) => setTimeout(r, 50));
      const now = performance.now();
      if (out.count >= expected) reachedAt ??= now;
      if (reachedAt !== undefined && now - reachedAt > 500) break;
      if (now - last > idleMs) break;
    }
  } finally {
    await consumer.disconnect();
  }
  return { count: out.count, checksum: out.checksum };
}

/** The framework side: kafkaSource → map → kafkaSink in this thread, at parallelism 1. */
async function frameworkRun(brokers: string[], input: string, n: number, semantic: 'at-least-once' | 'exactly-once'): Promise<PhasedRun> {
  const admin = kafkaClient(brokers, 'weir-bench-b3-admin');
  const output = await createTopic(admin, 'weir-bench-b3-fw', OUTPUT_PARTITIONS);
  const dir = mkdtempSync(join(tmpdir(), 'weir-b3-'));
  return {
    async run() {
      const kafka = kafkaClient(brokers, 'weir-bench-b3');
      const env = new StreamEnvironment({ parallelism: 1 });
      env
        .fromSource('in', kafkaSource<string>({ kafka, topic: input, stoppingOffsets: 'latest' }))
        .map('map', mapValue)
        .sinkTo(
          'out',
          kafkaSink<string>({
            kafka,
            topic: output,
            semantic,
            serialize: (v) => v,
            batchSize: BATCH,
            ...(semantic === 'exactly-once' ? { transactionalIdPrefix: unique('weir-bench-b3') } : {}),
          }),
        );
      const job = executeInline(env, semantic === 'exactly-once' ? { checkpoints: { intervalMs: 1000, storage: { root: pathToFileURL(dir).href } } } : {});
      const result = await job.done;
      if (result.status !== 'FINISHED') throw new Error(`B3 ${semantic}: the job ended ${result.status}`);
    },
    verify: () => readBack(admin, output, n),
    async cleanup() {
      rmSync(dir, { recursive: true, force: true });
      await deleteTopic(admin, output);
    },
  };
}

/** The baseline: a kafkajs consumer's eachBatch, mapping and sending in batches, until the end offsets seen at the start. */
async function baselineRun(brokers: string[], input: string, n: number): Promise<PhasedRun> {
  const admin = kafkaClient(brokers, 'weir-bench-b3-admin');
  const output = await createTopic(admin, 'weir-bench-b3-bl', OUTPUT_PARTITIONS);
  return {
    async run() {
      const kafka = kafkaClient(brokers, 'weir-bench-b3-baseline');
      const ends = new Map((await withAdmin(kafka, (a) => a.fetchTopicOffsets(input))).map((p) => [p.partition, Number(p.high)]));
      const remaining = new Set([...ends].filter(([, high]) => high > 0).map(([p]) => p));
      const consumer = kafka.consumer({ groupId: unique('weir-bench-b3-baseline'), maxWaitTimeInMs: 100 });
      const producer = kafka.producer();
      await Promise.all([consumer.connect(), producer.connect()]);
      try {
        let done: () => void = () => undefined;
        const finished = new Promise<void>((r) => (done = r));
        if (remaining.size === 0) done();
        await consumer.subscribe({ topic: input, fromBeginning: true });
        await consumer.run({
          eachBatchAutoResolve: true,
          eachBatch: async ({ batch }) => {
            const high = ends.get(batch.partition) ?? 0;
            const values = [];
            for (const m of batch.messages) if (Number(m.offset) < high) values.push({ value: mapValue(m.value!.toString('utf8')) });
            for (let i = 0; i < values.length; i += BATCH) await producer.send({ topic: output, messages: values.slice(i, i + BATCH) });
            if (batch.messages.length > 0 && Number(batch.lastOffset()) >= high - 1) {
              remaining.delete(batch.partition);
              if (remaining.size === 0) done();
            }
          },
        });
        await finished;
      } finally {
        await Promise.all([consumer.disconnect(), producer.disconnect()]);
      }
    },
    verify: () => readBack(admin, output, n),
    cleanup: () => deleteTopic(admin, output),
  };
}

/** A prepared B3: its cases and the input topic to delete when they are done. */
export interface B3 {
  readonly cases: PhasedCase[];
  close(): Promise<void>;
}

/**
 * Ensures the broker runs (a missing one fails with the harness's ServiceUnavailableError),
 * pre-loads the input topic (untimed) and returns the two B3 cases over it.
 */
export async function b3Cases(options: B3Options): Promise<B3> {
  const brokers = await requireKafka();
  const kafka = kafkaClient(brokers, 'weir-bench-b3-setup');
  const input = await createTopic(kafka, 'weir-bench-b3-in', INPUT_PARTITIONS);
  const n = options.events;
  const started = performance.now();
  await preload(kafka, input, n);
  console.error(`bench: B3: pre-loaded ${n.toLocaleString('en-US')} records into ${input} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const kafkaCase = (semantic: 'at-least-once' | 'exactly-once'): PhasedCase => ({
    id: 'B3',
    name: `kafka-${semantic}`,
    events: n,
    framework: () => frameworkRun(brokers, input, n, semantic),
    baseline: () => baselineRun(brokers, input, n),
  });
  return {
    cases: [kafkaCase('at-least-once'), kafkaCase('exactly-once')],
    close: () => deleteTopic(kafka, input),
  };
}
