/**
 * The benchmark harness of docs/benchmarks.md: framework and baseline runs alternate (A B A B
 * …) after a warm-up, throughputs and their ratio are reported as medians with the min–max
 * spread of the ratio, and a ratio counts only when both sides produced the same output.
 *
 * @module
 */

import { performance } from 'node:perf_hooks';
import type { Outcome } from './checksum-sink.js';

/** One measured case: a framework run and a baseline run that do the same work. */
export interface BenchCase {
  /** The benchmark id, e.g. `B1`. */
  readonly id: string;
  /** The case name, e.g. `q1`. */
  readonly name: string;
  /** Events each run processes: throughput is `events / seconds`. */
  readonly events: number;
  /** Runs the job on the framework; resolves with its output's count and checksum. */
  framework(): Promise<Outcome>;
  /** Does the same computation by hand. */
  baseline(): Outcome | Promise<Outcome>;
}

/** How many runs to make. */
export interface HarnessOptions {
  /** Pairs (framework, baseline) measured after the warm-up; docs/benchmarks.md asks for at least 5. */
  readonly pairs: number;
  /** Unmeasured pairs run first, so that both sides are compiled and warm. */
  readonly warmups: number;
}

/** A case's figures: the JSON line of docs/benchmarks.md plus what the table shows besides. */
export interface CaseResult {
  readonly id: string;
  readonly case: string;
  readonly unit: 'events/s';
  /** Median framework throughput. */
  readonly framework: number;
  /** Median baseline throughput. */
  readonly baseline: number;
  /** Median over pairs of framework / baseline throughput. */
  readonly ratio: number;
  readonly minRatio: number;
  readonly maxRatio: number;
  readonly pairs: number;
  /** Every run, warm-ups included, produced the count and checksum of the first baseline run. */
  readonly outputsEqual: boolean;
  /** Events per CPU-second (user + system) of the framework runs, median. */
  readonly frameworkEventsPerCpuSecond: number;
  /** Largest resident set size sampled during framework runs, in bytes. */
  readonly peakRssBytes: number;
  /** The output of the first baseline run. */
  readonly outcome: Outcome;
}

/** The median of a non-empty list (mean of the middle two for an even length). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const sameOutcome = (a: Outcome, b: Outcome): boolean => a.count === b.count && a.checksum === b.checksum;

/**
 * Measures one case: `warmups` unmeasured pairs, then `pairs` measured ones, each a framework
 * run followed by a baseline run, so that drift of a shared machine hits both sides alike.
 * A plain case is a phased one with nothing to prepare, verify or clean up.
 */
