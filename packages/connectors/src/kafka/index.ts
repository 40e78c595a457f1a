/** Kafka (kafkajs 2.2.4): a partitioned source with checkpointed offsets and an at-least-once or exactly-once sink. */
export { kafkaSource } from './kafka-source.js';
export { kafkaSink } from './kafka-sink.js';
export type { KafkaSourceOptions, KafkaSinkOptions, StartingOffsets } from './config.js';
export type { KafkaSourceState, PartitionOffset } from './partition-ownership.js';
