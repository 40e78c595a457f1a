/**
 * Exactly-once end to end against the real S3-compatible server: a keyed, windowed job over a
 * replayable source of 1M records writes through the two-phase-commit file sink while
 * checkpoints go to S3. Workers are killed mid-stream, and separately the whole mini-cluster
 * process is SIGKILLed and started again, five times each at random moments; the committed
 * output must equal that of an uninterrupted run: nothing lost, nothing duplicated.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import type { S3Client } from '@aws-sdk/client-s3';
import { executeModule } from '@weir/runtime';
import { createTestS3Client, repoRoot, requireS3, s3Settings } from '../harness/index.js';
import { committedLines, deletePrefix } from './s3-output.js';
import { expectedLines } from './jobs/sensor-windows-job.js';

const RECORDS = 1_000_000;
/**
 * Records per ms per subtask: 1M records then take about 12 s of processing, more than the
 * five kills below can let happen (at most 5 × 1.5 s), so no run finishes before its kill.
 */
const RATE_PER_MS = '40';
const jobModule = new URL('./jobs/sensor-windows-job.ts', import.meta.url);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const between = (lo: number, hi: number) => lo + Math.floor(Math.random() * (hi - lo));

describe('exactly-once recovery with checkpoints on S3 (real S3-compatible server)', () => {
  let s3: S3Client;
  const runPrefix = `exactly-once/${randomBytes(4).toString('hex')}`;
  const expected = expectedLines(RECORDS);

  before(async () => {
    await requireS3();
    s3 = createTestS3Client();
    process.env.AWS_ACCESS_KEY_ID = s3Settings.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = s3Settings.secretAccessKey;
  });
  after(async () => {
    await deletePrefix(s3, `${runPrefix}/`);
    s3.destroy();
  });

  it('kills a worker running subtasks five times at random moments and commits every window exactly once', async () => {
    const prefix = `${runPrefix}/worker-kills`;
    const job = await executeModule(jobModule, {
      parallelism: 2,
      args: { records: String(RECORDS), ratePerMs: RATE_PER_MS, bucket: s3Settings.bucket, prefix: `${prefix}/out`, endpoint: s3Settings.endpoint },
      checkpoints: {
        intervalMs: 200,
        storage: { root: `s3://${s3Settings.bucket}/${prefix}/checkpoints`, s3: { endpoint: s3Settings.endpoint, region: s3Settings.region } },
      },
      restartStrategy: { kind: 'fixed-delay', attempts: 10, delayMs: 100 },
    });
    for (let kill = 1; kill <= 5; kill++) {
      await sleep(between(300, 900));
      await job.terminateSlot(between(0, 2));
      const until = Date.now() + 30_000;
      while (job.restarts < kill && Date.now() < until) await sleep(20);
      assert.equal(job.restarts, kill, `the job restarted after kill ${kill}`);
    }
    const result = await job.done;
    assert.equal(result.status, 'FINISHED');
    assert.equal(job.exceptionHistory.length, 5);
    assert.ok(job.checkpoints().counts.completed >= 3, 'checkpoints completed between the kills');
    const lines = await committedLines(s3, `${prefix}/out`);
    assert.equal(lines.length, expected.length, 'as many committed window results as an uninterrupted run');
    assert.deepEqual(lines, expected);
  });

  it('SIGKILLs the whole mini-cluster process five times at random moments; restarted processes resume from the latest checkpoint', async () => {
    const prefix = `${runPrefix}/process-kills`;
    const jobId = randomBytes(16).toString('hex');
    const runOnce = (killAfterMs: number | undefined): Promise<'killed' | 'finished'> =>
      new Promise((resolve, reject) => {
        const child = spawn(
          process.execPath,
          ['--import', 'tsx', 'test/integration/jobs/run-sensor-job.ts', jobId, String(RECORDS), RATE_PER_MS, s3Settings.bucket, prefix, s3Settings.endpoint],
          { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'], env: process.env },
        );
        let finished = false;
        let timer: NodeJS.Timeout | undefined;
        createInterface({ input: child.stdout! }).on('line', (line) => {
          const msg = JSON.parse(line) as { event: string };
          if (msg.event === 'started' && killAfterMs !== undefined) timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
          if (msg.event === 'finished') finished = true;
        });
        child.on('exit', (code, signal) => {
          clearTimeout(timer);
          if (signal === 'SIGKILL') resolve('killed');
          else if (code === 0 && finished) resolve('finished');
          else reject(new Error(`the job process exited with ${code ?? signal}`));
        });
      });
    for (let kill = 1; kill <= 5; kill++) {
      const outcome = await runOnce(between(600, 1500));
      assert.equal(outcome, 'killed', `run ${kill} was killed before it finished`);
    }
    assert.equal(await runOnce(undefined), 'finished');
    const lines = await committedLines(s3, `${prefix}/out`);
    assert.equal(lines.length, expected.length, 'as many committed window results as an uninterrupted run');
    assert.deepEqual(lines, expected);
  });
});
