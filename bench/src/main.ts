/**
 * `npm run bench [-- <ids…>] [--smoke] [--events N] [--pairs N]`: runs the benchmarks of
 * docs/benchmarks.md (all, or those named, e.g. `B1`), prints a table and one JSON line per
 * measured case on stdout (progress goes to stderr). `--smoke` makes a tiny run (few events,
 * one pair, no warm-up) that only checks the benchmarks still work; its figures mean nothing.
 * Exits non-zero when a benchmark fails or names an unknown id, never because of speed.
 */

import { parseArgs } from 'node:util';
import { b1Cases } from './b1.js';
import { b3Cases } from './b3.js';
import { b4Cases } from './b4.js';
import { runB5 } from './b5.js';
import { jsonLine, measureCase, measurePhased, table, valueLines, type BenchCase, type CaseResult, type HarnessOptions, type PhasedCase } from './harness.js';

/** Run sizes: a real run, and a smoke run. */
interface Sizes {
  readonly events: number;
  readonly harness: HarnessOptions;
}

/** Every benchmark by id: how it makes its cases for a run size. */
const BENCHMARKS: Readonly<Record<string, (sizes: Sizes) => BenchCase[]>> = {
  B1: ({ events }) => b1Cases({ events }),
};

/**
 * Benchmarks against real services (B3 Kafka, B4 PostgreSQL): each ensures its service runs
 * through the test harness (a missing one fails the run with the harness's
 * ServiceUnavailableError, never skips it), prepares its input untimed, and is closed after.
 */
const SERVICE_BENCHMARKS: Readonly<Record<string, { readonly events: number; readonly make: (events: number) => Promise<{ cases: PhasedCase[]; close(): Promise<void> }> }>> = {
  B3: { events: 2_000_000, make: (events) => b3Cases({ events }) },
  B4: { events: 1_000_000, make: (events) => b4Cases({ events }) },
};

const DEFAULT_EVENTS = 2_000_000;
const SMOKE_EVENTS = 2_000;
const DEFAULT_PAIRS = 5;

function positiveInteger(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`--${name} must be a positive integer, got '${raw}'`);
  return n;
}

async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { smoke: { type: 'boolean', default: false }, events: { type: 'string' }, pairs: { type: 'string' } },
  });
  const implemented = [...Object.keys(BENCHMARKS), ...Object.keys(SERVICE_BENCHMARKS), 'B5'].sort();
  const ids = positionals.length > 0 ? positionals.map((id) => id.toUpperCase()) : implemented;
  const unknown = ids.filter((id) => !implemented.includes(id));
  if (unknown.length > 0) {
    console.error(`bench: unknown benchmark ${unknown.join(', ')}; implemented: ${implemented.join(', ')}`);
    return 2;
  }
  const smoke = values.smoke;
  const sizes: Sizes = {
    events: positiveInteger('events', values.events, smoke ? SMOKE_EVENTS : DEFAULT_EVENTS),
    harness: { pairs: positiveInteger('pairs', values.pairs, smoke ? 1 : DEFAULT_PAIRS), warmups: smoke ? 0 : 1 },
  };
  const results: CaseResult[] = [];
  const extra: string[] = [];
  for (const id of ids) {
    if (id === 'B5') {
      // B5 measures checkpoints and recovery, not framework against a loop: its own runner.
      const b5 = await runB5({ records: smoke ? 20_000 : 20_000_000, keys: smoke ? 1_000 : 100_000, pairs: positiveInteger('pairs', values.pairs, smoke ? 1 : 3) });
      extra.push(...b5.map((l) => JSON.stringify(l)));
      continue;
    }
    const service = SERVICE_BENCHMARKS[id];
    if (service !== undefined) {
      const events = positiveInteger('events', values.events, smoke ? SMOKE_EVENTS : service.events);
      console.error(`bench: ${id}: preparing ${events.toLocaleString('en-US')} events`);
      let prepared;
      try {
        prepared = await service.make(events);
      } catch (err) {
        // A missing service (the harness's ServiceUnavailableError) fails the run, named.
        console.error(`bench: ${id} failed: ${err instanceof Error ? err.message : String(err)}`);
        return 1;
      }
      try {
        for (const c of prepared.cases) {
          const r = await measurePhased(c, sizes.harness);
          console.error(`bench: ${id} ${c.name}: ratio ${r.ratio.toFixed(2)} (${r.minRatio.toFixed(2)}–${r.maxRatio.toFixed(2)}), outputs ${r.outputsEqual ? 'equal' : 'DIFFER'}`);
          results.push(r);
        }
      } finally {
        await prepared.close();
      }
      continue;
    }
    console.error(`bench: ${id}: preparing ${sizes.events.toLocaleString('en-US')} events`);
    for (const c of BENCHMARKS[id]!(sizes)) {
      const r = await measureCase(c, sizes.harness);
      console.error(`bench: ${id} ${c.name}: ratio ${r.ratio.toFixed(2)} (${r.minRatio.toFixed(2)}–${r.maxRatio.toFixed(2)}), outputs ${r.outputsEqual ? 'equal' : 'DIFFER'}`);
      results.push(r);
    }
  }
  if (results.length > 0) {
    console.log(table(results));
    console.log('');
  }
  for (const r of results) console.log(jsonLine(r));
  for (const r of results) for (const line of valueLines(r)) console.log(line);
  for (const line of extra) console.log(line);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
