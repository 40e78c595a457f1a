import type { Kafka, KafkaMessage } from 'kafkajs';
import { WeirError } from '@weir/operators';

/** Where a reader starts in a partition it has no checkpointed offset for. */
export type StartingOffsets = 'earliest' | 'latest' | 'committed' | { readonly timestamp: number };

/** Options of {@link kafkaSource}. */
export interface KafkaSourceOptions<T> {
  /**
   * A kafkajs client, or a factory that builds one. Job modules run in worker threads, so a
   * factory that builds the client from plain settings is the usual form; it is called once
   * per reader, in the reader's thread. Never created here.
   */
  readonly kafka: Kafka | (() => Kafka);
  /** One topic, or several with `topics` (exactly one of the two). */
  readonly topic?: string;
  readonly topics?: readonly string[];
  /**
   * The consumer group whose committed offsets `startingOffsets: 'committed'` reads and to
   * which offsets are committed when a checkpoint completes (for monitoring only: positions
   * live in checkpoints). Readers never join this group.
   */
  readonly groupId?: string;
  /** Default 'earliest'. 'committed' needs `groupId` and falls back to earliest for partitions the group never committed. */
  readonly startingOffsets?: StartingOffsets;
  /** 'latest': read up to the end offsets seen when the reader opens, then end (bounded). Default: unbounded. */
  readonly stoppingOffsets?: 'latest';
  /** Turns a record into a value; a throw sends the record to `deadLetterTopic`. Default: the value as a UTF-8 string. */
  readonly deserialize?: (message: KafkaMessage) => T;
  /** Where records that fail to deserialize go (raw key, value and headers plus topic/partition/offset/reason headers). */
  readonly deadLetterTopic?: string;
  /** At most this many fetched records wait per reader; fetching pauses above it (default 10,000). */
  readonly maxBufferedRecords?: number;
  readonly name?: string;
}

/** Validated source options. */
export interface KafkaSourceConfig<T> {
  readonly kafka: () => Kafka;
  readonly topics: readonly string[];
  readonly groupId: string | undefined;
  readonly startingOffsets: StartingOffsets;
  readonly stoppingOffsets: 'latest' | undefined;
  readonly deserialize: (message: KafkaMessage) => T;
  readonly deadLetterTopic: string | undefined;
  readonly maxBufferedRecords: number;
  readonly name: string;
}

/** The message a sink sends: what `serialize`, `key` and `partition` made of a record. */
export interface KafkaSinkOptions<T> {
  /** A kafkajs client or a factory (see {@link KafkaSourceOptions.kafka}). */
  readonly kafka: Kafka | (() => Kafka);
  readonly topic: string;
  readonly semantic: 'at-least-once' | 'exactly-once';
  readonly serialize: (value: T) => string | Buffer;
  readonly key?: (value: T) => string | Buffer | null;
  /** The partition of a record; default: kafkajs' partitioner (by key). */
  readonly partition?: (value: T) => number;
  /**
   * Exactly-once only (required there): subtask s uses the transactional id `${prefix}-${s}`
   * and records committed epochs in the consumer group `${prefix}-${s}-epochs`. A prefix
   * belongs to one job (and its restarts); two jobs must never share one.
   */
  readonly transactionalIdPrefix?: string;
  /** Records per kafkajs send (default 1,000). */
  readonly batchSize?: number;
  readonly name?: string;
}

/** Validated sink options. */
export interface KafkaSinkConfig<T> {
  readonly kafka: () => Kafka;
  readonly topic: string;
  readonly semantic: 'at-least-once' | 'exactly-once';
  readonly serialize: (value: T) => string | Buffer;
  readonly key: ((value: T) => string | Buffer | null) | undefined;
  readonly partition: ((value: T) => number) | undefined;
  readonly transactionalIdPrefix: string;
  readonly batchSize: number;
  readonly name: string;
}

const TOPIC = /^[A-Za-z0-9._-]{1,249}$/;
const GROUP = /^[A-Za-z0-9._:-]{1,200}$/;

const failer =
  (what: string) =>
  (msg: string): never => {
    throw new WeirError('ERR_CONFIG_INVALID', `${what}: ${msg}`, { domain: 'user' });
  };

