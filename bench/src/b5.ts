/**
 * B5, the cost of checkpoints (docs/benchmarks.md): with ~100 MB of keyed state,
 * - `checkpoint-overhead`: throughput with a checkpoint every second vs none (same job, same
 *   run, alternating), as a ratio;
 * - `checkpoint-upload`: the time of a raw write of a checkpoint's bytes to the same storage,
 *   divided by the checkpoint's duration (1.0 = checkpoints cost no more than the upload);
 * - `recovery`: seconds from a worker's abrupt end (a slot crash) to output flowing again;
 * - `catch-up`: seconds from that crash until the output is back where it was at the crash.
 * Storage is a local directory (file://) by default.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { StreamEnvironment, type Sink } from '@weir/operators';
import { executeInline, executeModule } from '@weir/runtime';
import { median } from './harness.js';
import { stateJob, updates } from './b5-state-job.js';

/** Sizes of a B5 run. */
export interface B5Options {
  readonly records: number;
  readonly keys: number;
  readonly pairs: number;
}

interface Line {
  readonly id: 'B5';
  readonly case: string;
  readonly unit: string;
  readonly [k: string]: unknown;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function countingSink(into: { count: number; sum: number }): Sink<number> {
  return { name: 'count', createWriter: () => ({ write(n) { into.count++; into.sum = (into.sum + n) % 2 ** 32; } }) };
}

async function overheadRun(o: B5Options, root: string | undefined) {
  const out = { count: 0, sum: 0 };
  const env = new StreamEnvironment();
  stateJob(env, updates(o.records, o.keys, 0), countingSink(out));
  const started = performance.now();
  const job = executeInline(env, root === undefined ? {} : { checkpoints: { intervalMs: 1000, storage: { root } } });
  await job.done;
  const seconds = (performance.now() - started) / 1000;
  const history = job.checkpoints().history.filter((h) => h.status === 'COMPLETED');
  return { eventsPerSecond: o.records / seconds, out, history };
}

/** Runs B5 and returns its JSON lines. */
export async function runB5(o: B5Options): Promise<Line[]> {
  const dir = mkdtempSync(join(tmpdir(), 'weir-b5-'));
  const root = pathToFileURL(dir).href;
  const lines: Line[] = [];
  try {
    // checkpoint-overhead: A B A B … after a warm-up pair.
    await overheadRun({ ...o, records: Math.min(o.records, 200_000) }, undefined);
    const ratios: number[] = [];
    const withCk: number[] = [];
    const without: number[] = [];
    let equal = true;
    const durations: number[] = [];
    const sizes: number[] = [];
    for (let p = 0; p < o.pairs; p++) {
      const a = await overheadRun(o, root);
      const b = await overheadRun(o, undefined);
      equal &&= a.out.count === b.out.count && a.out.sum === b.out.sum;
      withCk.push(a.eventsPerSecond);
      without.push(b.eventsPerSecond);
      ratios.push(a.eventsPerSecond / b.eventsPerSecond);
      for (const h of a.history) {
        durations.push(h.durationMs!);
        sizes.push(h.stateSize);
      }
      console.error(`bench: B5 pair ${p + 1}: ${a.eventsPerSecond.toFixed(0)} vs ${b.eventsPerSecond.toFixed(0)} events/s, ${a.history.length} checkpoints`);
    }
    lines.push({
      id: 'B5',
      case: 'checkpoint-overhead',
      unit: 'events/s',
      framework: Math.round(median(withCk)),
      baseline: Math.round(median(without)),
      ratio: Number(median(ratios).toFixed(2)),
      min_ratio: Number(Math.min(...ratios).toFixed(2)),
      max_ratio: Number(Math.max(...ratios).toFixed(2)),
      pairs: o.pairs,
      outputs_equal: equal,
      state_bytes: Math.round(median(sizes.length > 0 ? sizes : [0])),
    });

    // checkpoint-upload: a raw write of the same number of bytes, against the checkpoint's duration.
    const bytes = Math.round(median(sizes.length > 0 ? sizes : [1]));
    const raw: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      writeFileSync(join(dir, `raw-${i}`), Buffer.alloc(bytes, 7));
      raw.push(performance.now() - t);
    }
    lines.push({ id: 'B5', case: 'checkpoint-upload', unit: 'ratio', value: Number((median(raw) / median(durations.length > 0 ? durations : [1])).toFixed(2)), checkpoint_ms: Math.round(median(durations.length > 0 ? durations : [0])), raw_ms: Math.round(median(raw)) });

    // recovery and catch-up: a paced job in worker threads; one slot's worker ends abruptly.
    const job = await executeModule(new URL('./b5-state-job.ts', import.meta.url), {
      parallelism: 2,
      // Far more records than the measurement needs (it is paced, and cancelled when done).
      args: { records: '1000000000', keys: String(o.keys), ratePerMs: '100' },
      checkpoints: { intervalMs: 1000, storage: { root } },
      restartStrategy: { kind: 'fixed-delay', attempts: 3, delayMs: 0 },
    });
    while (job.checkpoints().counts.completed < 1) await sleep(10);
    await sleep(300);
    const seen = job.results<number>('out');
    let maxBefore = -1;
    for (const n of seen) if (n > maxBefore) maxBefore = n;
    const killedAt = performance.now();
    await job.terminateSlot(0);
    while (job.restarts < 1) await sleep(1);
    const fromRestart = job.results('out').length;
    while (job.results('out').length <= fromRestart) await sleep(2);
    // Output flows again: the restored attempt delivered its first records.
    const recovery = (performance.now() - killedAt) / 1000;
    // Caught up: the restored attempt, replaying from its checkpoint, went past the newest
    // record delivered before the crash.
    let scanned = fromRestart;
    let caughtUp = false;
    while (!caughtUp && performance.now() - killedAt < 60_000) {
      const all = job.results<number>('out');
      for (; scanned < all.length; scanned++) if (all[scanned]! > maxBefore) caughtUp = true;
      if (!caughtUp) await sleep(2);
    }
    const catchUp = (performance.now() - killedAt) / 1000;
    await job.cancel();
    lines.push({ id: 'B5', case: 'recovery', unit: 's', value: Number(recovery.toFixed(2)) });
    lines.push({ id: 'B5', case: 'catch-up', unit: 's', value: Number(catchUp.toFixed(2)) });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return lines;
}
