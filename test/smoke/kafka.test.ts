import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Kafka, logLevel, type Admin, type EachMessagePayload } from 'kafkajs';
import { requireKafka } from '../harness/index.js';

/** Reads every record a consumer sees within the group until `count` arrived or `ms` passed. */
async function consume(kafka: Kafka, topic: string, isolation: 'read_committed' | 'read_uncommitted', count: number, ms: number) {
  const consumer = kafka.consumer({
    groupId: `smoke-${randomBytes(4).toString('hex')}`,
    readUncommitted: isolation === 'read_uncommitted',
    maxWaitTimeInMs: 200,
  });
  const seen: { partition: number; key: string; value: string }[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    void consumer.run({
      eachMessage: async ({ partition, message }: EachMessagePayload) => {
        seen.push({ partition, key: message.key?.toString() ?? '', value: message.value?.toString() ?? '' });
        if (seen.length >= count) {
          clearTimeout(timer);
          resolve();
        }
      },
    });
  });
  await consumer.disconnect();
  return seen;
}

describe('Kafka smoke (real broker)', () => {
  let kafka: Kafka;
  let admin: Admin;
  const suffix = randomBytes(4).toString('hex');

  before(async () => {
    const brokers = await requireKafka();
    kafka = new Kafka({ clientId: 'weir-smoke', brokers, logLevel: logLevel.NOTHING });
    admin = kafka.admin();
    await admin.connect();
  });
  after(async () => {
    await admin?.disconnect();
  });

  it('produces to and consumes from every partition of a 3-partition topic', async () => {
    const topic = `smoke-partitions-${suffix}`;
    await admin.createTopics({ topics: [{ topic, numPartitions: 3, replicationFactor: 1 }], waitForLeaders: true });
    const meta = await admin.fetchTopicMetadata({ topics: [topic] });
    assert.equal(meta.topics[0]?.partitions.length, 3);

    const producer = kafka.producer();
    await producer.connect();
    const messages = Array.from({ length: 30 }, (_, i) => ({ key: `k${i}`, value: `v${i}`, partition: i % 3 }));
    await producer.send({ topic, messages });
    await producer.disconnect();

    const seen = await consume(kafka, topic, 'read_uncommitted', 30, 30_000);
    assert.equal(seen.length, 30);
    assert.deepEqual(new Set(seen.map((m) => m.partition)), new Set([0, 1, 2]));
    for (const m of seen) assert.equal(m.partition, Number(m.key.slice(1)) % 3, `record ${m.key} in its partition`);
    assert.deepEqual(seen.map((m) => m.value).sort(), messages.map((m) => m.value).sort());
  });

  it('shows a transaction to read_committed consumers only after commit, never after abort', async () => {
    const topic = `smoke-txn-${suffix}`;
    await admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 1 }], waitForLeaders: true });
    const producer = kafka.producer({ transactionalId: `smoke-txn-${suffix}`, idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();

    const aborted = await producer.transaction();
    await aborted.send({ topic, messages: [{ key: 'a', value: 'aborted-1' }, { key: 'a', value: 'aborted-2' }] });
    await aborted.abort();

    const open = await producer.transaction();
    await open.send({ topic, messages: [{ key: 'c', value: 'committed-1' }, { key: 'c', value: 'committed-2' }] });
    // While the transaction is open, a read_committed consumer must see nothing at all.
    const beforeCommit = await consume(kafka, topic, 'read_committed', 1, 3_000);
    assert.deepEqual(beforeCommit, []);
    await open.commit();
    await producer.disconnect();

    const committed = await consume(kafka, topic, 'read_committed', 2, 30_000);
    assert.deepEqual(committed.map((m) => m.value), ['committed-1', 'committed-2']);
    // A read_uncommitted consumer does see the aborted records: they were really written.
    const everything = await consume(kafka, topic, 'read_uncommitted', 4, 30_000);
    assert.deepEqual(everything.map((m) => m.value), ['aborted-1', 'aborted-2', 'committed-1', 'committed-2']);
  });
});