const factory = (kafka: Kafka | (() => Kafka), bad: (msg: string) => never): (() => Kafka) => {
  if (typeof kafka === 'function') return kafka;
  if (typeof kafka !== 'object' || kafka === null || typeof (kafka as Partial<Kafka>).consumer !== 'function') bad('kafka must be a kafkajs Kafka instance or a factory of one');
  return () => kafka;
};

const utf8 = <T>(message: KafkaMessage): T => (message.value === null ? null : message.value.toString('utf8')) as T;

/** Validates source options when the source is built; bad values fail with ERR_CONFIG_INVALID. */
export function kafkaSourceConfig<T>(o: KafkaSourceOptions<T>): KafkaSourceConfig<T> {
  const bad = failer('kafkaSource');
  if ((o.topic === undefined) === (o.topics === undefined)) bad('give exactly one of topic and topics');
  const topics = o.topics ?? [o.topic!];
  if (topics.length === 0 || !topics.every((t) => typeof t === 'string' && TOPIC.test(t))) bad(`invalid topic name in ${JSON.stringify(topics)}`);
  if (new Set(topics).size !== topics.length) bad('topics repeat');
  if (o.groupId !== undefined && !GROUP.test(o.groupId)) bad(`invalid groupId ${JSON.stringify(o.groupId)}`);
  const start = o.startingOffsets ?? 'earliest';
  if (typeof start === 'object') {
    if (start === null || !Number.isSafeInteger(start.timestamp) || start.timestamp < 0) bad('startingOffsets.timestamp must be a non-negative integer (ms)');
  } else if (start !== 'earliest' && start !== 'latest' && start !== 'committed') bad(`unknown startingOffsets ${String(start)}`);
  if (start === 'committed' && o.groupId === undefined) bad("startingOffsets 'committed' needs a groupId");
  if (o.stoppingOffsets !== undefined && o.stoppingOffsets !== 'latest') bad(`unknown stoppingOffsets ${String(o.stoppingOffsets)}`);
  if (o.deadLetterTopic !== undefined && (!TOPIC.test(o.deadLetterTopic) || topics.includes(o.deadLetterTopic))) {
    bad(`deadLetterTopic ${JSON.stringify(o.deadLetterTopic)} must be a valid topic other than the input`);
  }
  const maxBufferedRecords = o.maxBufferedRecords ?? 10_000;
  if (!Number.isSafeInteger(maxBufferedRecords) || maxBufferedRecords < 2) bad('maxBufferedRecords must be an integer ≥ 2');
  if (o.deserialize !== undefined && typeof o.deserialize !== 'function') bad('deserialize must be a function');
  return {
    kafka: factory(o.kafka, bad),
    topics,
    groupId: o.groupId,
    startingOffsets: start,
    stoppingOffsets: o.stoppingOffsets,
    deserialize: o.deserialize ?? utf8<T>,
    deadLetterTopic: o.deadLetterTopic,
    maxBufferedRecords,
    name: o.name ?? `kafka:${topics.join(',')}`,
  };
}

/** Validates sink options when the sink is built; bad values fail with ERR_CONFIG_INVALID. */
export function kafkaSinkConfig<T>(o: KafkaSinkOptions<T>): KafkaSinkConfig<T> {
  const bad = failer('kafkaSink');
  if (typeof o.topic !== 'string' || !TOPIC.test(o.topic)) bad(`invalid topic ${JSON.stringify(o.topic)}`);
  if (o.semantic !== 'at-least-once' && o.semantic !== 'exactly-once') bad(`semantic must be 'at-least-once' or 'exactly-once', got ${String(o.semantic)}`);
  if (typeof o.serialize !== 'function') bad('serialize must be a function');
  const prefix = o.transactionalIdPrefix ?? '';
  if (o.semantic === 'exactly-once' && !GROUP.test(prefix)) bad("semantic 'exactly-once' needs a transactionalIdPrefix of [A-Za-z0-9._:-]");
  const batchSize = o.batchSize ?? 1000;
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) bad('batchSize must be a positive integer');
  return {
    kafka: factory(o.kafka, bad),
    topic: o.topic,
    semantic: o.semantic,
    serialize: o.serialize,
    key: o.key,
    partition: o.partition,
    transactionalIdPrefix: prefix,
    batchSize,
    name: o.name ?? `kafka:${o.topic}`,
  };
}
