/**
 * The job of the Kafka chaos tests: reads a pre-loaded topic whose values are keys (bounded
 * at the end offsets seen when a reader opens), keeps a running count per key and writes
 * `<key>:<count>` for every record through the exactly-once Kafka sink. Every output value
 * is unique, and the set of them does not depend on interleavings across partitions: key k
 * seen n times yields exactly `k:1` … `k:n`.
 * Args: `brokers` (comma-separated), `input`, `output`, `prefix` (transactional id prefix),
 * optional `pauseEvery` (sleep 1 ms every that many records per subtask; default none).
 */
import { Kafka, logLevel } from 'kafkajs';
import { defineJob } from '@weir/operators';
import { kafkaSink, kafkaSource } from '@weir/connectors/kafka';

/** A running count of one key. */
export interface KeyCount {
  readonly k: string;
  readonly c: number;
}

/** The input values of `records` records over `keys` keys: record i has key `k<i % keys>`. */
export const keyOf = (i: number, keys: number): string => `k${i % keys}`;

/** Every output value of an uninterrupted run over the input of {@link keyOf}, sorted. */
export function expectedCounts(records: number, keys: number): string[] {
  const out: string[] = [];
  for (let k = 0; k < keys; k++) {
    const n = Math.floor(records / keys) + (k < records % keys ? 1 : 0);
    for (let c = 1; c <= n; c++) out.push(`k${k}:${c}`);
  }
  return out.sort();
}

const pause = new Int32Array(new SharedArrayBuffer(4));

export default defineJob((env, args) => {
  const { brokers, input, output, prefix } = args;
  if (brokers === undefined || input === undefined || output === undefined || prefix === undefined) throw new RangeError('brokers, input, output and prefix are required');
  const pauseEvery = Number(args.pauseEvery ?? '0');
  const kafka = () => new Kafka({ clientId: 'weir-chaos-job', brokers: brokers.split(','), logLevel: logLevel.NOTHING, retry: { retries: 8, initialRetryTime: 100 } });
  let seen = 0;
  env
    .fromSource('in', kafkaSource<string>({ kafka, topic: input, stoppingOffsets: 'latest' }))
    .map('one', (k): KeyCount => {
      if (pauseEvery > 0 && ++seen % pauseEvery === 0) Atomics.wait(pause, 0, 0, 1);
      return { k, c: 1 };
    })
    .keyBy((r) => r.k)
    .reduce('running-count', (acc, r) => ({ k: r.k, c: acc.c + r.c }))
    .sinkTo('out', kafkaSink<KeyCount>({ kafka, topic: output, semantic: 'exactly-once', transactionalIdPrefix: prefix, serialize: (r) => `${r.k}:${r.c}`, key: (r) => r.k }));
});
