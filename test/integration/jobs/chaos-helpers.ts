/** Shared pieces of the chaos tests: running a job process that gets SIGKILLed, loading and reading Kafka topics in bulk. */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { Kafka } from 'kafkajs';
import { repoRoot } from '../../harness/index.js';

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
export const between = (lo: number, hi: number): number => lo + Math.floor(Math.random() * (hi - lo));

/** What one run of the job process came to, and the last progress it reported. */
export interface RunOutcome {
  readonly outcome: 'killed' | 'finished';
  readonly checkpoints: number;
  /** Restarts inside the process (task failures the restart strategy recovered). */
  readonly restarts: number;
  readonly ms: number;
}

/**
 * Runs `chaos-run-job.ts` with a job module of this folder in a child process. With
 * `killAfterMs`, the process is SIGKILLed that long after the run's first completed
 * checkpoint (so that every killed run is mid-stream: sources read, sinks hold staged epochs
 * and commit transactions); a run that finishes first resolves 'finished'. Rejects on any
 * other exit.
 */
export function runJobProcess(moduleFile: string, jobId: string, checkpointRoot: string, args: Record<string, string>, killAfterMs: number | undefined, env: NodeJS.ProcessEnv = process.env): Promise<RunOutcome> {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/integration/jobs/chaos-run-job.ts', moduleFile, jobId, checkpointRoot, JSON.stringify(args)], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
      env,
    });
    let finished = false;
    let checkpoints = 0;
    let restarts = 0;
    let timer: NodeJS.Timeout | undefined;
    createInterface({ input: child.stdout! }).on('line', (line) => {
      let msg: { event?: string; checkpoints?: number; restarts?: number };
      try {
        msg = JSON.parse(line) as typeof msg;
      } catch {
        return; // not one of the runner's lines
      }
      if (typeof msg.checkpoints === 'number') checkpoints = msg.checkpoints;
      if (typeof msg.restarts === 'number') restarts = msg.restarts;
      if (checkpoints > 0 && killAfterMs !== undefined && timer === undefined) timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      if (msg.event === 'finished') finished = true;
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const ms = Date.now() - t0;
      if (signal === 'SIGKILL') resolve({ outcome: 'killed', checkpoints, restarts, ms });
      else if (code === 0 && finished) resolve({ outcome: 'finished', checkpoints, restarts, ms });
      else reject(new Error(`the job process exited with ${code ?? signal}`));
    });
  });
}

/**
 * Produces `records` records, value and key `valueOf(i)`, partition `partitionOf(i)`, in sends
 * of 10,000 with up to `inFlight` sends at once. Concurrent sends may land out of order within
 * a partition: pass 1 when the order in a partition must be i order.
 */
export async function loadTopic(kafka: Kafka, topic: string, records: number, valueOf: (i: number) => string, partitionOf: (i: number) => number, inFlightSends = 4): Promise<void> {
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  try {
    const CHUNK = 10_000;
    const inFlight: Promise<unknown>[] = [];
    for (let i = 0; i < records; i += CHUNK) {
      const messages = Array.from({ length: Math.min(CHUNK, records - i) }, (_, k) => ({ key: valueOf(i + k), value: valueOf(i + k), partition: partitionOf(i + k) }));
      inFlight.push(producer.send({ topic, acks: -1, messages }));
      if (inFlight.length >= inFlightSends) await inFlight.shift();
    }
    await Promise.all(inFlight);
  } finally {
    await producer.disconnect();
  }
}

/**
 * Reads a topic from the start with read_committed until `count` values arrived (or the
 * timeout), then a little longer so that anything beyond would show. Returns the values,
 * one per (partition, offset): a batch the client happened to fetch twice counts once.
 */
export async function readCommittedValues(kafka: Kafka, topic: string, count: number, timeoutMs = 60_000): Promise<string[]> {
  const consumer = kafka.consumer({ groupId: `weir-chaos-reader-${randomBytes(6).toString('hex')}`, readUncommitted: false, maxWaitTimeInMs: 100, maxBytes: 50 * 1024 * 1024 });
  const byOffset = new Map<string, string>();
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    let done: () => void = () => undefined;
    const finished = new Promise<void>((r) => (done = r));
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        for (const m of batch.messages) byOffset.set(`${batch.partition}@${m.offset}`, m.value!.toString());
        if (byOffset.size >= count) done();
      },
    });
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([finished, new Promise<void>((r) => (timer = setTimeout(r, timeoutMs)))]);
    clearTimeout(timer);
    await sleep(1000);
  } finally {
    await consumer.disconnect();
  }
  return [...byOffset.values()];
}

/** Values that occur more than once, with their counts (at most `limit`). */
export function duplicates(values: readonly string[], limit = 10): [string, number][] {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].filter(([, c]) => c > 1).slice(0, limit);
}
