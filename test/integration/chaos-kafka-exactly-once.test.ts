/**
 * Chaos, Kafka → Kafka exactly-once, against the real broker: a pre-loaded 3-partition topic
 * → a running count per key (one output per record) → the exactly-once Kafka sink, in a
 * mini-cluster process with checkpoints on a file:// folder shared across runs. The whole
 * process is SIGKILLed five times, each at a random moment 0–1.5 s after the run's first
 * completed checkpoint (mid-stream), and started again with the same job id
 * and `restore: { pointer: 'latest' }`; the sixth run reads to the end (stoppingOffsets
 * 'latest'). A read_committed consumer must see exactly the output of an uninterrupted run,
 * each record once.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Kafka } from 'kafkajs';
import { requireKafka } from '../harness/index.js';
import { createTopic, deleteTopics, runId, testKafka } from './jobs/kafka-helpers.js';
import { between, duplicates, loadTopic, readCommittedValues, runJobProcess, type RunOutcome } from './jobs/chaos-helpers.js';
import { expectedCounts, keyOf } from './jobs/chaos-kafka-count-job.js';

/**
 * Records of the input topic. Measured on the 2-core test machine: loading about 11 s, the six
 * runs about 30 s, reading back about 4 s. Pacing: the job sleeps 1 ms every 50 records per
 * subtask (at most about 100,000 records/s in all); a killed run lives until its first
 * completed checkpoint (about 3–4 s of start-up and consumer joins, reading little) plus
 * 0–1.5 s, so five killed runs read well under 1M records and the sixth finishes the rest.
 */
const PAUSE_EVERY = '50';
const RECORDS = 1_000_000;
const KEYS = 1000;
const PARTITIONS = 3;

describe('chaos: Kafka → running counts → Kafka exactly-once through five process SIGKILLs (real Kafka broker)', () => {
  let kafka: Kafka;
  let brokers: string[];
  const topics: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'weir-chaos-kafka-'));

  before(async () => {
    brokers = await requireKafka();
    kafka = testKafka(brokers);
  });
  after(async () => {
    if (topics.length > 0) await deleteTopics(kafka, topics);
    rmSync(dir, { recursive: true, force: true });
  });

  // KNOWN FAILURE, kept as the failing case of an open bug (connectors issue): after a process
  // SIGKILL the exactly-once Kafka sink can commit an epoch twice (seen: a few hundred to a few
  // thousand of 1M values, in most runs). A restored writer learns which epochs are committed
  // from a consumer-group offset written in each epoch's transaction; kafkajs cannot ask the
  // broker for stable offsets (KIP-447), so right after the killed writer's last transaction is
  // completed the offset read may still be the previous one. Fencing the transactional id first
  // (now done) narrowed but did not close the race; the fix is to read the epoch marks with a
  // read_committed consumer from a marker topic, which the last stable offset makes reliable.
  // `todo` runs the test and reports its result without failing the suite.
  it('commits every running count exactly once', { todo: 'kafkaSink exactly-once can commit an epoch twice after a process SIGKILL' }, async () => {
    const input = await createTopic(kafka, 'weir-chaos-in', PARTITIONS);
    const output = await createTopic(kafka, 'weir-chaos-out', 2);
    topics.push(input, output);
    let t = Date.now();
    await loadTopic(kafka, input, RECORDS, (i) => keyOf(i, KEYS), (i) => (i % KEYS) % PARTITIONS);
    const loadMs = Date.now() - t;

    const jobId = randomBytes(16).toString('hex');
    const args = { brokers: brokers.join(','), input, output, prefix: `weir-chaos-${runId}-${randomBytes(3).toString('hex')}`, pauseEvery: PAUSE_EVERY };
    const root = pathToFileURL(dir).href;
    const runs: RunOutcome[] = [];
    t = Date.now();
    for (let kill = 1; kill <= 5; kill++) {
      const run = await runJobProcess('chaos-kafka-count-job.ts', jobId, root, args, between(0, 1500));
      runs.push(run);
      assert.equal(run.outcome, 'killed', `run ${kill} was killed before it finished`);
    }
    const last = await runJobProcess('chaos-kafka-count-job.ts', jobId, root, args, undefined);
    runs.push(last);
    assert.equal(last.outcome, 'finished');
    const jobMs = Date.now() - t;

    t = Date.now();
    const values = await readCommittedValues(kafka, output, RECORDS);
    const readMs = Date.now() - t;
    const summary = `${RECORDS} records; load ${loadMs} ms, six runs ${jobMs} ms (${runs.map((r) => `${r.outcome} after ${r.ms} ms, ${r.checkpoints} checkpoints, ${r.restarts} restarts`).join('; ')}), read back ${readMs} ms`;
    console.log(`chaos kafka exactly-once: ${summary}; ${values.length} committed, ${duplicates(values, Infinity).length} values more than once`);
    assert.deepEqual(duplicates(values), [], 'no record committed twice');
    assert.equal(values.length, RECORDS, 'as many committed records as input records');
    assert.deepEqual(values.sort(), expectedCounts(RECORDS, KEYS));
  });
});