export function measureCase(c: BenchCase, options: HarnessOptions): Promise<CaseResult> {
  const phase = (side: () => Outcome | Promise<Outcome>) => async (): Promise<PhasedRun> => {
    let outcome: Outcome | undefined;
    return {
      run: async () => {
        outcome = await side();
      },
      verify: async () => outcome!,
      cleanup: async () => {},
    };
  };
  return measurePhased({ id: c.id, name: c.name, events: c.events, framework: phase(() => c.framework()), baseline: phase(() => c.baseline()) }, options);
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

/**
 * The JSON line of a case, exactly as docs/benchmarks.md shows it (same fields, same order):
 * `{"id","case","unit","framework","baseline","ratio","min_ratio","max_ratio","pairs","outputs_equal"}`.
 */
export function jsonLine(r: CaseResult): string {
  return JSON.stringify({
    id: r.id,
    case: r.case,
    unit: r.unit,
    framework: Math.round(r.framework),
    baseline: Math.round(r.baseline),
    ratio: round2(r.ratio),
    min_ratio: round2(r.minRatio),
    max_ratio: round2(r.maxRatio),
    pairs: r.pairs,
    outputs_equal: r.outputsEqual,
  });
}

/**
 * The value lines of a case, in the second shape of docs/benchmarks.md (`{"id","case","unit","value"}`):
 * the framework's events per CPU-second (case `<case>-cpu`) and its peak RSS (case `<case>-rss`).
 */
export function valueLines(r: CaseResult): string[] {
  return [
    JSON.stringify({ id: r.id, case: `${r.case}-cpu`, unit: 'events/cpu-s', value: Math.round(r.frameworkEventsPerCpuSecond) }),
    JSON.stringify({ id: r.id, case: `${r.case}-rss`, unit: 'MB', value: Math.round(r.peakRssBytes / 1e5) / 10 }),
  ];
}

const thousands = (x: number): string => Math.round(x).toLocaleString('en-US');

/** A human-readable table of results. */
export function table(results: readonly CaseResult[]): string {
  const header = ['bench', 'case', 'framework ev/s', 'baseline ev/s', 'ratio', 'min–max', 'pairs', 'equal', 'fw ev/cpu-s', 'peak rss MB', 'rows'];
  const rows = results.map((r) => [
    r.id,
    r.case,
    thousands(r.framework),
    thousands(r.baseline),
    r.ratio.toFixed(2),
    `${r.minRatio.toFixed(2)}–${r.maxRatio.toFixed(2)}`,
    String(r.pairs),
    r.outputsEqual ? 'yes' : 'NO',
    thousands(r.frameworkEventsPerCpuSecond),
    (r.peakRssBytes / 1e6).toFixed(0),
    thousands(r.outcome.count),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]): string => cells.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** One prepared run of one side: `run` is timed, `verify` (reading the output back) and `cleanup` are not. */
export interface PhasedRun {
  run(): Promise<void>;
  verify(): Promise<Outcome>;
  cleanup(): Promise<void>;
}

/** A case whose runs need untimed preparation and verification (real services). */
export interface PhasedCase {
  readonly id: string;
  readonly name: string;
  readonly events: number;
  /** Prepares a framework run (untimed): fresh topics, tables, directories. */
  framework(): Promise<PhasedRun>;
  /** Prepares a baseline run (untimed). */
  baseline(): Promise<PhasedRun>;
}

interface PhasedTimed {
  readonly outcome: Outcome;
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly peakRss: number;
}

async function timedPhased(prepare: () => Promise<PhasedRun>): Promise<PhasedTimed> {
  const r = await prepare();
  try {
    let peakRss = process.memoryUsage.rss();
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 10);
    const cpu = process.cpuUsage();
    const start = performance.now();
    try {
      await r.run();
    } finally {
      clearInterval(sampler);
    }
    const seconds = (performance.now() - start) / 1000;
    const used = process.cpuUsage(cpu);
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    return { outcome: await r.verify(), seconds, cpuSeconds: (used.user + used.system) / 1e6, peakRss };
  } finally {
    await r.cleanup();
  }
}

/**
 * Measures a {@link PhasedCase}: warm-up pairs, then `pairs` measured pairs (framework run,
 * then baseline run), timing only each run's `run()`; outputs are compared with the first
 * baseline run's.
 */
export async function measurePhased(c: PhasedCase, options: HarnessOptions): Promise<CaseResult> {
  if (!(Number.isInteger(options.pairs) && options.pairs >= 1)) throw new RangeError(`pairs must be an integer >= 1, got ${options.pairs}`);
  let expected: Outcome | undefined;
  let equal = true;
  const check = (o: Outcome): void => {
    expected ??= o;
    if (!sameOutcome(o, expected)) equal = false;
  };
  const fwRates: number[] = [];
  const blRates: number[] = [];
  const ratios: number[] = [];
  const cpuRates: number[] = [];
  let peakRss = 0;
  for (let i = 0; i < options.warmups + options.pairs; i++) {
    const fw = await timedPhased(() => c.framework());
    const bl = await timedPhased(() => c.baseline());
    check(bl.outcome);
    check(fw.outcome);
    peakRss = Math.max(peakRss, fw.peakRss);
    const warm = i < options.warmups ? ' (warm-up)' : '';
    console.error(
      `bench: ${c.id} ${c.name} pair ${i + 1}${warm}: framework ${fw.seconds.toFixed(2)} s, baseline ${bl.seconds.toFixed(2)} s; ` +
        `outputs ${fw.outcome.count}/${fw.outcome.checksum} vs ${bl.outcome.count}/${bl.outcome.checksum}`,
    );
    if (warm !== '') continue;
    const fwRate = c.events / fw.seconds;
    const blRate = c.events / bl.seconds;
    fwRates.push(fwRate);
    blRates.push(blRate);
    ratios.push(fwRate / blRate);
    cpuRates.push(c.events / fw.cpuSeconds);
  }
  return {
    id: c.id,
    case: c.name,
    unit: 'events/s',
    framework: median(fwRates),
    baseline: median(blRates),
    ratio: median(ratios),
    minRatio: Math.min(...ratios),
    maxRatio: Math.max(...ratios),
    pairs: options.pairs,
    outputsEqual: equal,
    frameworkEventsPerCpuSecond: median(cpuRates),
    peakRssBytes: peakRss,
    outcome: expected!,
  };
}
