/** PostgreSQL (pg-promise): an exactly-once upsert sink (epoch table) and a polling change source. */
export { postgresSink, EPOCH_TABLE } from './postgres-sink.js';
export { postgresSource } from './postgres-source.js';
export type { PostgresSinkOptions, PostgresSourceOptions, PostgresDatabase, PostgresLoadMethod } from './config.js';
