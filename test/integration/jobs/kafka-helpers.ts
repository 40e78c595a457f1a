/** Shared set-up of the Kafka connector tests: clients, unique topics, producing and reading back. */
import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, type KafkaMessage } from 'kafkajs';

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

export const runId = randomBytes(4).toString('hex');

export function testKafka(brokers: string[], clientId = 'weir-test'): Kafka {
  return new Kafka({ clientId, brokers, logLevel: logLevel.NOTHING, retry: { retries: 8, initialRetryTime: 100 } });
}

/** Creates a topic with a unique name (prefix + run id). */
export async function createTopic(kafka: Kafka, prefix: string, partitions: number): Promise<string> {
  const topic = `${prefix}-${runId}-${randomBytes(3).toString('hex')}`;
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }], waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
  return topic;
}

export async function deleteTopics(kafka: Kafka, topics: string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.deleteTopics({ topics });
  } finally {
    await admin.disconnect();
  }
}

/** Reads a topic from the start with the given isolation until `count` records arrived (or the timeout). */
export async function readAll(kafka: Kafka, topic: string, count: number, isolation: 'read_committed' | 'read_uncommitted' = 'read_committed', timeoutMs = 20_000): Promise<(KafkaMessage & { partition: number })[]> {
  const consumer = kafka.consumer({ groupId: `weir-test-reader-${randomBytes(6).toString('hex')}`, readUncommitted: isolation === 'read_uncommitted', maxWaitTimeInMs: 100 });
  const got: (KafkaMessage & { partition: number })[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    let done: () => void = () => undefined;
    const finished = new Promise<void>((r) => (done = r));
    await consumer.run({
      eachMessage: async ({ message, partition }) => {
        got.push({ ...message, partition });
        if (got.length >= count) done();
      },
    });
    await Promise.race([finished, new Promise((r) => setTimeout(r, timeoutMs))]);
    // A little longer, so that duplicates beyond `count` would show.
    await new Promise((r) => setTimeout(r, 300));
  } finally {
    await consumer.disconnect();
  }
  return got;
}
