/**
 * The job of the Kafka exactly-once test: reads a topic (bounded at the end offsets seen when
 * it starts), tags each record, and writes it through the exactly-once Kafka sink. A
 * throttle slows it down so that the test can kill workers mid-stream.
 * Args: `brokers` (comma-separated), `input`, `output`, `prefix` (transactional id prefix).
 */
import { Kafka, logLevel } from 'kafkajs';
import { defineJob } from '@weir/operators';
import { kafkaSink, kafkaSource } from '@weir/connectors/kafka';

const pause = new Int32Array(new SharedArrayBuffer(4));

export default defineJob((env, args) => {
  const { brokers, input, output, prefix } = args;
  if (brokers === undefined || input === undefined || output === undefined || prefix === undefined) throw new RangeError('brokers, input, output and prefix are required');
  const kafka = () => new Kafka({ clientId: 'weir-eos-job', brokers: brokers.split(','), logLevel: logLevel.NOTHING, retry: { retries: 8, initialRetryTime: 100 } });
  let seen = 0;
  env
    .fromSource('in', kafkaSource<string>({ kafka, topic: input, stoppingOffsets: 'latest', maxBufferedRecords: 500 }))
    .map('throttle', (v) => {
      if (++seen % 20 === 0) Atomics.wait(pause, 0, 0, 1);
      return v;
    })
    .sinkTo('out', kafkaSink<string>({ kafka, topic: output, semantic: 'exactly-once', transactionalIdPrefix: prefix, serialize: (v) => v, key: (v) => v }));
});
